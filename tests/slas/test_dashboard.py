"""The supervisor dashboard, its CSV export, the public service-hours page and the survey page."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inbox.models import Conversation
from inbox.services import ingest_message
from slas import services
from slas.models import SlaClock, SlaPolicy, Survey
from tests.factories import ConversationFactory, UserFactory, inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def breached(brand, agent):
    """A conversation held by ``agent`` whose first response is breached now."""
    now = timezone.now()
    conversation = ingest_message(inbound(brand, created_at=now - timedelta(days=3)), enqueue_triage=False).message.conversation
    Conversation.objects.filter(pk=conversation.pk).update(assignee=agent)
    services.sweep(now=now)
    return conversation


@pytest.mark.parametrize("role, status", [("agent", 403), ("supervisor", 200), ("admin", 200)])
def test_dashboard_is_for_supervisors_and_admins(client, sla_defaults, role, status):
    client.force_login(UserFactory(role=role))
    for name in ("slas:dashboard", "slas:live", "slas:export"):
        assert client.get(reverse(name)).status_code == status


def test_dashboard_needs_login(client):
    response = client.get(reverse("slas:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_live_part_lists_the_breached_clock_with_its_holder(client, supervisor, breached, agent):
    client.force_login(supervisor)
    page = client.get(reverse("slas:live")).content.decode()
    assert f"#{breached.pk}" in page and agent.username in page
    assert "First response" in page


def test_dashboard_filters_narrow_the_clocks_and_bad_filters_are_a_400(client, supervisor, breached):
    client.force_login(supervisor)
    other = ConversationFactory(account__network="facebook")
    page = client.get(reverse("slas:live"), {"account": other.account_id}).content.decode()
    assert f"#{breached.pk}" not in page
    response = client.get(reverse("slas:dashboard"), {"period": "1y"})
    assert response.status_code == 400 and "period" in response.content.decode()


def test_customer_text_is_escaped_on_the_dashboard(client, supervisor, brand):
    from inbox.models import Customer

    ingest_message(inbound(brand, created_at=timezone.now() - timedelta(days=3)), enqueue_triage=False)
    Customer.objects.update(handle="<script>alert(1)</script>")
    services.sweep()
    client.force_login(supervisor)
    page = client.get(reverse("slas:live")).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_csv_export_has_the_kpis(client, supervisor, breached):
    client.force_login(supervisor)
    response = client.get(reverse("slas:export"), {"period": "30d"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["kpi", "breakdown", "value"]
    table = {(kpi, breakdown): value for kpi, breakdown, value in rows[1:]}
    assert table[("sla_compliance", "first_response.breached")] == "1"
    assert table[("backlog", "P2.<1h")] == "1"  # raised from P3 by the breach; opened (stored) just now
    assert table[("network_volume", "x")] == "1"


def test_public_service_hours_page_needs_no_login(client, brand):
    page = client.get(reverse("service_hours", args=["movilnova"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "09:00–18:00" in text and "Europe/Madrid" in text
    assert "4 h" in text  # P3 first response promise
    assert client.get(reverse("service_hours", args=["nobody"])).status_code == 404


def test_survey_on_resolve_and_its_public_page(client, brand, agent):
    from inbox import actions

    SlaPolicy.objects.filter(key="standard").update(survey_scale="nps")
    conversation = ingest_message(inbound(brand, created_at=timezone.now()), enqueue_triage=False).message.conversation
    actions.set_status(conversation, status="resolved", by=agent)
    survey = Survey.objects.get(conversation=conversation)
    link = conversation.messages.get(template_key="survey")
    assert reverse("survey", args=[survey.token]) in link.text and link.author_user is None
    url = reverse("survey", args=[survey.token])
    assert client.get(url).status_code == 200
    assert client.post(url, {"score": "11"}).status_code == 400
    assert client.post(url, {"score": ""}).status_code == 400
    assert client.post(url, {"score": "9", "comment": "Rápidos <b>y</b> amables"}).status_code == 200
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (9, "Rápidos <b>y</b> amables")
    # A second answer changes nothing.
    assert b"Thank you" in client.post(url, {"score": "0"}).content
    survey.refresh_from_db()
    assert survey.score == 9
    assert client.get(reverse("survey", args=["not-a-token"])).status_code == 404


def test_no_survey_unless_the_policy_asks(brand, agent):
    from inbox import actions

    conversation = ingest_message(inbound(brand, created_at=timezone.now()), enqueue_triage=False).message.conversation
    actions.set_status(conversation, status="resolved", by=agent)
    assert not Survey.objects.exists()
    assert not SlaClock.objects.filter(conversation=conversation, stopped_at__isnull=True).exists()


def test_dashboard_and_public_pages_speak_spanish(client, supervisor, brand):
    client.force_login(supervisor)
    page = client.get(reverse("slas:dashboard"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Panel de SLA" in page and "Tasa de respuesta" in page
    hours = client.get(reverse("service_hours", args=["MovilNova"]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Horario de atención" in hours and "Lunes" in hours
