"""Writes of the SLA app: clocks follow the conversation, the sweep warns and breaches, escalations run.

The inbox calls the hooks: ``on_inbound_message`` (customer wrote), ``on_agent_reply`` (an agent
answered, public or private), ``on_status_change`` (pending, resolved, reopened) and the playbook
calls ``on_triaged`` (priority or policy changed). Every hook keeps ``Conversation.sla_due_at`` in
step with the conversation's open clocks, so the inbox sorts on one indexed column.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from helpdesk.memo import batch_memo, memoised
from helpdesk.queue import enqueue_on_commit
from inbox.models import ChannelAccount, Conversation, Event, Message, Team

from .calendar import DAY_KEYS, Calendar, add_business_time, business_time_between, is_open
from .models import BusinessCalendar, Metric, SlaClock, SlaPolicy, SupervisorAlert, supervisors

log = logging.getLogger(__name__)
State = SlaClock.State
ALWAYS_OPEN = Calendar(always_open=True)
RESPONSE_METRICS = (Metric.FIRST_RESPONSE, Metric.NEXT_RESPONSE)
CLOSED_STATUSES = (Conversation.Status.RESOLVED, Conversation.Status.CLOSED)


# Calendars and policies.

def business_calendar_for(account: ChannelAccount | None) -> BusinessCalendar | None:
    """The account's calendar, else the default one (one query, plus one for its holidays)."""
    calendars = BusinessCalendar.objects.prefetch_related("holidays")
    if account is None:
        return calendars.filter(is_default=True).first()
    return (calendars.filter(Q(accounts=account) | Q(is_default=True)).distinct()
            .order_by("is_default", "pk").first())


def calendar_for(account: ChannelAccount | None) -> Calendar:
    def compute():
        stored = business_calendar_for(account)
        return stored.as_calendar() if stored else ALWAYS_OPEN

    return memoised(("sla-calendar", account.pk if account else None), compute)


def is_business_time(at: datetime, account: ChannelAccount | None = None) -> bool:
    """Whether the account's service is open at ``at`` (used by the playbook's out-of-hours rules)."""
    return is_open(at, calendar_for(account))


