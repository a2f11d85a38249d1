"""The conversation page: the customer's 360° view, every action through the browser's forms, delivery states."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inbox.models import Conversation, CustomerProfile, Event, Message
from playbook.models import Department, Escalation
from slas.models import Survey
from tests.factories import ChannelAccountFactory, ConversationFactory, CustomerFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(client):
    user = UserFactory(username="ana", role="agent")
    client.force_login(user)
    return user


def page(client, conversation) -> str:
    response = client.get(reverse("inbox:conversation", args=[conversation.pk]))
    assert response.status_code == 200
    return response.content.decode()


def post(client, name, conversation, data):
    return client.post(reverse(f"inbox:{name}", args=[conversation.pk]), data)


def test_customer_360_shows_other_networks_previous_conversations_tags_influence_and_past_csat(client, agent):
    profile = CustomerProfile.objects.create(display_name="Marta Quintero")
    on_x = CustomerFactory(network="x", handle="marta_q", name="Marta Q", followers=48_200, verified=True,
                           tags=["VIP"], profile=profile)
    on_instagram = CustomerFactory(network="instagram", handle="marta.quintero", profile=profile)
    current = ConversationFactory(account=ChannelAccountFactory(network="x"), customer=on_x, influence=72,
                                  tags=["sla-breached"])
    MessageFactory(conversation=current, text="Sin señal otra vez")
    earlier_x = ConversationFactory(account=current.account, customer=on_x, status="resolved",
                                    created_at=timezone.now() - timedelta(days=20))
    MessageFactory(conversation=earlier_x, text="La factura de marzo está mal")
    earlier_instagram = ConversationFactory(account=ChannelAccountFactory(network="instagram"), customer=on_instagram,
                                            status="closed", created_at=timezone.now() - timedelta(days=40))
    MessageFactory(conversation=earlier_instagram, text="Me encanta la nueva tarifa")
    Survey.objects.create(conversation=earlier_x, scale="csat", score=2, comment="Tardasteis mucho",
                          answered_at=timezone.now() - timedelta(days=19))
    ConversationFactory(customer=CustomerFactory(handle="someone_else"))

    body = page(client, current)
    customer = body[body.index('id="customer-title"'):body.index("</section>", body.index('id="customer-title"'))]
    assert "Marta Q" in customer and "@marta_q" in customer and "48.2k" in customer
    assert "@marta.quintero" in customer and "Instagram" in customer  # the same person on another network
    assert "VIP" in customer and "sla-breached" in customer
    assert 'value="72"' in customer and "72/100" in customer
    assert f"#{earlier_x.pk}" in customer and "La factura de marzo" in customer
    assert f"#{earlier_instagram.pk}" in customer and "Me encanta la nueva tarifa" in customer
    assert "Past CSAT" in customer and "2/5" in customer and "Tardasteis mucho" in customer
    assert "someone_else" not in body


def test_triage_trail_and_sla_clocks_are_on_the_page(client, agent):
    conversation = ConversationFactory(priority=1, triage_trail=[
        {"rule": "crisis", "text": "P1 — rule 'Possible crisis': crisis_risk is true → notify supervisors"}])
    MessageFactory(conversation=conversation)
    body = page(client, conversation)
    assert "Why this priority" in body and "rule &#x27;Possible crisis&#x27;: crisis_risk is true" in body


def test_escalating_with_a_note_hands_the_conversation_to_the_department(client, agent):
    Department.objects.update_or_create(key="legal", defaults={"name": "Legal", "is_active": True})
    conversation = MessageFactory(text="Os voy a denunciar").conversation
    response = post(client, "escalate", conversation, {"department": "legal", "note": "Amenaza con demandar"})
    assert response.status_code == 302
    escalation = Escalation.objects.get(conversation=conversation)
    assert escalation.department.key == "legal" and escalation.note == "Amenaza con demandar"
    assert "Os voy a denunciar" in escalation.context  # the whole context travels with it
    body = page(client, conversation)
    assert "Escalated." in body and "Legal" in body and "Amenaza con demandar" in body


def test_pending_resolve_and_reopen_through_the_page(client, agent):
    conversation = MessageFactory().conversation
    for status, shown in (("pending", "Back to open"), ("open", "Pending on customer"), ("resolved", "Reopen"),
                          ("open", "Resolve")):
        assert post(client, "status", conversation, {"status": status}).status_code == 302
        conversation.refresh_from_db()
        assert conversation.status == status
        assert shown in page(client, conversation)
    assert [e.kind for e in Event.objects.filter(conversation=conversation)] == [
        "pending", "reopened", "resolved", "reopened"]


def test_manual_priority_override_is_recorded_and_shown(client, agent):
    conversation = MessageFactory().conversation
    post(client, "priority", conversation, {"priority": "1"})
    conversation.refresh_from_db()
    assert (conversation.priority, conversation.priority_overridden) == (1, True)
    event = Event.objects.get(conversation=conversation, kind="priority_changed")
    assert event.actor == agent and event.data["manual"] is True
    body = page(client, conversation)
    assert "manual" in body and "Priority changed by hand" in body
    assert post(client, "priority", conversation, {"priority": "9"}).status_code == 400


def test_transfer_by_a_supervisor_and_an_agent_cannot_take_a_colleagues_conversation(client, agent):
    luis = UserFactory(username="luis", role="agent")
    conversation = ConversationFactory(assignee=luis)
    assert post(client, "assign", conversation, {"assignee": "me"}).status_code == 403
    assert Conversation.objects.get(pk=conversation.pk).assignee == luis

    client.force_login(UserFactory(username="sara", role="supervisor"))
    assert post(client, "assign", conversation, {"assignee": agent.pk}).status_code == 302
    conversation.refresh_from_db()
    assert conversation.assignee == agent
    event = Event.objects.get(conversation=conversation, kind="assigned")
    assert event.data == {"previous": "luis", "assignee": "ana"} and event.actor.username == "sara"


def test_note_mentions_are_linked_and_shown(client, agent):
    UserFactory(username="luis", role="agent")
    conversation = MessageFactory().conversation
    post(client, "note", conversation, {"text": "@luis ¿lo miras tú? <b>urgente</b>"})
    body = page(client, conversation)
    assert "@luis" in body and "&lt;b&gt;urgente&lt;/b&gt;" in body


@pytest.mark.parametrize("state, text", [
    ("queued", "Queued"), ("sending", "Sending"), ("sent", "View on X"), ("failed", "Retry"),
])
def test_each_reply_shows_its_delivery_state(client, agent, state, text):
    conversation = MessageFactory().conversation
    Message.objects.create(conversation=conversation, network="x", direction="out", author_user=agent, text="Hola",
                           delivery_state=state, external_id="1790" if state == "sent" else None,
                           external_url="https://x.com/Brand/status/1790" if state == "sent" else "",
                           last_error="Rate limited: retry after 15 min" if state == "failed" else "")
    body = page(client, conversation)
    assert f"delivery-{state}" in body and text in body
    if state == "sent":
        assert 'href="https://x.com/Brand/status/1790"' in body
    if state == "failed":
        assert "Rate limited: retry after 15 min" in body


def test_reply_counter_limits_follow_the_network(client, agent):
    for network, public, private in (("x", 280, 10000), ("facebook", 8000, 2000), ("instagram", 2200, 1000)):
        conversation = MessageFactory(conversation__account=ChannelAccountFactory(network=network)).conversation
        body = page(client, conversation)
        assert f'data-limit-public="{public}"' in body and f'data-limit-private="{private}"' in body


def test_sla_clocks_show_left_met_and_late(client, agent):
    from slas.models import SlaClock

    conversation = MessageFactory().conversation
    now = timezone.now()
    for metric, state, due, stopped in (("first_response", "breached", now - timedelta(hours=2), now - timedelta(hours=1)),
                                        ("next_response", "met", now - timedelta(minutes=5), now - timedelta(minutes=9)),
                                        ("resolution", "running", now + timedelta(hours=3), None)):
        SlaClock.objects.create(conversation=conversation, metric=metric, state=state, priority=3,
                                target=timedelta(hours=4), started_at=now - timedelta(hours=5), due_at=due,
                                stopped_at=stopped, breached_at=due if state == "breached" else None)
    body = page(client, conversation)
    sla = body[body.index("<h2>SLA</h2>"):]
    sla = sla[:sla.index("</section>")]
    assert "clock-late" in sla and "Late" in sla and "overdue" not in sla  # answered late: no longer ticking
    assert "clock-met" in sla and "clock-ok" in sla and "min left" in sla
    spanish = client.get(reverse("inbox:conversation", args=[conversation.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Fuera de plazo" in spanish
