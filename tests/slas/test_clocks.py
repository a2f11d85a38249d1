"""Clocks follow the conversation: start on inbound, stop on reply or resolve, pause while pending."""

from datetime import datetime, timedelta

import pytest
import time_machine

from inbox.models import Conversation, Message
from inbox.services import ingest_message
from slas import services
from slas.models import Metric, SlaClock, SlaPolicy
from tests.factories import inbound

from .conftest import UTC, WEDNESDAY_TEN

pytestmark = pytest.mark.django_db
State = SlaClock.State


def customer_writes(brand, at, **fields):
    with time_machine.travel(at, tick=False):
        return ingest_message(inbound(brand, created_at=at, **fields), enqueue_triage=False).message


def agent_replies(conversation, agent, at):
    with time_machine.travel(at, tick=False):
        reply = Message.objects.create(conversation=conversation, network=conversation.account.network,
                                       direction="out", author_user=agent, text="On it", created_at=at,
                                       delivery_state="queued")
        services.on_agent_reply(reply)
    return reply


def set_status(conversation, new, at):
    with time_machine.travel(at, tick=False):
        old = conversation.status
        Conversation.objects.filter(pk=conversation.pk).update(status=new)
        conversation.status = new
        services.on_status_change(conversation, old, new)


def clock(conversation, metric):
    return SlaClock.objects.filter(conversation=conversation, metric=metric).latest("pk")


def test_inbound_starts_first_response_and_resolution_clocks(brand):
    message = customer_writes(brand, WEDNESDAY_TEN)
    conversation = Conversation.objects.get(pk=message.conversation_id)
    first = clock(conversation, Metric.FIRST_RESPONSE)
    # Standard policy, P3: first response in 4 business hours, resolution in 24.
    assert first.state == State.RUNNING and first.due_at == WEDNESDAY_TEN + timedelta(hours=4)
    assert first.warn_at == WEDNESDAY_TEN + timedelta(hours=3)
    resolution = clock(conversation, Metric.RESOLUTION)
    # 24 h of Mon–Fri 09–18 (9 h a day) from Wed 10:00: 8 h Wed, 9 h Thu, 7 h Fri → Fri 16:00 Madrid.
    assert resolution.due_at == datetime(2026, 11, 20, 15, tzinfo=UTC)
    assert conversation.sla_due_at == first.due_at


def test_first_response_started_after_hours_waits_for_the_opening(brand):
    friday_night = datetime(2026, 11, 20, 21, tzinfo=UTC)  # 22:00 Madrid, closed until Monday 09:00
    conversation = customer_writes(brand, friday_night).conversation
    assert clock(conversation, Metric.FIRST_RESPONSE).due_at == datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_agent_reply_meets_the_first_response_and_moves_the_inbox_due_time(brand, agent):
    conversation = customer_writes(brand, WEDNESDAY_TEN).conversation
    agent_replies(conversation, agent, WEDNESDAY_TEN + timedelta(hours=1))
    first = clock(conversation, Metric.FIRST_RESPONSE)
    assert first.state == State.MET and first.stopped_at == WEDNESDAY_TEN + timedelta(hours=1)
    conversation.refresh_from_db()
    assert conversation.first_response_at == WEDNESDAY_TEN + timedelta(hours=1)
    assert conversation.sla_due_at == clock(conversation, Metric.RESOLUTION).due_at


def test_automatic_acknowledgement_does_not_stop_the_clock(brand):
    conversation = customer_writes(brand, WEDNESDAY_TEN).conversation
    ack = Message.objects.create(conversation=conversation, network="x", direction="out", text="We'll be back",
                                 delivery_state="queued", template_key="out_of_hours")
    services.on_agent_reply(ack)
    assert clock(conversation, Metric.FIRST_RESPONSE).state == State.RUNNING


