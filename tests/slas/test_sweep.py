"""The sweep: warnings and breaches fire once, escalation actions run, two sweepers never double-fire."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from inbox.models import Conversation, Event, Message, Team
from inbox.services import ingest_message
from slas import services
from slas.models import Metric, SlaClock, SlaPolicy, SupervisorAlert
from tests.factories import inbound

from .conftest import WEDNESDAY_TEN

State = SlaClock.State


def open_conversation(brand, at=WEDNESDAY_TEN):
    return ingest_message(inbound(brand, created_at=at), enqueue_triage=False).message.conversation


@pytest.mark.django_db
def test_breach_fires_once_and_runs_the_policy_actions(brand, supervisor):
    conversation = open_conversation(brand)
    first = SlaClock.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    after_due = first.due_at + timedelta(seconds=1)

    result = services.sweep(now=after_due)
    assert result.breached == 1
    first.refresh_from_db()
    assert first.state == State.BREACHED and first.breached_at == after_due and first.stopped_at is None
    conversation.refresh_from_db()
    assert conversation.priority == 2 and "sla-breached" in conversation.tags  # raise_priority + add_tag
    assert conversation.sla_due_at == first.due_at  # still open: breached conversations sort first
    alert = SupervisorAlert.objects.get(clock=first, kind="breach")
    assert "#%d" % conversation.pk in alert.title
    assert Event.objects.filter(conversation=conversation, kind="sla_breach").count() == 1

    assert services.sweep(now=after_due + timedelta(minutes=5)).breached == 0
    assert SupervisorAlert.objects.filter(kind="breach").count() == 1


@pytest.mark.django_db
def test_warning_fires_at_the_threshold_then_the_breach(brand, supervisor):
    conversation = open_conversation(brand)
    first = SlaClock.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    assert services.sweep(now=first.warn_at - timedelta(seconds=1)) == services.SweepResult(0, 0)
    assert services.sweep(now=first.warn_at).warned == 1
    assert services.sweep(now=first.warn_at + timedelta(minutes=1)).warned == 0
    assert SupervisorAlert.objects.filter(kind="warning", clock=first).count() == 1
    conversation.refresh_from_db()
    assert conversation.priority == 3  # the warning only notifies


@pytest.mark.django_db
def test_alert_email_goes_to_supervisors_once(brand, supervisor, agent):
    conversation = open_conversation(brand)
    first = SlaClock.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    services.sweep(now=first.due_at)
    alert = SupervisorAlert.objects.get(clock=first, kind="breach")
    assert services.email_alerts([alert.pk]) == 1
    assert services.email_alerts([alert.pk]) == 0
    assert [m.to for m in mail.outbox] == [["boss@example.com"]]
    assert "SLA breached" in mail.outbox[0].subject


@pytest.mark.django_db
def test_route_to_team_on_breach(brand, supervisor):
    Team.objects.create(name="Escalations")
    SlaPolicy.objects.filter(key="standard").update(breach_actions=[{"type": "route_to_team", "team": "Escalations"}])
    conversation = open_conversation(brand)
    services.sweep(now=WEDNESDAY_TEN + timedelta(hours=5))
    conversation.refresh_from_db()
    assert conversation.team.name == "Escalations"


@pytest.mark.django_db
def test_reply_the_hook_missed_is_caught_before_breaching(brand, agent):
    conversation = open_conversation(brand)
    Message.objects.create(conversation=conversation, network="x", direction="out", author_user=agent,
                           text="Hi!", created_at=WEDNESDAY_TEN + timedelta(minutes=20), delivery_state="sent")
    assert services.sweep(now=WEDNESDAY_TEN + timedelta(hours=5)).breached == 0
    first = SlaClock.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    assert first.state == State.MET and first.stopped_at == WEDNESDAY_TEN + timedelta(minutes=20)


@pytest.mark.django_db
def test_resolve_the_hook_missed_is_caught_before_breaching(brand):
    conversation = open_conversation(brand)
    Conversation.objects.filter(pk=conversation.pk).update(status="resolved", resolved_at=WEDNESDAY_TEN + timedelta(hours=1))
    assert services.sweep(now=WEDNESDAY_TEN + timedelta(days=5)).breached == 0
    assert not SlaClock.objects.filter(conversation=conversation, stopped_at__isnull=True).exists()


@pytest.mark.django_db
def test_late_reply_records_a_breach_without_escalating(brand, agent):
    conversation = open_conversation(brand)
    reply = Message.objects.create(conversation=conversation, network="x", direction="out", author_user=agent,
                                   text="Sorry for the wait", created_at=WEDNESDAY_TEN + timedelta(hours=6))
    services.on_agent_reply(reply)
    first = SlaClock.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    assert first.state == State.BREACHED and first.breached_at == first.due_at
    assert not SupervisorAlert.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweepers_fire_each_breach_once(brand, supervisor):
    conversations = [open_conversation(brand) for _ in range(60)]
    now = WEDNESDAY_TEN + timedelta(hours=5)
    start = threading.Barrier(2)
    results, errors = [], []

    def sweeper():
        try:
            start.wait()
            results.append(services.sweep(now=now, batch=1000))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sum(r.breached for r in results) == 60
    assert SupervisorAlert.objects.filter(kind="breach").count() == 60
    assert Event.objects.filter(kind="sla_breach").count() == 60
    assert not SlaClock.objects.filter(metric=Metric.FIRST_RESPONSE, state=State.RUNNING).exists()
    # Each conversation's priority was raised once, from P3 to P2 (a double firing would give P1).
    assert set(Conversation.objects.filter(pk__in=[c.pk for c in conversations]).values_list("priority", flat=True)) == {2}


@pytest.mark.django_db
@pytest.mark.parametrize("hooked", [False, True])
def test_a_sweep_costs_the_same_statements_for_3_or_12_breaches(brand, supervisor, hooked):
    from django.test.utils import CaptureQueriesContext

    from hooks.models import Delivery, Endpoint

    if hooked:
        Endpoint.objects.create(url="https://example.com/escucha", events=["sla.breached"])

    def statements(count, at):
        for _ in range(count):
            open_conversation(brand, at=at)
        with CaptureQueriesContext(connection) as captured:
            assert services.sweep(now=at + timedelta(hours=5)).breached == count
        return len(captured.captured_queries)

    few = statements(3, WEDNESDAY_TEN)
    many = statements(12, WEDNESDAY_TEN)  # the first three are breached already: only the new twelve are due
    assert few == many
    assert Delivery.objects.filter(event="sla.breached").count() == (15 if hooked else 0)
