from rest_framework import serializers

from helpdesk.serializers import ModelCleanSerializer

from .classify import INTERACTION_TYPES
from .models import Department, Rule, Template


class RuleSerializer(serializers.ModelSerializer):
    """A playbook rule. ``conditions`` and ``actions`` are checked by the engine's validator."""

    class Meta:
        model = Rule
        fields = ["id", "name", "description", "order", "enabled", "conditions", "actions", "stop_processing",
                  "updated_at"]
        read_only_fields = ["id", "order", "updated_at"]


class RuleErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.CharField(), required=False,
                                   help_text="Field path (e.g. conditions.all[1].value) → what is wrong.")
    detail = serializers.CharField(required=False, help_text="The body could not be read (e.g. not JSON).")


class TemplateSerializer(ModelCleanSerializer):
    """A canned response; ``body`` may use the known {variables} only (checked as in the admin)."""

    interaction_types = serializers.ListField(child=serializers.ChoiceField(choices=INTERACTION_TYPES), required=False,
                                              max_length=len(INTERACTION_TYPES), help_text="Suggested for these types.")

    class Meta:
        model = Template
        fields = ["id", "key", "language", "title", "body", "interaction_types", "usage_count", "is_active"]
        read_only_fields = ["id", "usage_count"]


class DepartmentSerializer(ModelCleanSerializer):
    """Where conversations are escalated: its in-app queue and the e-mail that gets the context."""

    class Meta:
        model = Department
        fields = ["id", "key", "name", "email", "is_active"]
        read_only_fields = ["id"]
