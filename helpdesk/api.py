"""API endpoints of the project itself: the audit log."""

from auditlog.models import LogEntry
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from .roles import IsAdmin


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField(source="timestamp")
    actor = serializers.CharField(source="actor.username", default=None)
    action = serializers.CharField(source="get_action_display")
    object_type = serializers.CharField(source="content_type.model")
    object_id = serializers.CharField(source="object_pk")
    object = serializers.CharField(source="object_repr")
    changes = serializers.JSONField(source="changes_dict")
    remote_addr = serializers.CharField(allow_null=True)


class AuditLogView(APIView):
    """Who changed rules, templates, SLA policies, calendars, channels, users and roles, and when (admins)."""

    permission_classes = [IsAdmin]

    @extend_schema(parameters=[OpenApiParameter("object_type", str), OpenApiParameter("page", int)],
                   responses=AuditEntrySerializer(many=True))
    def get(self, request):
        entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
        if request.query_params.get("object_type"):
            entries = entries.filter(content_type__model=request.query_params["object_type"].lower())
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(AuditEntrySerializer(page, many=True).data)
