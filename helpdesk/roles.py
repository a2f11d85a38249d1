"""Roles are Django groups. Each role includes the ones below it: admin > supervisor > agent."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

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
    names = {group.name for group in user.groups.all()}  # uses prefetch_related("groups") when there
    role = next((r for r in reversed(ROLES) if r in names), None)
    user._escucha_role = role
    return role


def has_role(user, role: str) -> bool:
    held = role_of(user)
    return held is not None and _RANK[held] >= _RANK[role]


@transaction.atomic
def change_role(user, role: str | None, *, by) -> None:
    """Give ``user`` exactly ``role`` (None: no role). The group changes are what the audit log records."""
    if user.pk == by.pk:
        raise ValidationError({"role": _("You cannot change your own role; ask another admin.")})
    if user.is_superuser:
        raise ValidationError({"role": _("A superuser is always an admin; change that in /admin/.")})
    if role is not None and role not in ROLES:
        raise ValidationError({"role": _("Must be one of %(roles)s, or null.") % {"roles": ", ".join(ROLES)}})
    held = [group for group in user.groups.filter(name__in=ROLES) if group.name != role]
    if held:
        user.groups.remove(*held)
    if role is not None and not user.groups.filter(name=role).exists():
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    user.__dict__.pop("_escucha_role", None)


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


class ReadsAndWrites(BasePermission):
    """Reads need the view's ``read_role``, writes its ``write_role`` (e.g. agents read templates, admins edit)."""

    def has_permission(self, request, view):
        return has_role(request.user, view.read_role if request.method in SAFE_METHODS else view.write_role)


def roles_context(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "user_role": role,
        "is_supervisor": role in (SUPERVISOR, ADMIN),
        "is_admin": role == ADMIN,
    }
