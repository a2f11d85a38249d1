"""Channel accounts, customers, conversations and their messages, notes and timeline."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .queries import ConversationQuerySet, MessageQuerySet, due_key


class Network(models.TextChoices):
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class ChannelAccount(models.Model):
    """A brand's account on one network. Credentials live in the environment, named by ``credentials_key``."""

    network = models.CharField(max_length=16, choices=Network.choices)
    external_id = models.CharField(max_length=64, help_text=_("User id on X, page id or Instagram user id on Meta."))
    handle = models.CharField(max_length=100, help_text=_("Handle (X) or page name, without @."))
    name = models.CharField(max_length=200, blank=True)
    credentials_key = models.CharField(
        max_length=64, blank=True,
        help_text=_("Prefix of the environment variables holding this account's tokens."),
    )
    is_active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_webhook_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    rate_limited_until = models.DateTimeField(null=True, blank=True)
    needs_reauth = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "external_id"], name="account_unique_per_network"),
        ]
        ordering = ["network", "handle"]

    def __str__(self):
        return f"{self.get_network_display()} @{self.handle}"


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CustomerProfile(models.Model):
    """One person across networks (the 360° view): several Customers may point to it."""

    display_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.display_name or f"Profile {self.pk}"


class Customer(models.Model):
    """A person on one network, identified by the network's user id."""

    network = models.CharField(max_length=16, choices=Network.choices)
    external_id = models.CharField(max_length=64)
    handle = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200, blank=True)
    followers = models.PositiveIntegerField(default=0)
    verified = models.BooleanField(default=False)
    language = models.CharField(max_length=8, blank=True)
    tags = models.JSONField(default=list, blank=True)
    profile = models.ForeignKey(CustomerProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers")
    first_seen_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "external_id"], name="customer_unique_per_network"),
        ]

    def __str__(self):
        return f"@{self.handle}" if self.handle else self.name or self.external_id


class Priority(models.IntegerChoices):
    P1 = 1, _("P1 urgent")
    P2 = 2, _("P2 high")
    P3 = 3, _("P3 normal")
    P4 = 4, _("P4 low")


class Conversation(models.Model):
    """The unit of work: one customer's thread (public or private) with one brand account."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        PENDING = "pending", _("Pending on customer")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING)

    account = models.ForeignKey(ChannelAccount, on_delete=models.PROTECT, related_name="conversations")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="conversations")
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.P3)
    priority_overridden = models.BooleanField(
        default=False, help_text=_("Set by an agent by hand; re-triage leaves it alone."),
    )
    interaction_type = models.CharField(max_length=32, blank=True)
    sentiment = models.CharField(max_length=10, blank=True)
    language = models.CharField(max_length=8, blank=True)
    crisis_risk = models.BooleanField(default=False)
    expects_reply = models.BooleanField(default=True)
    influence = models.PositiveSmallIntegerField(default=0, help_text=_("0–100, from reach and verification."))
    tags = models.JSONField(default=list, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_conversations",
    )
    sla_policy_key = models.CharField(max_length=64, blank=True)
    # The earliest due time of the conversation's running SLA clocks, kept by the slas app so the
    # inbox can sort and filter on one indexed column.
    sla_due_at = models.DateTimeField(null=True, blank=True)
    triage_trail = models.JSONField(default=list, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    last_message_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        indexes = [
            # The inbox: active conversations by priority, then the clock that is due first.
            # Same expressions as ConversationQuerySet.in_inbox_order(), so keyset pages seek into it.
            models.Index(
                F("priority"), due_key(), F("id"), name="conversation_inbox_order",
                condition=Q(status__in=["new", "open", "pending"]),
            ),
            models.Index(fields=["assignee", "status"], name="conversation_assignee_status"),
            models.Index(fields=["customer", "account", "visibility", "status"], name="conversation_thread_lookup"),
            models.Index(fields=["created_at"], name="conversation_created"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.customer} → {self.account}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class RawEvent(models.Model):
    """A delivery from a network or importer, stored before anything is done with it."""

    source = models.CharField(max_length=32)
    body = models.BinaryField()
    digest = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of source and body."))
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["received_at"], name="rawevent_unprocessed", condition=Q(processed_at__isnull=True)),
        ]


class Message(models.Model):
    """A message of a conversation: inbound from the customer or outbound from an agent."""

    class Direction(models.TextChoices):
        INBOUND = "in", _("Inbound")
        OUTBOUND = "out", _("Outbound")

    class Delivery(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    network = models.CharField(max_length=16, choices=Network.choices)
    external_id = models.CharField(max_length=128, null=True, blank=True)
    parent_external_id = models.CharField(max_length=128, blank=True)
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.INBOUND)
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="messages")
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_messages",
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When the network says it was written."))
    received_at = models.DateTimeField(default=timezone.now)
    raw = models.JSONField(default=dict, blank=True)
    raw_event = models.ForeignKey(RawEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")
    triaged_at = models.DateTimeField(null=True, blank=True)
    # Outbound delivery.
    delivery_state = models.CharField(max_length=8, choices=Delivery.choices, blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    external_url = models.URLField(blank=True)
    template_key = models.CharField(max_length=64, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "external_id"], name="message_unique_per_network",
                condition=Q(external_id__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="message_thread"),
            models.Index(fields=["received_at"], name="message_untriaged",
                         condition=Q(direction="in", triaged_at__isnull=True)),
            models.Index(fields=["delivery_state", "next_attempt_at"], name="message_delivery_due",
                         condition=Q(delivery_state__in=["queued", "sending"])),
        ]
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.direction} {self.network}:{self.external_id or self.pk}"


class Note(models.Model):
    """An internal note on a conversation, never sent to the customer."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="notes")
    text = models.TextField()
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="mentioned_in_notes", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class Event(models.Model):
    """The conversation's timeline: everything that happened to it, by whom."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"], name="event_timeline")]
        ordering = ["created_at", "id"]


class AgentStatus(models.Model):
    """Whether an agent takes new work, and how much: the input of round-robin auto-assignment."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_status")
    available = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=10, help_text=_("Most active conversations auto-assigned at once."))
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user} ({'available' if self.available else 'away'})"


class Presence(models.Model):
    """A heartbeat: this agent had this conversation open at ``seen_at`` (collision detection)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="presence_once_per_agent")]
        indexes = [models.Index(fields=["conversation", "seen_at"], name="presence_recent")]