def test_each_customer_message_after_a_reply_starts_a_next_response_clock(brand, agent):
    first = customer_writes(brand, WEDNESDAY_TEN)
    conversation = first.conversation
    agent_replies(conversation, agent, WEDNESDAY_TEN + timedelta(minutes=30))
    later = WEDNESDAY_TEN + timedelta(hours=2)
    customer_writes(brand, later, parent_external_id=first.external_id, author=None)
    next_clock = clock(conversation, Metric.NEXT_RESPONSE)
    assert next_clock.state == State.RUNNING and next_clock.due_at == later + timedelta(hours=4)
    # A second message before the answer does not start another one.
    customer_writes(brand, later + timedelta(minutes=5), parent_external_id=first.external_id)
    assert SlaClock.objects.filter(conversation=conversation, metric=Metric.NEXT_RESPONSE).count() == 1
    agent_replies(conversation, agent, later + timedelta(hours=1))
    assert clock(conversation, Metric.NEXT_RESPONSE).state == State.MET


def test_pending_pauses_and_the_customer_writing_resumes_with_the_time_left(brand, agent):
    message = customer_writes(brand, WEDNESDAY_TEN)
    conversation = message.conversation
    agent_replies(conversation, agent, WEDNESDAY_TEN + timedelta(minutes=10))
    set_status(conversation, Conversation.Status.PENDING, WEDNESDAY_TEN + timedelta(hours=2))
    resolution = clock(conversation, Metric.RESOLUTION)
    assert resolution.state == State.PAUSED and resolution.remaining == timedelta(hours=22)
    conversation.refresh_from_db()
    assert conversation.sla_due_at is None
    # The customer answers on Monday 23 Nov at 10:00 Madrid; 22 business hours: 8 Mon, 9 Tue, 5 Wed → Wed 14:00.
    monday = datetime(2026, 11, 23, 9, tzinfo=UTC)
    customer_writes(brand, monday, parent_external_id=message.external_id)
    resolution.refresh_from_db()
    assert resolution.state == State.RUNNING
    assert resolution.due_at == datetime(2026, 11, 25, 13, tzinfo=UTC)
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.OPEN


def test_resolve_stops_every_clock_and_reopening_starts_a_new_resolution_clock(brand, agent):
    conversation = customer_writes(brand, WEDNESDAY_TEN).conversation
    agent_replies(conversation, agent, WEDNESDAY_TEN + timedelta(minutes=10))
    set_status(conversation, Conversation.Status.RESOLVED, WEDNESDAY_TEN + timedelta(hours=1))
    assert set(SlaClock.objects.filter(conversation=conversation).values_list("state", flat=True)) == {State.MET}
    assert not SlaClock.objects.filter(conversation=conversation, stopped_at__isnull=True).exists()
    set_status(conversation, Conversation.Status.OPEN, WEDNESDAY_TEN + timedelta(hours=3))
    assert clock(conversation, Metric.RESOLUTION).state == State.RUNNING


def test_triage_to_p1_shortens_running_clocks(brand):
    conversation = customer_writes(brand, WEDNESDAY_TEN).conversation
    with time_machine.travel(WEDNESDAY_TEN + timedelta(minutes=10), tick=False):
        Conversation.objects.filter(pk=conversation.pk).update(priority=1, triaged_at=WEDNESDAY_TEN)
        services.on_triaged(conversation)
    assert clock(conversation, Metric.FIRST_RESPONSE).due_at == WEDNESDAY_TEN + timedelta(minutes=30)
    conversation.refresh_from_db()
    assert conversation.sla_due_at == WEDNESDAY_TEN + timedelta(minutes=30)


def test_triage_naming_the_crisis_policy_runs_clocks_around_the_clock(brand):
    friday_night = datetime(2026, 11, 20, 21, tzinfo=UTC)
    conversation = customer_writes(brand, friday_night).conversation
    with time_machine.travel(friday_night, tick=False):
        Conversation.objects.filter(pk=conversation.pk).update(priority=1, sla_policy_key="crisis")
        services.on_triaged(conversation)
    first = clock(conversation, Metric.FIRST_RESPONSE)
    assert first.policy.key == "crisis" and first.due_at == friday_night + timedelta(minutes=15)


