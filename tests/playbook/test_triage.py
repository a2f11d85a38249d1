"""Triage of stored messages with the default playbook (installed by migration) on the real database."""

from datetime import datetime, timezone as dt_timezone

import pytest
import time_machine
from django.core import mail

from inbox.models import Conversation, Event, Message, Priority
from playbook.authoring import dry_run, move_rule, rollback, run_retriage, save_rule, set_enabled
from playbook.conditions import RuleValidationError
from playbook.engine import RuleSpec
from playbook.models import ConversationTriage, Escalation, RetriageRun, Rule, Template
from playbook.services import render_template, triage_message
from tests.factories import ChannelAccountFactory, ConversationFactory, CustomerFactory, MessageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_playbook")]

TUESDAY_NOON = datetime(2026, 11, 17, 11, 0, tzinfo=dt_timezone.utc)  # 12:00 in Madrid
SATURDAY_NIGHT = datetime(2026, 11, 21, 22, 0, tzinfo=dt_timezone.utc)


def message(text, *, followers=100, verified=False, visibility="public", at=TUESDAY_NOON, conversation=None):
    if conversation is None:
        account = ChannelAccountFactory(handle="MovilNova", name="MovilNova")
        customer = CustomerFactory(followers=followers, verified=verified, name="Lucía Pérez", handle="lucia_p")
        conversation = ConversationFactory(account=account, customer=customer, visibility=visibility)
    return MessageFactory(conversation=conversation, text=text, visibility=visibility, created_at=at)


def test_crisis_is_p1_escalated_to_communications_with_email_and_trail(django_capture_on_commit_callbacks):
    msg = message("@MovilNova me han llegado SMS de estafadores con mis datos personales. Filtración!! "
                  "Voy a denunciar a Protección de Datos")
    with django_capture_on_commit_callbacks(execute=True):
        assert triage_message(msg) is True
    conversation = Conversation.objects.get(pk=msg.conversation_id)
    assert conversation.priority == Priority.P1
    assert conversation.interaction_type == "crisis_risk" and conversation.crisis_risk
    assert "crisis-risk" in conversation.tags
    assert conversation.triage_trail[0]["text"].startswith("P1 — rule 'Crisis risk: escalate to communications': ")
    escalation = Escalation.objects.get(conversation=conversation)
    assert escalation.department.key == "communications" and escalation.emailed_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["communications@example.com"]
    assert "Filtración" in mail.outbox[0].body and "@lucia_p" in mail.outbox[0].body
    assert ConversationTriage.objects.get(conversation=conversation).suggested_templates[:2] == ["apology", "move_to_dm"]


def test_positive_mention_is_low_priority_and_triage_is_idempotent():
    msg = message("Me encanta la nueva app de @MovilNova 😍 todo rapidísimo")
    assert triage_message(msg) is True
    assert triage_message(msg) is False
    conversation = Conversation.objects.get(pk=msg.conversation_id)
    assert conversation.priority == Priority.P4 and conversation.sentiment == "positive"
    assert Event.objects.filter(conversation=conversation, kind="triaged").count() == 1


def test_manual_priority_is_never_overridden():
    msg = message("@MovilNova sin cobertura en todo Valencia desde esta mañana")
    Conversation.objects.filter(pk=msg.conversation_id).update(priority=Priority.P4, priority_overridden=True)
    triage_message(msg)
    conversation = Conversation.objects.get(pk=msg.conversation_id)
    assert conversation.priority == Priority.P4
    assert conversation.interaction_type == "incident"  # the rest of triage still happens


def test_follow_up_never_lowers_priority():
    first = message("@MovilNova sin cobertura en todo Valencia desde esta mañana")
    triage_message(first)
    thanks = message("gracias @MovilNova, genial 😍", conversation=first.conversation)
    triage_message(thanks)
    assert Conversation.objects.get(pk=first.conversation_id).priority == Priority.P2


def test_out_of_hours_question_gets_an_acknowledgement_saying_when_we_open():
    msg = message("@MovilNova ¿cómo cambio la titularidad de mi línea? lo necesito el lunes", at=SATURDAY_NIGHT)
    with time_machine.travel(SATURDAY_NIGHT, tick=False):
        triage_message(msg)
    reply = Message.objects.get(conversation=msg.conversation_id, direction=Message.Direction.OUTBOUND)
    assert reply.delivery_state == Message.Delivery.QUEUED and reply.template_key == "out_of_hours"
    assert "Lucía" in reply.text and "lun–vie 09:00–18:00" in reply.text and str(msg.conversation_id) in reply.text
    assert "te responderemos el lunes a las 09:00." in reply.text
    assert Template.objects.get(key="out_of_hours", language="es").usage_count == 1
    # A second message in the same night is not acknowledged again.
    triage_message(message("@MovilNova hola??", at=SATURDAY_NIGHT, conversation=msg.conversation))
    assert Message.objects.filter(conversation=msg.conversation_id, direction="out").count() == 1


