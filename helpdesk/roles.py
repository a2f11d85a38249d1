"""Roles are Django groups. Each role includes the ones below it: admin > supervisor > agent."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

AGENT, SUPERVISOR, ADMIN = "agent", "supervisor", "admin"
ROLES = (AGENT, SUPERVISOR, ADMIN)
_RANK = {role: rank for rank, role in enumerate(ROLES)}


def role_of(user) -> str | None:
    """The highest role the user holds, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    cached = getattr(user, "_escucha_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    role = next((r for r in reversed(ROLES) if r in names), None)
    user._escucha_role = role
    return role


def has_role(user, role: str) -> bool:
    held = role_of(user)
    return held is not None and _RANK[held] >= _RANK[role]


def role_required(role: str):
    """View decorator: login required, then 403 unless the user holds ``role`` or higher."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class _RolePermission(BasePermission):
    role = AGENT

    def has_permission(self, request, view):
        return has_role(request.user, self.role)


class IsAgent(_RolePermission):
    role = AGENT


class IsSupervisor(_RolePermission):
    role = SUPERVISOR


class IsAdmin(_RolePermission):
    role = ADMIN


def roles_context(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "user_role": role,
        "is_supervisor": role in (SUPERVISOR, ADMIN),
        "is_admin": role == ADMIN,
    }
