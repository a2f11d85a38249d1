"""What agents do to a conversation: assign, reply, note, change status or priority, escalate.

Each action is one transaction on a locked conversation row, records an ``Event`` on the timeline
(``inbox.signals.conversation_event`` tells the slas and webhook apps) and enqueues any
follow-up work only after commit. Bad input raises ``ActionError`` naming the field.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from helpdesk.queue import enqueue_on_commit
from helpdesk.roles import AGENT, SUPERVISOR, has_role

from .models import AgentStatus, Conversation, Event, Message, Note, Presence, Priority, Visibility

MAX_NOTE_LENGTH = 5_000
# Longest text each network takes, by visibility (X posts 280; Messenger 2,000; Instagram DMs 1,000).
REPLY_LIMITS = {
    ("x", "public"): 280, ("x", "private"): 10_000,
    ("facebook", "public"): 8_000, ("facebook", "private"): 2_000,
    ("instagram", "public"): 2_200, ("instagram", "private"): 1_000,
}
PRESENCE_TTL = timedelta(seconds=20)
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")


class ActionError(ValueError):
    """The action cannot be done as asked; ``field`` names the input at fault."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


class ReplyCollision(ActionError):
    """Another agent replied after this agent loaded the conversation; ``replies`` are those replies."""

    def __init__(self, replies: list[Message]):
        super().__init__("another agent replied since you opened this conversation", field="confirm")
        self.replies = replies


def reply_limit(network: str, visibility: str) -> int:
    return REPLY_LIMITS.get((network, visibility), 280)


def record_event(conversation: Conversation, kind: str, *, by=None, **data) -> Event:
    """Write a timeline entry (``inbox.signals`` tells listeners, inside the caller's transaction)."""
    return Event.objects.create(conversation=conversation, kind=kind, actor=by, data=data)


def _locked(conversation: Conversation) -> Conversation:
    return Conversation.objects.select_for_update().select_related("account", "customer").get(pk=conversation.pk)


def _save(conversation: Conversation, **fields) -> None:
    for name, value in fields.items():
        setattr(conversation, name, value)
    conversation.save(update_fields=[*fields, "updated_at"])


def assign(conversation: Conversation, *, assignee, by) -> Conversation:
    """Give the conversation to ``assignee`` (an active agent), or unassign it with ``None``."""
    if assignee is not None and not (assignee.is_active and has_role(assignee, AGENT)):
        raise ActionError(f"assignee: {assignee} is not an active agent", field="assignee")
    with transaction.atomic():
        conversation = _locked(conversation)
        previous = conversation.assignee
        if (by is not None and conversation.assignee_id not in (None, by.pk) and not has_role(by, SUPERVISOR)):
            raise PermissionDenied("Only supervisors can reassign a conversation another agent holds.")
        if previous == assignee:
            return conversation
        fields = {"assignee": assignee}
        if conversation.status == Conversation.Status.NEW and assignee is not None:
            fields["status"] = Conversation.Status.OPEN
        _save(conversation, **fields)
        record_event(conversation, "assigned", by=by,
                     previous=previous.get_username() if previous else None,
                     assignee=assignee.get_username() if assignee else None)
    return conversation


# Target status → the statuses it may be reached from.
TRANSITIONS = {
    Conversation.Status.OPEN: (Conversation.Status.NEW, Conversation.Status.PENDING,
                               Conversation.Status.RESOLVED, Conversation.Status.CLOSED),
    Conversation.Status.PENDING: (Conversation.Status.NEW, Conversation.Status.OPEN),
    Conversation.Status.RESOLVED: (Conversation.Status.NEW, Conversation.Status.OPEN, Conversation.Status.PENDING),
    Conversation.Status.CLOSED: tuple(Conversation.Status),
}
STATUS_EVENTS = {"open": "reopened", "pending": "pending", "resolved": "resolved", "closed": "closed"}


def set_status(conversation: Conversation, *, status: str, by) -> Conversation:
    """Set pending, resolve, reopen (``open``) or close, stamping ``resolved_at``."""
    if status not in TRANSITIONS:
        raise ActionError(f"status: must be one of {', '.join(TRANSITIONS)}", field="status")
    with transaction.atomic():
        conversation = _locked(conversation)
        previous = conversation.status
        if previous == status:
            return conversation
        if previous not in TRANSITIONS[status]:
            raise ActionError(f"status: a {previous} conversation cannot become {status}", field="status")
        fields = {"status": status}
        if status in (Conversation.Status.RESOLVED, Conversation.Status.CLOSED):
            fields["resolved_at"] = conversation.resolved_at or timezone.now()
        elif status == Conversation.Status.OPEN:
            fields["resolved_at"] = None
        _save(conversation, **fields)
        record_event(conversation, STATUS_EVENTS[status], by=by, previous=previous, status=status)
    return conversation


