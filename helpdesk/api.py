"""API endpoints of the project itself: the audit log, users and their roles."""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from .roles import ROLES, IsAdmin, change_role, role_of
from .serializers import as_api_errors


def not_found(request, exception):
    """404s under /api/ in JSON, as the schema says (e.g. /api/v1/templates/abc/ matches no route)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField(source="timestamp")
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    action = serializers.CharField(source="get_action_display")
    object_type = serializers.CharField(source="content_type.model")
    object_id = serializers.CharField(source="object_pk")
    object = serializers.CharField(source="object_repr")
    changes = serializers.JSONField(source="changes_dict", allow_null=True)
    remote_addr = serializers.CharField(allow_null=True)


class AuditLogView(generics.ListAPIView):
    """Who changed rules, templates, SLA policies, calendars, channels, users and roles, and when (admins)."""

    permission_classes = [IsAdmin]
    serializer_class = AuditEntrySerializer
    filter_backends = []
    queryset = LogEntry.objects.none()

    @extend_schema(parameters=[OpenApiParameter("object_type", str, description="e.g. rule, template, user")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
        if self.request.query_params.get("object_type"):
            entries = entries.filter(content_type__model=self.request.query_params["object_type"].lower())
        return entries


class UserSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=ROLES, allow_null=True, help_text="agent < supervisor < admin; null: none.")

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name", "email", "is_active", "role", "last_login",
                  "date_joined"]
        read_only_fields = [name for name in fields if name != "role"]

    def to_representation(self, user):
        return {**super().to_representation(user), "role": role_of(user) if user.is_active else None}


class UserRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ROLES, allow_null=True, help_text="agent < supervisor < admin; null: none.")


class UsersView(generics.ListAPIView):
    """Everyone who can log in, with their role (admins)."""

    permission_classes = [IsAdmin]
    queryset = get_user_model().objects.prefetch_related("groups").order_by("username")
    serializer_class = UserSerializer
    filterset_fields = ["is_active"]


class UserView(generics.RetrieveAPIView):
    """One user; PATCH ``{"role": …}`` changes their role, which the audit log records (admins)."""

    permission_classes = [IsAdmin]
    queryset = get_user_model().objects.prefetch_related("groups")
    serializer_class = UserSerializer

    @extend_schema(request=UserRoleSerializer, responses=UserSerializer)
    def patch(self, request, pk):
        user = self.get_object()
        data = UserRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            change_role(user, data.validated_data["role"], by=request.user)
        except DjangoValidationError as error:
            raise as_api_errors(error) from None
        return Response(UserSerializer(self.get_queryset().get(pk=user.pk)).data)