_DAY_NAMES = {"es": ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"], "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def service_hours_text(account: ChannelAccount | None, language: str = "es") -> str:
    """The account's hours in one line, e.g. "lun–vie 09:00–20:00, sáb 10:00–14:00 (Europe/Madrid)"."""
    stored = business_calendar_for(account)
    if stored is None or stored.always_open:
        return "24/7"
    return f"{weekly_hours_summary(stored.weekly_hours, language)} ({stored.time_zone})"


def weekly_hours_summary(weekly_hours: dict, language: str) -> str:
    names = _DAY_NAMES.get(language[:2], _DAY_NAMES["en"])
    spans = [(", ".join(f"{a}–{b}" for a, b in weekly_hours.get(key) or []), i) for i, key in enumerate(DAY_KEYS)]
    groups: list[list] = []
    for hours, index in spans:
        if not hours:
            continue
        if groups and groups[-1][0] == hours and groups[-1][2] == index - 1:
            groups[-1][2] = index
        else:
            groups.append([hours, index, index])
    return ", ".join(
        f"{names[first]}{'–' + names[last] if last != first else ''} {hours}" for hours, first, last in groups
    )


def policy_for(conversation: Conversation) -> SlaPolicy | None:
    """The policy the playbook named, else the most specific one for the network and type, else the default."""
    network = conversation.account.network if conversation.account_id else ""
    key = ("sla-policy", conversation.sla_policy_key, network, conversation.interaction_type)
    return memoised(key, lambda: _policy_for(conversation))


def _policy_for(conversation: Conversation) -> SlaPolicy | None:
    active = SlaPolicy.objects.filter(is_active=True)
    if conversation.sla_policy_key:
        named = active.filter(key=conversation.sla_policy_key).first()
        if named:
            return named
    network = conversation.account.network if conversation.account_id else ""
    candidates = active.filter(Q(network="") | Q(network=network)).filter(
        Q(interaction_type="") | Q(interaction_type=conversation.interaction_type))
    ranked = sorted(candidates, key=lambda p: (bool(p.network) + bool(p.interaction_type), p.is_default), reverse=True)
    best = ranked[0] if ranked else None
    if best and (best.network or best.interaction_type or best.is_default):
        return best
    return active.filter(is_default=True).first()


# Clock arithmetic.

def _calendar_of(clock: SlaClock, calendar: Calendar) -> Calendar:
    return calendar if clock.business_hours else ALWAYS_OPEN


def _warning_lead(clock: SlaClock) -> timedelta:
    """Open time between the warning and the due time."""
    threshold = clock.policy.warning_threshold if clock.policy else 75
    return clock.target * (100 - threshold) / 100


def _schedule(clock: SlaClock, calendar: Calendar, start: datetime, remaining: timedelta) -> None:
    """Set due and warning times for ``remaining`` open time from ``start``."""
    calendar = _calendar_of(clock, calendar)
    clock.due_at = add_business_time(start, max(remaining, timedelta(0)), calendar)
    if clock.warned_at is None:
        clock.warn_at = add_business_time(start, max(remaining - _warning_lead(clock), timedelta(0)), calendar)


def _remaining(clock: SlaClock, calendar: Calendar, now: datetime) -> timedelta:
    """Open time left on a running clock (negative when overdue)."""
    calendar = _calendar_of(clock, calendar)
    if clock.due_at >= now:
        return business_time_between(now, clock.due_at, calendar)
    return -business_time_between(clock.due_at, now, calendar)


def start_clock(conversation: Conversation, metric: str, at: datetime, *, policy: SlaPolicy | None,
                calendar: Calendar) -> SlaClock | None:
    """Start a clock unless one of the metric is already open; None without a policy."""
    if policy is None:
        return None
    clock = SlaClock(conversation=conversation, metric=metric, policy=policy, priority=conversation.priority,
                     business_hours=policy.business_hours_only, target=policy.target(metric, conversation.priority),
                     started_at=at)
    _schedule(clock, calendar, at, clock.target)
    try:
        with transaction.atomic():
            clock.save()
    except IntegrityError:  # an open clock of this metric exists (or the first response was clocked already)
        return None
    return clock


def _stop(clock: SlaClock, at: datetime) -> None:
    if clock.state == State.RUNNING:
        if at <= clock.due_at:
            clock.state = State.MET
        else:  # answered late, before the sweep noticed: a breach on the record, no escalation to run
            clock.state, clock.breached_at = State.BREACHED, clock.due_at
    elif clock.state == State.PAUSED:
        clock.state = State.MET
    clock.stopped_at = at
    clock.save(update_fields=["state", "breached_at", "stopped_at"])


def _pause(clock: SlaClock, calendar: Calendar, at: datetime) -> None:
    clock.remaining = max(_remaining(clock, calendar, at), timedelta(0))
    clock.state, clock.paused_at, clock.due_at, clock.warn_at = State.PAUSED, at, None, None
    clock.save(update_fields=["remaining", "state", "paused_at", "due_at", "warn_at"])


def _resume(clock: SlaClock, calendar: Calendar, at: datetime) -> None:
    _schedule(clock, calendar, at, clock.remaining or timedelta(0))
    clock.state, clock.remaining = State.RUNNING, None
    clock.save(update_fields=["state", "remaining", "due_at", "warn_at"])


def _open_clocks(conversation: Conversation, *metrics: str) -> list[SlaClock]:
    clocks = SlaClock.objects.select_for_update(of=("self",)).select_related("policy").filter(
        conversation=conversation, stopped_at__isnull=True)
    if metrics:
        clocks = clocks.filter(metric__in=metrics)
    return list(clocks.order_by("pk"))


def sync_due(conversation_id: int) -> None:
    """Copy the earliest due time of the open, unpaused clocks onto the conversation (None if none)."""
    earliest = (SlaClock.objects.filter(conversation=OuterRef("pk"), stopped_at__isnull=True,
                                        state__in=(State.RUNNING, State.BREACHED))
                .order_by("due_at").values("due_at")[:1])
    Conversation.objects.filter(pk=conversation_id).update(sla_due_at=Subquery(earliest))


def _lock(conversation: Conversation) -> Conversation:
    # Conversation first, then its clocks: the same order as the sweep, so the two never deadlock.
    return Conversation.objects.select_for_update(of=("self",)).select_related("account").get(pk=conversation.pk)


# Hooks the inbox and the playbook call.

def _new_clock(conversation: Conversation, metric: str, at: datetime, policy: SlaPolicy, calendar: Calendar) -> SlaClock:
    clock = SlaClock(conversation=conversation, metric=metric, policy=policy, priority=conversation.priority,
                     business_hours=policy.business_hours_only, target=policy.target(metric, conversation.priority),
                     started_at=at)
    _schedule(clock, calendar, at, clock.target)
    return clock


# The hooks run inside their caller's transaction (no savepoint: a failure fails the caller's write).

@transaction.atomic(savepoint=False)
def on_inbound_message(message: Message) -> None:
    """A customer wrote: resume paused clocks, start first/next response and resolution clocks as due."""
    if message.direction != Message.Direction.INBOUND:
        return
    now = timezone.now()
    at = min(message.created_at, now)
    if getattr(message.conversation, "just_opened", False):
        # Created by this transaction: nobody else can see it yet, and it has no clocks.
        conversation, clocks = message.conversation, []
    else:
        conversation = _lock(message.conversation)
        clocks = list(SlaClock.objects.select_for_update(of=("self",)).select_related("policy")
                      .filter(conversation=conversation)
                      .filter(Q(stopped_at__isnull=True) | Q(metric=Metric.FIRST_RESPONSE)).order_by("pk"))
    open_clocks = {clock.metric: clock for clock in clocks if clock.stopped_at is None}
    first = next((clock for clock in clocks if clock.metric == Metric.FIRST_RESPONSE), None)
    paused = [clock for clock in open_clocks.values() if clock.state == State.PAUSED]
    wanted = []
    if conversation.expects_reply or not conversation.triaged_at:
        if first is None and conversation.first_response_at is None:
            wanted.append(Metric.FIRST_RESPONSE)
        elif (first is None or first.stopped_at) and Metric.NEXT_RESPONSE not in open_clocks:
            wanted.append(Metric.NEXT_RESPONSE)
        if Metric.RESOLUTION not in open_clocks:
            wanted.append(Metric.RESOLUTION)
    if not paused and not wanted:
        return
    calendar = calendar_for(conversation.account)
    for clock in paused:
        _resume(clock, calendar, now)
    policy = policy_for(conversation) if wanted else None
    if policy is not None:
        # The conversation's row lock serialises clock creation, so the open clocks read above are current.
        SlaClock.objects.bulk_create([_new_clock(conversation, metric, at, policy, calendar) for metric in wanted])
    sync_due(conversation.pk)


@transaction.atomic(savepoint=False)
def on_agent_reply(message: Message) -> None:
    """An agent answered (public or private): the open response clocks stop."""
    if message.direction != Message.Direction.OUTBOUND or message.author_user_id is None:
        return  # automatic acknowledgements do not count as an answer
    conversation = _lock(message.conversation)
    at = min(message.created_at, timezone.now())
    for clock in _open_clocks(conversation, *RESPONSE_METRICS):
        _stop(clock, at)
    Conversation.objects.filter(pk=conversation.pk, first_response_at__isnull=True).update(first_response_at=at)
    sync_due(conversation.pk)


@transaction.atomic(savepoint=False)
def on_status_change(conversation: Conversation, old: str, new: str) -> None:
    """Pending pauses the clocks, resolved or closed stops them, leaving pending (or reopening) resumes."""
    if old == new:
        return
    conversation = _lock(conversation)
    now = timezone.now()
    calendar = calendar_for(conversation.account)
    clocks = _open_clocks(conversation)
    if new == Conversation.Status.PENDING:
        for clock in clocks:
            if clock.state == State.RUNNING:
                _pause(clock, calendar, now)
    elif new in CLOSED_STATUSES:
        for clock in clocks:
            _stop(clock, now)
    elif old == Conversation.Status.PENDING:
        for clock in clocks:
            if clock.state == State.PAUSED:
                _resume(clock, calendar, now)
    elif old in CLOSED_STATUSES and not any(c.metric == Metric.RESOLUTION for c in clocks):
        start_clock(conversation, Metric.RESOLUTION, now, policy=policy_for(conversation), calendar=calendar)
    sync_due(conversation.pk)


@transaction.atomic(savepoint=False)
def on_triaged(conversation: Conversation) -> None:
    """Triage set priority, type or policy: open clocks take the new targets; no reply expected, no response clock."""
    conversation = _lock(conversation)
    now = timezone.now()
    calendar = calendar_for(conversation.account)
    policy = policy_for(conversation)
    for clock in _open_clocks(conversation):
        if not conversation.expects_reply and clock.state != State.BREACHED:
            clock.delete()
            continue
        if policy is None or clock.state == State.BREACHED:
            continue
        target = policy.target(clock.metric, conversation.priority)
        if (clock.policy_id, clock.target, clock.business_hours) == (policy.pk, target, policy.business_hours_only):
            continue
        delta = target - clock.target
        left = (clock.remaining or timedelta(0)) if clock.state == State.PAUSED else _remaining(clock, calendar, now)
        clock.policy, clock.target, clock.priority = policy, target, conversation.priority
        clock.business_hours = policy.business_hours_only
        if clock.state == State.PAUSED:
            clock.remaining = max(left + delta, timedelta(0))
        else:
            _schedule(clock, calendar, now, left + delta)
        clock.save()
    sync_due(conversation.pk)


# The sweep.

@dataclass(frozen=True)
class SweepResult:
    warned: int
    breached: int


def sweep(*, now: datetime | None = None, batch: int = 1000) -> SweepResult:
    """Fire the breaches and warnings that are due, each exactly once, and run the policies' actions.

    Reads only running clocks through their partial indexes. Rows another sweeper holds are skipped
    (SKIP LOCKED); the locking read re-checks each row, so a clock is fired by one sweeper only.
    The work per batch is a fixed number of statements, whatever the number of clocks.
    """
    now = now or timezone.now()
    with batch_memo():  # calendars and webhook endpoints read once per sweep, not once per clock
        breached = _fire("breach", now, batch)
        warned = _fire("warning", now, batch)
    return SweepResult(warned=warned, breached=breached)


def _due(kind: str, now: datetime):
    if kind == "breach":
        return SlaClock.objects.filter(state=State.RUNNING, due_at__lte=now)
    return SlaClock.objects.filter(state=State.RUNNING, warned_at__isnull=True, warn_at__lte=now)


def _jit_off() -> None:
    # The planner overestimates the due rows and JIT-compiles a sub-millisecond query (7 ms instead of 0.8).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@transaction.atomic
def _fire(kind: str, now: datetime, batch: int) -> int:
    _jit_off()
    order = "due_at" if kind == "breach" else "warn_at"
    conversation_ids = list(_due(kind, now).order_by(order).values_list("conversation_id", flat=True)[:batch])
    if not conversation_ids:
        return 0
    # Conversations first, then clocks: the order the hooks lock in, so a sweep and a reply never deadlock.
    conversations = {c.pk: c for c in Conversation.objects.select_for_update(skip_locked=True, of=("self",))
                     .select_related("account", "customer").filter(pk__in=set(conversation_ids)).order_by("pk")}
    clocks = list(_due(kind, now).select_for_update(skip_locked=True, of=("self",)).select_related("policy")
                  .filter(conversation_id__in=list(conversations)).order_by("pk"))
    clocks = _unsettled(clocks, conversations, now)
    if not clocks:
        return 0
    ids = [clock.pk for clock in clocks]
    if kind == "breach":
        _due(kind, now).filter(pk__in=ids).update(state=State.BREACHED, breached_at=now)
    else:
        _due(kind, now).filter(pk__in=ids).update(warned_at=now)
    _escalate(clocks, conversations, kind, now)
    return len(clocks)


def _unsettled(clocks: list[SlaClock], conversations: dict, now: datetime) -> list[SlaClock]:
    """Catch up with replies, resolves and pendings the hooks did not see; return the clocks still to fire."""
    response_ids = {c.conversation_id for c in clocks if c.metric in RESPONSE_METRICS}
    replies: dict[int, list[datetime]] = {}
    if response_ids:
        earliest = min(c.started_at for c in clocks)
        for conversation_id, created_at in (
                Message.objects.filter(conversation_id__in=response_ids, direction=Message.Direction.OUTBOUND,
                                       author_user__isnull=False, created_at__gte=earliest)
                .order_by("created_at").values_list("conversation_id", "created_at")):
            replies.setdefault(conversation_id, []).append(created_at)
    remaining, settled = [], set()
    for clock in clocks:
        conversation = conversations[clock.conversation_id]
        reply = next((at for at in replies.get(clock.conversation_id, ()) if at >= clock.started_at), None)
        if conversation.status in CLOSED_STATUSES:
            _stop(clock, conversation.resolved_at or now)
        elif clock.metric in RESPONSE_METRICS and reply is not None:
            _stop(clock, reply)
        elif conversation.status == Conversation.Status.PENDING:
            _pause(clock, calendar_for(conversation.account), now)
        else:
            remaining.append(clock)
            continue
        settled.add(clock.conversation_id)
    sync_due_many(settled)
    return remaining


def sync_due_many(conversation_ids) -> None:
    if conversation_ids:
        earliest = (SlaClock.objects.filter(conversation=OuterRef("pk"), stopped_at__isnull=True,
                                            state__in=(State.RUNNING, State.BREACHED))
                    .order_by("due_at").values("due_at")[:1])
        Conversation.objects.filter(pk__in=list(conversation_ids)).update(sla_due_at=Subquery(earliest))


def _actions(clock: SlaClock, kind: str) -> list[dict]:
    if clock.policy is None:
        return []
    return list(clock.policy.breach_actions if kind == "breach" else clock.policy.warning_actions)


def _escalate(clocks: list[SlaClock], conversations: dict, kind: str, now: datetime) -> None:
    """Record each warning or breach on the timeline and run the policy's actions, in a few bulk statements."""
    from inbox.signals import conversation_events

    team_names = {a.get("team") for c in clocks for a in _actions(c, kind) if a.get("type") == "route_to_team"}
    teams = {team.name: team for team in Team.objects.filter(name__in=team_names)} if team_names else {}
    events, alerts, changed = [], [], {}
    for clock in clocks:
        conversation = conversations[clock.conversation_id]
        actions = _actions(clock, kind)
        events.append(Event(conversation=conversation, kind=f"sla_{kind}", created_at=now,
                            data={"metric": clock.metric, "clock": clock.pk,
                                  "due_at": clock.due_at.isoformat() if clock.due_at else None,
                                  "actions": [a.get("type") for a in actions]}))
        for action in actions:
            kind_of = action.get("type")
            if kind_of == "notify_supervisors":
                alerts.append(_alert(kind, conversation, clock, now))
            elif kind_of == "raise_priority" and conversation.priority > 1:
                conversation.priority -= 1
                changed[conversation.pk] = conversation
            elif kind_of == "route_to_team":
                team = teams.get(action.get("team"))
                if team and conversation.team_id != team.pk:
                    conversation.team = team
                    changed[conversation.pk] = conversation
            elif kind_of == "add_tag":
                tag = str(action.get("tag"))
                if tag not in (conversation.tags or []):
                    conversation.tags = list(conversation.tags or []) + [tag]
                    changed[conversation.pk] = conversation
    Event.objects.bulk_create(events)
    # bulk_create sends no post_save: tell the timeline's listeners ourselves, once for the whole batch.
    conversation_events.send(sender=Conversation, events=events)
    # One UPDATE per distinct outcome (a breach storm shares a few), cheaper than bulk_update's CASE per row.
    outcomes: dict[tuple, list[int]] = {}
    for conversation in changed.values():
        key = (conversation.priority, conversation.team_id, json.dumps(conversation.tags or []))
        outcomes.setdefault(key, []).append(conversation.pk)
    for (priority, team_id, tags), ids in outcomes.items():
        Conversation.objects.filter(pk__in=ids).update(priority=priority, team_id=team_id, tags=json.loads(tags),
                                                       updated_at=now)
    if alerts:
        # One alert per clock and kind: these clocks were claimed by this transaction alone.
        created = SupervisorAlert.objects.bulk_create(alerts)
        from .tasks import email_alerts

        enqueue_on_commit(email_alerts, [alert.pk for alert in created])
    if kind == "breach":
        sync_due_many({clock.conversation_id for clock in clocks})


def _alert(kind: str, conversation: Conversation, clock: SlaClock, now: datetime) -> SupervisorAlert:
    metric = Metric(clock.metric).label
    title = (f"SLA breached: {metric} on #{conversation.pk} (P{conversation.priority})" if kind == "breach"
             else f"SLA warning: {metric} on #{conversation.pk} due {timezone.localtime(clock.due_at):%H:%M}")
    return SupervisorAlert(kind=SupervisorAlert.Kind.BREACH if kind == "breach" else SupervisorAlert.Kind.WARNING,
                           conversation=conversation, clock=clock, account=conversation.account, title=title,
                           created_at=now, body=f"{conversation.account} — {conversation.customer}")


def email_alerts(alert_ids: list[int]) -> int:
    """E-mail supervisors one digest of the alerts not e-mailed yet; returns how many alerts it covered."""
    with transaction.atomic():
        alerts = list(SupervisorAlert.objects.select_for_update(skip_locked=True)
                      .filter(pk__in=alert_ids, emailed_at__isnull=True).order_by("pk"))
        SupervisorAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(emailed_at=timezone.now())
    recipients = sorted({u.email for u in supervisors() if u.email})
    if alerts and recipients:
        subject = alerts[0].title if len(alerts) == 1 else f"{len(alerts)} alerts: {alerts[0].title} …"
        body = "\n\n".join(f"{a.title}\n{a.body}".strip() for a in alerts)
        send_mail(f"[Escucha] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(alerts)