def change_priority(conversation: Conversation, *, priority: int, by) -> Conversation:
    """Set the priority by hand; re-triage will leave it alone (``priority_overridden``)."""
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        priority = 0
    if priority not in Priority.values:
        raise ActionError("priority: must be 1, 2, 3 or 4", field="priority")
    with transaction.atomic():
        conversation = _locked(conversation)
        previous = conversation.priority
        _save(conversation, priority=priority, priority_overridden=True)
        record_event(conversation, "priority_changed", by=by, previous=previous, priority=priority, manual=True)
    return conversation


def mentioned_users(text: str):
    """Active users named as @username in ``text``."""
    names = {name.rstrip(".") for name in MENTION.findall(text)}
    if not names:
        return get_user_model().objects.none()
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    return get_user_model().objects.filter(query, is_active=True)


def add_note(conversation: Conversation, *, author, text: str) -> Note:
    """Add an internal note; colleagues named with @username are recorded as mentioned."""
    text = (text or "").strip()
    if not text:
        raise ActionError("text: a note cannot be empty", field="text")
    if len(text) > MAX_NOTE_LENGTH:
        raise ActionError(f"text: at most {MAX_NOTE_LENGTH} characters", field="text")
    with transaction.atomic():
        conversation = _locked(conversation)
        note = Note.objects.create(conversation=conversation, author=author, text=text)
        mentioned = list(mentioned_users(text))
        note.mentions.set(mentioned)
        record_event(conversation, "note_added", by=author, note=note.pk,
                     mentions=sorted(u.get_username() for u in mentioned))
    return note


def send_reply(conversation: Conversation, *, author, text: str, visibility: str | None = None,
               template_key: str = "", seen_reply_id: int | None = None, confirmed: bool = False) -> Message:
    """Queue a reply to the customer on the conversation's network; delivery runs after commit.

    ``seen_reply_id`` is the newest outbound message the agent had on screen: if another agent's
    reply is newer, ``ReplyCollision`` is raised unless ``confirmed``.
    """
    visibility = visibility or conversation.visibility
    if visibility not in Visibility.values:
        raise ActionError("visibility: must be public or private", field="visibility")
    text = (text or "").strip()
    if not text:
        raise ActionError("text: a reply cannot be empty", field="text")
    network = conversation.account.network
    limit = reply_limit(network, visibility)
    if len(text) > limit:
        raise ActionError(f"text: {len(text)} characters, {network} {visibility} replies take at most {limit}",
                          field="text")
    with transaction.atomic():
        conversation = _locked(conversation)
        if seen_reply_id is not None and not confirmed:
            newer = list(conversation.messages.outbound().filter(pk__gt=seen_reply_id)
                         .exclude(author_user=author).select_related("author_user"))
            if newer:
                raise ReplyCollision(newer)
        last_inbound = conversation.messages.inbound().order_by("-created_at", "-id").first()
        reply = Message.objects.create(
            conversation=conversation, network=network, direction=Message.Direction.OUTBOUND,
            visibility=visibility, author_user=author, text=text, template_key=template_key[:64],
            parent_external_id=(last_inbound.external_id or "") if last_inbound else "",
            delivery_state=Message.Delivery.QUEUED,
        )
        fields = {"last_message_at": timezone.now()}
        if conversation.first_response_at is None:
            fields["first_response_at"] = reply.created_at
        if conversation.status == Conversation.Status.NEW:
            fields["status"] = Conversation.Status.OPEN
        if conversation.assignee_id is None:
            fields["assignee"] = author
        _save(conversation, **fields)
        record_event(conversation, "replied", by=author, message=reply.pk, visibility=visibility,
                     template=template_key or None)
        enqueue_delivery(reply)
    return reply


