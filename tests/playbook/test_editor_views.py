"""The rule editor through Django's test client: permissions, validation in plain words, dry run, save."""

import pytest
from django.urls import reverse

from playbook.models import Rule
from tests.factories import ChannelAccountFactory, ConversationFactory, CustomerFactory, MessageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_playbook")]

EDITOR_URLS = [
    ("get", "playbook:rules", {}),
    ("get", "playbook:new", {}),
    ("post", "playbook:retriage", {}),
]


@pytest.mark.parametrize("role", ["agent", "supervisor"])
@pytest.mark.parametrize("method, name, kwargs", EDITOR_URLS)
def test_agents_and_supervisors_are_refused(client, role, method, name, kwargs):
    client.force_login(UserFactory(role=role))
    assert getattr(client, method)(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_rule_pages_refused_for_non_admins(client, role):
    rule = Rule.objects.first()
    client.force_login(UserFactory(role=role))
    for url in (reverse("playbook:edit", args=[rule.pk]), reverse("playbook:revisions", args=[rule.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("playbook:move", args=[rule.pk, "up"])).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("playbook:rules"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def form(**extra):
    data = {"name": "Angry influencers", "enabled": "on", "match": "all",
            "cond-0-field": "sentiment", "cond-0-op": "eq", "cond-0-value": "negative",
            "cond-1-field": "followers", "cond-1-op": "gte", "cond-1-value": "10,000",
            "act-0-type": "set_priority", "act-0-value": "P1",
            "act-1-type": "escalate", "act-1-value": "communications", "act-1-note": "Big account"}
    data.update(extra)
    return data


def test_invalid_rule_gets_plain_errors_naming_the_field_and_nothing_is_saved(client):
    client.force_login(UserFactory(role="admin"))
    count = Rule.objects.count()
    response = client.post(reverse("playbook:new"), form(**{"cond-0-value": "angry", "cond-1-value": "lots",
                                                           "act-0-value": "P7", "save": "1"}))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Condition 1, value: &#x27;angry&#x27; is not one of negative, neutral, positive (conditions.all[0].value)" in text
    assert "Condition 2, value: write a whole number" in text
    assert "Action 1, value: must be one of P1, P2, P3, P4 (actions[0].value)" in text
    assert Rule.objects.count() == count


def test_dry_run_then_save(client):
    customer = CustomerFactory(followers=20000)
    conversation = ConversationFactory(account=ChannelAccountFactory(handle="MovilNova"), customer=customer)
    MessageFactory(conversation=conversation, text="@MovilNova fatal, tercer día sin fibra <script>alert(1)</script>")
    client.force_login(UserFactory(role="admin"))
    response = client.post(reverse("playbook:new"), form(dry_run="1"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "This rule would have matched 1 of the last 1 mentions." in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text
    assert not Rule.objects.filter(name="Angry influencers").exists()
    response = client.post(reverse("playbook:new"), form(save="1"))
    assert response.status_code == 302
    rule = Rule.objects.get(name="Angry influencers")
    assert rule.conditions == {"all": [{"field": "sentiment", "op": "eq", "value": "negative"},
                                       {"field": "followers", "op": "gte", "value": 10000}]}
    assert rule.actions[1] == {"type": "escalate", "department": "communications", "note": "Big account"}
    assert rule.revisions.get().author.username.startswith("user")


def test_edit_form_round_trips_a_rule(client):
    client.force_login(UserFactory(role="admin"))
    rule = Rule.objects.in_order().first()
    response = client.get(reverse("playbook:edit", args=[rule.pk]))
    assert response.status_code == 200
    assert 'value="crisis_risk"' in response.content.decode()


def test_playbook_link_shows_only_for_admins(client):
    client.force_login(UserFactory(role="supervisor"))
    assert "/playbook/rules/" not in client.get("/inbox/").content.decode()
    client.force_login(UserFactory(role="admin"))
    assert "/playbook/rules/" in client.get("/inbox/").content.decode()


def test_supervisor_sees_department_queue_and_template_usage(client, django_capture_on_commit_callbacks):
    from playbook.services import triage_message

    conversation = ConversationFactory(account=ChannelAccountFactory(handle="MovilNova"), customer=CustomerFactory())
    msg = MessageFactory(conversation=conversation, text="@MovilNova habéis filtrado mis datos personales <b>YA</b>, boicot")
    with django_capture_on_commit_callbacks(execute=True):
        triage_message(msg)
    client.force_login(UserFactory(role="supervisor"))
    page = client.get(reverse("playbook:escalations") + "?department=communications").content.decode()
    assert f"#{conversation.pk}" in page and "&lt;b&gt;YA&lt;/b&gt;" in page
    escalation = conversation.escalations.get()
    client.post(reverse("playbook:escalation_status", args=[escalation.pk]), {"status": "closed"})
    escalation.refresh_from_db()
    assert escalation.status == "closed"
    assert "out_of_hours" in client.get(reverse("playbook:templates")).content.decode()


def test_suggestions_for_a_conversation_are_rendered_in_its_language():
    from playbook.queries import suggestions_for
    from playbook.services import triage_message

    customer = CustomerFactory(name="Ana Ruiz")
    conversation = ConversationFactory(account=ChannelAccountFactory(handle="MovilNova"), customer=customer)
    triage_message(MessageFactory(conversation=conversation, text="@MovilNova sin fibra desde ayer en Vigo, no funciona nada"))
    suggestions = suggestions_for(conversation)
    assert suggestions[0]["key"] == "apology" and suggestions[0]["text"].startswith("Hola Ana,")


def test_editor_speaks_spanish(client):
    client.force_login(UserFactory(role="admin"))
    page = client.get(reverse("playbook:rules"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Reglas del playbook" in page and "Nueva regla" in page


def test_retriage_button_starts_a_run_and_progress_is_shown(client, django_capture_on_commit_callbacks):
    from playbook.authoring import run_retriage
    from playbook.models import RetriageRun

    conversation = ConversationFactory(account=ChannelAccountFactory(handle="MovilNova"), customer=CustomerFactory())
    MessageFactory(conversation=conversation, text="@MovilNova sin fibra en Vigo")
    client.force_login(UserFactory(role="admin"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(reverse("playbook:retriage")).status_code == 302
    assert len(callbacks) == 1  # the task is queued after commit
    run = RetriageRun.objects.get()
    assert 'hx-trigger="every 1s"' in client.get(reverse("playbook:retriage_progress", args=[run.pk])).content.decode()
    run_retriage(run)
    page = client.get(reverse("playbook:retriage_progress", args=[run.pk])).content.decode()
    assert "1 of 1 conversations re-triaged" in page and "Finished." in page and "hx-trigger" not in page


def test_advanced_json_box_rejects_garbage_in_plain_words(client):
    client.force_login(UserFactory(role="admin"))
    for junk, words in [("{not json", "not valid JSON"), ("[" * 5000 + "]" * 5000, "conditions"),
                        ('{"any": [{"field": "mood", "op": "eq", "value": "x"}]}', "unknown field")]:
        response = client.post(reverse("playbook:new"), {"name": "J", "advanced": junk, "act-0-type": "set_priority",
                                                         "act-0-value": "P2", "save": "1"})
        assert response.status_code == 400 and words in response.content.decode()
