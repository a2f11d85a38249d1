import json

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from integrations.inbound import MAX_NAME_LENGTH, MAX_TEXT_LENGTH, NETWORKS, VISIBILITIES, Author, InboundMessage


class AuthorSerializer(serializers.Serializer):
    external_id = serializers.CharField(max_length=64)
    handle = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=MAX_NAME_LENGTH, required=False, allow_blank=True, default="")
    followers = serializers.IntegerField(min_value=0, max_value=2_000_000_000, required=False, default=0)
    verified = serializers.BooleanField(required=False, default=False)


class MentionSerializer(serializers.Serializer):
    """One normalised mention, the shape every source can send (DESIGN.md, public contract)."""

    network = serializers.ChoiceField(choices=NETWORKS)
    account = serializers.CharField(max_length=100, help_text="Brand account handle (X) or page / Instagram id.")
    external_id = serializers.CharField(max_length=128)
    parent_external_id = serializers.CharField(max_length=128, required=False, allow_null=True, allow_blank=True, default=None)
    visibility = serializers.ChoiceField(choices=VISIBILITIES, default="public")
    author = AuthorSerializer()
    text = serializers.CharField(max_length=MAX_TEXT_LENGTH, trim_whitespace=False)
    created_at = serializers.DateTimeField(required=False, default=None, allow_null=True)
    raw = serializers.JSONField(required=False, default=dict)

    def validate_raw(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("must be a JSON object")
        if len(json.dumps(value)) > 64_000:
            raise serializers.ValidationError("at most 64 kB")
        return value

    def to_inbound(self) -> InboundMessage:
        data = dict(self.validated_data)
        return InboundMessage(
            network=data["network"],
            account=data["account"],
            external_id=data["external_id"],
            parent_external_id=data["parent_external_id"] or None,
            visibility=data["visibility"],
            author=Author(**data["author"]),
            text=data["text"],
            created_at=data["created_at"] or timezone.now(),
            raw=data["raw"],
        )


def validate_mentions(payload) -> tuple[list[InboundMessage], list[dict]]:
    """Validate one mention or a list; returns the messages and a list of per-item errors."""
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        return [], [{"index": None, "errors": {"non_field_errors": ["the list is empty"]}}]
    if len(items) > settings.MAX_MENTIONS_PER_REQUEST:
        return [], [{"index": None, "errors": {"non_field_errors": [
            f"at most {settings.MAX_MENTIONS_PER_REQUEST} mentions per request, got {len(items)}"]}}]
    inbounds, errors = [], []
    for index, item in enumerate(items):
        serializer = MentionSerializer(data=item)
        if serializer.is_valid():
            inbounds.append(serializer.to_inbound())
        else:
            errors.append({"index": index, "errors": serializer.errors})
    return inbounds, errors


def parse_mentions_body(body: bytes) -> list[InboundMessage]:
    """Parser for raw events of source 'mentions' (the simulator and importers)."""
    inbounds, errors = validate_mentions(json.loads(body))
    if errors:
        raise ValueError(json.dumps(errors)[:2000])
    return inbounds


class MentionResultSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    message_id = serializers.IntegerField()
    conversation_id = serializers.IntegerField()
    created = serializers.BooleanField()


# Conversations, as the API shows them.

class AccountSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField()
    handle = serializers.CharField()


class CustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField()
    external_id = serializers.CharField()
    handle = serializers.CharField()
    name = serializers.CharField()
    followers = serializers.IntegerField()
    verified = serializers.BooleanField()
    tags = serializers.JSONField()


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    account = AccountSummarySerializer()
    customer = CustomerSerializer()
    visibility = serializers.CharField()
    status = serializers.CharField()
    priority = serializers.IntegerField()
    priority_overridden = serializers.BooleanField()
    interaction_type = serializers.CharField()
    sentiment = serializers.CharField()
    language = serializers.CharField()
    crisis_risk = serializers.BooleanField()
    influence = serializers.IntegerField()
    tags = serializers.JSONField()
    team = serializers.CharField(source="team.name", default=None, allow_null=True)
    assignee = serializers.CharField(source="assignee.username", default=None, allow_null=True)
    sla_policy = serializers.CharField(source="sla_policy_key")
    sla_due_at = serializers.DateTimeField(allow_null=True)
    triage_trail = serializers.JSONField()
    created_at = serializers.DateTimeField()
    last_message_at = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    last_text = serializers.CharField(default="", required=False)


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    direction = serializers.CharField()
    visibility = serializers.CharField()
    network = serializers.CharField()
    external_id = serializers.CharField(allow_null=True)
    parent_external_id = serializers.CharField()
    author = serializers.SerializerMethodField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    delivery_state = serializers.CharField()
    last_error = serializers.CharField()
    external_url = serializers.CharField()

    def get_author(self, message) -> str:
        if message.direction == "out":
            return message.author_user.get_username() if message.author_user else ""
        return message.customer.handle if message.customer else ""


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author = serializers.CharField(source="author.username", read_only=True, default=None, allow_null=True)
    text = serializers.CharField(max_length=5_000)
    created_at = serializers.DateTimeField(read_only=True)


class ConversationDetailSerializer(ConversationSerializer):
    messages = MessageSerializer(many=True, source="thread")
    notes = NoteSerializer(many=True, source="note_list")


class ReplyRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10_000, trim_whitespace=False)
    visibility = serializers.ChoiceField(choices=VISIBILITIES, required=False)
    template_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    seen_reply_id = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    confirmed = serializers.BooleanField(required=False, default=False)


class AssignRequestSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(allow_null=True, help_text="User id, or null to unassign.")


class StatusRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "pending", "resolved", "closed"])


class PriorityRequestSerializer(serializers.Serializer):
    priority = serializers.ChoiceField(choices=[1, 2, 3, 4])