def retry_reply(message: Message, *, by) -> Message:
    """Queue a failed reply again."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.direction != Message.Direction.OUTBOUND or message.delivery_state != Message.Delivery.FAILED:
            raise ActionError("message: only a failed reply can be retried", field="message")
        message.delivery_state = Message.Delivery.QUEUED
        message.next_attempt_at = None
        message.save(update_fields=["delivery_state", "next_attempt_at"])
        record_event(message.conversation, "reply_retried", by=by, message=message.pk, error=message.last_error[:500])
        enqueue_delivery(message)
    return message


def delivery_task():
    """The channels app's delivery task, when it is installed (it owns the networks' wire formats)."""
    try:
        from integrations.tasks import deliver_reply
    except ImportError:
        return None
    return deliver_reply


def enqueue_delivery(message: Message) -> bool:
    task = delivery_task()
    if task is None:
        return False
    enqueue_on_commit(task, message.pk)
    return True


def escalate(conversation: Conversation, *, department: str, note: str, by):
    """Hand the conversation to a department of the playbook, with the agent's note."""
    from playbook.models import Department
    from playbook.services import escalate as playbook_escalate

    if not Department.objects.filter(key=department, is_active=True).exists():
        raise ActionError(f"department: no active department '{department}'", field="department")
    with transaction.atomic():
        conversation = _locked(conversation)
        return playbook_escalate(conversation, department_key=department,
                                 note=(note or "").strip()[:MAX_NOTE_LENGTH], actor=by)


# Availability and round-robin auto-assignment.

def set_availability(user, *, available: bool, capacity: int | None = None) -> AgentStatus:
    """An agent says whether they take new conversations (and optionally how many at once)."""
    status, _ = AgentStatus.objects.get_or_create(user=user)
    status.available = bool(available)
    if capacity is not None:
        if not 0 < int(capacity) <= 200:
            raise ActionError("capacity: between 1 and 200", field="capacity")
        status.capacity = int(capacity)
    status.save()
    if status.available:
        take_backlog(user, limit=status.capacity)
    return status


def take_backlog(user, *, limit: int) -> int:
    """When an agent comes back, hand out their teams' unassigned conversations, most urgent first."""
    waiting = (Conversation.objects.active().unassigned().filter(team__members=user).in_inbox_order()
               .values_list("pk", flat=True)[:limit])
    given = 0
    for pk in list(waiting):
        if auto_assign(Conversation(pk=pk)) is not None:
            given += 1
    return given


def auto_assign(conversation: Conversation):
    """Give an unassigned conversation to the next available agent of its team with room (round-robin).

    The agent who was assigned least recently goes first; agents at capacity are skipped. Returns the
    agent, or None when nobody is free (the conversation stays in the team's unassigned queue).
    """
    _active_load = (Conversation.objects.active().filter(assignee=OuterRef("user_id"))
                    .values("assignee").annotate(n=Count("id")).values("n"))
    with transaction.atomic():
        conversation = _locked(conversation)
        if conversation.assignee_id or conversation.team_id is None or not conversation.is_active:
            return None
        candidates = (
            AgentStatus.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(available=True, user__is_active=True, user__teams=conversation.team_id)
            .annotate(load=Coalesce(Subquery(_active_load), 0))
            .filter(load__lt=F("capacity"))
            .select_related("user")
            .order_by(F("last_assigned_at").asc(nulls_first=True), "user_id")
        )
        status = next((s for s in candidates if has_role(s.user, AGENT)), None)
        if status is None:
            return None
        status.last_assigned_at = timezone.now()
        status.save(update_fields=["last_assigned_at", "updated_at"])
        fields = {"assignee": status.user}
        if conversation.status == Conversation.Status.NEW:
            fields["status"] = Conversation.Status.OPEN
        _save(conversation, **fields)
        record_event(conversation, "assigned", by=None, previous=None, assignee=status.user.get_username(), auto=True)
    return status.user


# Presence: who else has this conversation open.

def mark_viewing(conversation: Conversation, *, user) -> None:
    """Record a heartbeat of ``user`` on the conversation (called every few seconds by the page)."""
    Presence.objects.update_or_create(conversation=conversation, user=user, defaults={"seen_at": timezone.now()})


def other_viewers(conversation: Conversation, *, user):
    """The other agents whose page for this conversation sent a heartbeat recently."""
    recent = Presence.objects.filter(conversation=conversation, seen_at__gte=timezone.now() - PRESENCE_TTL)
    return get_user_model().objects.filter(pk__in=recent.exclude(user=user).values("user")).order_by("username")
