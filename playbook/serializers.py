from rest_framework import serializers

from .models import Rule


class RuleSerializer(serializers.ModelSerializer):
    """A playbook rule. ``conditions`` and ``actions`` are checked by the engine's validator."""

    class Meta:
        model = Rule
        fields = ["id", "name", "description", "order", "enabled", "conditions", "actions", "stop_processing",
                  "updated_at"]
        read_only_fields = ["id", "order", "updated_at"]


class RuleErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.CharField(),
                                   help_text="Field path (e.g. conditions.all[1].value) → what is wrong.")
