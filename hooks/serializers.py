from rest_framework import serializers

from helpdesk.serializers import ModelCleanSerializer

from .models import EVENTS, Delivery, Endpoint


class EndpointSerializer(ModelCleanSerializer):
    """A URL that receives signed events. Its signing secret is shown once, in the answer to its creation."""

    events = serializers.ListField(child=serializers.ChoiceField(choices=[name for name, _ in EVENTS]), required=False,
                                   max_length=len(EVENTS), help_text="Event names to send; empty means all.")
    # Not CharField(source="created_by.username", default=None): a PATCH would leave out a null creator.
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = Endpoint
        fields = ["id", "url", "events", "is_active", "created_by", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_created_by(self, endpoint) -> str | None:
        return endpoint.created_by.username if endpoint.created_by else None


class NewEndpointSerializer(EndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="Configure it at the receiver; it is not shown again.")

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]


class DeliverySerializer(serializers.ModelSerializer):
    """One event sent (or still being retried) to one endpoint."""

    class Meta:
        model = Delivery
        fields = ["id", "endpoint", "event", "payload", "state", "attempts", "response_status", "last_error",
                  "created_at", "delivered_at"]
        read_only_fields = fields