def test_no_reply_expected_removes_the_response_clock(brand):
    conversation = customer_writes(brand, WEDNESDAY_TEN).conversation
    Conversation.objects.filter(pk=conversation.pk).update(expects_reply=False, triaged_at=WEDNESDAY_TEN)
    services.on_triaged(conversation)
    assert not SlaClock.objects.filter(conversation=conversation).exists()
    conversation.refresh_from_db()
    assert conversation.sla_due_at is None


def test_policy_for_network_beats_the_default(brand):
    instagram = SlaPolicy.objects.create(key="instagram", name="Instagram", network="x",
                                         targets=SlaPolicy.objects.get(key="standard").targets)
    conversation = customer_writes(brand, WEDNESDAY_TEN).conversation
    assert services.policy_for(conversation) == instagram


def test_service_hours_text_and_business_time_follow_the_default_calendar(brand):
    assert services.service_hours_text(brand, "es") == "lun–vie 09:00–18:00 (Europe/Madrid)"
    assert services.service_hours_text(brand, "en") == "Mon–Fri 09:00–18:00 (Europe/Madrid)"
    assert services.is_business_time(WEDNESDAY_TEN, brand)
    assert not services.is_business_time(datetime(2026, 12, 8, 10, tzinfo=UTC), brand)  # Immaculate Conception


def test_inbox_actions_drive_the_clocks_through_the_timeline(brand, agent):
    from inbox import actions

    message = customer_writes(brand, WEDNESDAY_TEN)
    conversation = message.conversation
    with time_machine.travel(WEDNESDAY_TEN + timedelta(minutes=20), tick=False):
        actions.send_reply(conversation, author=agent, text="Lo miramos ahora mismo")
    assert clock(conversation, Metric.FIRST_RESPONSE).state == State.MET
    with time_machine.travel(WEDNESDAY_TEN + timedelta(hours=1), tick=False):
        actions.set_status(conversation, status="pending", by=agent)
    assert clock(conversation, Metric.RESOLUTION).state == State.PAUSED
    with time_machine.travel(WEDNESDAY_TEN + timedelta(hours=2), tick=False):
        actions.set_status(conversation, status="open", by=agent)
    assert clock(conversation, Metric.RESOLUTION).state == State.RUNNING
    with time_machine.travel(WEDNESDAY_TEN + timedelta(hours=3), tick=False):
        actions.change_priority(conversation, priority=1, by=agent)
    # P1 resolution is 4 h; 1 h ran before the pause, 1 h after it.
    assert clock(conversation, Metric.RESOLUTION).due_at == WEDNESDAY_TEN + timedelta(hours=5)
    with time_machine.travel(WEDNESDAY_TEN + timedelta(hours=4), tick=False):
        actions.set_status(conversation, status="resolved", by=agent)
    assert not SlaClock.objects.filter(conversation=conversation, stopped_at__isnull=True).exists()
    conversation.refresh_from_db()
    assert conversation.sla_due_at is None


