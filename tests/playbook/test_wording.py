"""Rule descriptions and the triage trail in the reader's language (the stored text stays canonical English)."""

import pytest
from django.urls import reverse
from django.utils import translation

from playbook.conditions import Facts, describe
from playbook.defaults import RULES
from playbook.engine import RuleSpec, compile_rules, run_rules
from playbook.wording import condition_text, trail_text
from tests.factories import ConversationFactory, MessageFactory, UserFactory


def crisis_trail() -> list[dict]:
    rules = compile_rules(RuleSpec(name=r["name"], conditions=r["conditions"], actions=r["actions"]) for r in RULES)
    facts = Facts(network="x", account="movilnova", visibility="public", interaction_type="crisis_risk",
                  sentiment="negative", language="es", influence="very_high", followers=120_000, verified=True,
                  crisis_risk=True, expects_reply=True, text="boicot", inside_business_hours=True)
    return [entry.as_json() for entry in run_rules(rules, facts).trail]


def test_the_stored_english_is_shown_as_it_is_in_english():
    entry = crisis_trail()[0]
    with translation.override("en"):
        assert trail_text(entry) == entry["text"]
        assert condition_text("sentiment=negative and followers ≥ 10,000") == "sentiment=negative and followers ≥ 10,000"


def test_the_default_playbooks_crisis_trail_reads_in_spanish():
    entry = crisis_trail()[0]
    with translation.override("es"):
        text = trail_text(entry)
    assert text.startswith("P1 — regla «") and "tipo de interacción=riesgo de crisis" in text
    assert "escala a communications" in text  # the department's key is a name: never translated
    assert "interaction_type" not in text and "rule" not in text


@pytest.mark.parametrize("node, spanish", [
    ({"field": "sentiment", "op": "eq", "value": "negative"}, "sentimiento=negativo"),
    ({"field": "followers", "op": "gte", "value": 10000}, "seguidores ≥ 10,000"),
    ({"field": "interaction_type", "op": "in", "value": ["complaint", "crisis_risk"]},
     "tipo de interacción en reclamación, riesgo de crisis"),
    ({"field": "verified", "op": "eq", "value": True}, "autor verificado"),
    ({"field": "expects_reply", "op": "eq", "value": False}, "no espera respuesta"),
    ({"field": "business_hours", "op": "eq", "value": "outside"}, "fuera del horario de atención"),
    ({"field": "account", "op": "eq", "value": "high"}, "cuenta=high"),  # a handle is a name
    ({"field": "text", "op": "contains_any", "value": ["no funciona", "negative or high"]},
     "el texto contiene “no funciona” o “negative or high”"),  # what users wrote stays as written
    ({"field": "text", "op": "matches", "value": "refund or (money|dinero)"}, "el texto coincide con /refund or (money|dinero)/"),
    ({"any": [{"field": "network", "op": "eq", "value": "x"}, {"field": "visibility", "op": "eq", "value": "private"}]},
     "(red=x o visibilidad=privado)"),
    ({"not": {"field": "influence", "op": "gte", "value": "high"}}, "no (influencia≥alta)"),
])
def test_every_kind_of_condition_reads_in_spanish(node, spanish):
    with translation.override("es"):
        assert condition_text(describe(node)) == spanish


@pytest.mark.django_db
def test_the_conversation_page_shows_the_trail_in_the_agents_language(client):
    client.force_login(UserFactory(role="agent"))
    conversation = ConversationFactory(priority=1, triage_trail=crisis_trail())
    MessageFactory(conversation=conversation)
    url = reverse("inbox:conversation", args=[conversation.pk])
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "tipo de interacción=riesgo de crisis" in spanish and "interaction_type=crisis_risk" not in spanish
    assert "interaction_type=crisis_risk" in english


@pytest.mark.django_db
def test_the_rule_list_describes_conditions_in_the_admins_language(client):
    client.force_login(UserFactory(role="admin"))
    spanish = client.get(reverse("playbook:rules"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "tipo de interacción=riesgo de crisis" in spanish and "interaction_type=" not in spanish