def test_no_acknowledgement_inside_business_hours():
    msg = message("@MovilNova ¿cómo cambio la titularidad de mi línea? lo necesito el lunes")
    triage_message(msg)
    assert not Message.objects.filter(conversation=msg.conversation_id, direction="out").exists()


def test_template_render_fills_only_known_variables():
    msg = message("hola")
    template = Template(key="t", body="Hola {customer_name} ({handle}) caso {case_number} {unknown} {0.__class__}")
    text = template.render({"customer_name": "Lucía", "handle": "lucia_p", "case_number": "7"})
    assert text == "Hola Lucía (lucia_p) caso 7 {unknown} {0.__class__}"
    assert "Lucía" in render_template(Template.objects.get(key="apology", language="es"), msg.conversation)


def test_save_rule_validates_and_records_revisions_and_rollback():
    admin = UserFactory(role="admin")
    with pytest.raises(RuleValidationError) as error:
        save_rule(None, {"name": "Bad", "conditions": {"all": [{"field": "followerz", "op": "gte", "value": 1}]},
                         "actions": [{"type": "set_priority", "value": "P1"}]}, author=admin)
    assert "conditions.all[0].field" in error.value.errors
    assert not Rule.objects.filter(name="Bad").exists()
    rule = save_rule(None, {"name": "Influencers", "conditions": {"field": "followers", "op": "gte", "value": 10000},
                            "actions": [{"type": "set_priority", "value": "P1"}]}, author=admin)
    save_rule(rule, {"conditions": {"field": "followers", "op": "gte", "value": 50000}}, author=admin)
    assert rule.revisions.first().summary == "Changed conditions"
    rollback(rule, rule.revisions.get(number=1), author=admin)
    rule.refresh_from_db()
    assert rule.conditions["value"] == 10000
    assert [r.number for r in rule.revisions.all()] == [3, 2, 1]
    set_enabled(rule, False, author=admin)
    assert not Rule.objects.get(pk=rule.pk).enabled


def test_move_rule_swaps_with_neighbour():
    admin = UserFactory(role="admin")
    names = list(Rule.objects.in_order().values_list("name", flat=True))
    move_rule(Rule.objects.get(name=names[1]), "up", author=admin)
    assert list(Rule.objects.in_order().values_list("name", flat=True))[:2] == [names[1], names[0]]


def test_dry_run_counts_matches_with_resulting_priorities():
    message("@MovilNova fatal, tercer día sin fibra", followers=20000)
    message("@MovilNova fatal, sin datos otra vez", followers=50)
    message("me encanta @MovilNova", followers=30000)
    rule = RuleSpec(name="Angry influencers", conditions={"all": [
        {"field": "sentiment", "op": "eq", "value": "negative"},
        {"field": "followers", "op": "gte", "value": 10000}]}, actions=[{"type": "set_priority", "value": "P1"}])
    result = dry_run(rule)
    assert (result.matched, result.total) == (1, 3)
    assert result.priorities == {"P2": 1}  # the default playbook's earlier rule sets P2 first
    assert result.examples[0].reasons == ["sentiment=negative", "followers ≥ 10,000"]


def test_retriage_skips_hand_prioritised_conversations():
    kept = message("@MovilNova sin cobertura en Valencia")
    redo = message("@MovilNova sin cobertura en Sevilla")
    triage_message(kept)
    triage_message(redo)
    Conversation.objects.filter(pk=kept.conversation_id).update(priority=Priority.P4, priority_overridden=True)
    Conversation.objects.filter(pk=redo.conversation_id).update(priority=Priority.P4)
    run = run_retriage(RetriageRun.objects.create(total=2))
    assert (run.done, run.skipped_manual, run.changed) == (2, 1, 1) and run.finished_at
    assert Conversation.objects.get(pk=kept.conversation_id).priority == Priority.P4
    assert Conversation.objects.get(pk=redo.conversation_id).priority == Priority.P2