def test_clock_across_a_weekend_with_the_dst_change_and_a_brand_holiday_breaches_at_the_right_instant(brand, supervisor):
    from datetime import date

    from slas.calendar import business_time_between
    from slas.models import BusinessCalendar, Holiday

    # Friday 23 Oct 2026 17:00 CEST (15:00 UTC). P3 first response: 4 business hours. Friday gives one
    # (17–18 h); Saturday and Sunday are closed, and on Sunday Madrid goes back from CEST to CET;
    # Monday 26 Oct is the brand's own holiday; Tuesday 09:00 CET (08:00 UTC) + 3 h → 11:00 UTC.
    calendar = BusinessCalendar.objects.get(is_default=True)
    Holiday.objects.create(calendar=calendar, date=date(2026, 10, 26), name="Aniversario")
    friday = datetime(2026, 10, 23, 15, tzinfo=UTC)
    conversation = customer_writes(brand, friday).conversation
    first = clock(conversation, Metric.FIRST_RESPONSE)
    due = datetime(2026, 10, 27, 11, tzinfo=UTC)
    assert first.due_at == due
    assert first.warn_at == datetime(2026, 10, 27, 10, tzinfo=UTC)  # 75% of 4 h: Tuesday 11:00 CET
    assert business_time_between(friday, due, calendar.as_calendar()) == timedelta(hours=4)

    for moment, breached in ((due - timedelta(seconds=1), 0), (due, 1), (due + timedelta(minutes=5), 0)):
        with time_machine.travel(moment, tick=False):
            assert services.sweep().breached == breached
    first.refresh_from_db()
    assert first.state == State.BREACHED and first.breached_at == due


def test_pending_over_the_dst_weekend_keeps_only_the_open_time_left(brand, agent):
    # Written Friday 23 Oct 15:00 CEST and answered at once; the resolution clock (24 business hours) is
    # paused at 16:00 CEST with 23 h left, and resumed when the customer writes on Monday 26 Oct 10:00 CET
    # (09:00 UTC), after the clocks went back. 23 h: 8 Mon (10–18), 9 Tue, 6 Wed → Wed 15:00 CET = 14:00 UTC.
    friday = datetime(2026, 10, 23, 13, tzinfo=UTC)
    message = customer_writes(brand, friday)
    conversation = message.conversation
    agent_replies(conversation, agent, friday + timedelta(minutes=5))
    set_status(conversation, Conversation.Status.PENDING, friday + timedelta(hours=1))
    resolution = clock(conversation, Metric.RESOLUTION)
    assert resolution.state == State.PAUSED and resolution.remaining == timedelta(hours=23)
    with time_machine.travel(datetime(2026, 10, 25, 12, tzinfo=UTC), tick=False):
        assert services.sweep() == services.SweepResult(0, 0)  # paused clocks never fire
    customer_writes(brand, datetime(2026, 10, 26, 9, tzinfo=UTC), parent_external_id=message.external_id)
    resolution.refresh_from_db()
    assert resolution.state == State.RUNNING
    assert resolution.due_at == datetime(2026, 10, 28, 14, tzinfo=UTC)


def test_policy_for_network_and_type_beats_one_for_the_network_alone(brand):
    targets = SlaPolicy.objects.get(key="standard").targets
    SlaPolicy.objects.create(key="x-all", name="X", network="x", targets=targets)
    complaints = SlaPolicy.objects.create(key="x-complaints", name="X complaints", network="x",
                                          interaction_type="complaint", targets=targets)
    conversation = customer_writes(brand, WEDNESDAY_TEN).conversation
    assert services.policy_for(conversation).key == "x-all"
    conversation.interaction_type = "complaint"
    assert services.policy_for(conversation) == complaints
    conversation.sla_policy_key = "crisis"  # what the playbook names wins
    assert services.policy_for(conversation).key == "crisis"


@pytest.mark.parametrize("field, value, message", [
    ("targets", {"first_response": {"P1": 30}}, "targets"),
    ("targets", {m: {p: 0 for p in ("P1", "P2", "P3", "P4")} for m in ("first_response", "next_response", "resolution")},
     "positive number of minutes"),
    ("breach_actions", [{"type": "call_the_ceo"}], "type must be one of"),
    ("breach_actions", [{"type": "route_to_team"}], "needs team"),
])
def test_policy_with_bad_targets_or_actions_is_refused_with_the_reason(sla_defaults, field, value, message):
    from django.core.exceptions import ValidationError

    policy = SlaPolicy.objects.get(key="standard")
    setattr(policy, field, value)
    with pytest.raises(ValidationError, match=message):
        policy.full_clean()
