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


def test_survey_answered_after_resolution_feeds_the_satisfaction_kpis_and_the_customers_profile(client, brand, agent,
                                                                                                 supervisor):
    from inbox import actions
    from slas.kpis import Scope, satisfaction

    SlaPolicy.objects.filter(key="standard").update(survey_scale="csat")
    first = ingest_message(inbound(brand, created_at=timezone.now()), enqueue_triage=False).message
    conversation = first.conversation
    actions.send_reply(conversation, author=agent, text="Arreglado, ¡gracias por avisar!")
    actions.set_status(conversation, status="resolved", by=agent)
    survey = Survey.objects.get(conversation=conversation)
    assert survey.scale == "csat"
    assert client.post(reverse("survey", args=[survey.token]), {"score": "4", "comment": "Bien"}).status_code == 200

    scores = satisfaction(Scope.for_period("today"))
    assert (scores["csat_total"], scores["satisfied"], scores["csat"]) == (1, 1, 1.0)
    client.force_login(supervisor)
    rows = list(csv.reader(io.StringIO(client.get(reverse("slas:export")).content.decode())))
    table = {(kpi, breakdown): value for kpi, breakdown, value in rows[1:]}
    assert table[("csat", "answers")] == "1" and table[("csat", "satisfied_share")] == "1.0"
    # The same customer's next conversation shows the answer in the agent's 360° view.
    again = ingest_message(inbound(brand, author=None, created_at=timezone.now(), text="Otra cosa"), enqueue_triage=False)
    from inbox.models import Conversation as Conv

    Conv.objects.filter(pk=again.message.conversation_id).update(customer=conversation.customer)
    client.force_login(agent)
    page = client.get(reverse("inbox:conversation", args=[again.message.conversation_id])).content.decode()
    assert "Past CSAT" in page and "4/5" in page


def test_crisis_banner_on_the_dashboard_shows_the_top_messages_once_per_episode(client, supervisor, brand):
    from slas.crisis import CrisisRule, watch_for_crises
    from slas.models import SupervisorAlert
    from tests.factories import CustomerFactory, MessageFactory

    now = timezone.now()
    for minute in range(1, 8):
        conversation = ConversationFactory(account=brand, sentiment="negative",
                                           customer=CustomerFactory(handle=f"angry{minute}", followers=1000 * minute))
        MessageFactory(conversation=conversation, created_at=now - timedelta(minutes=minute), direction="in",
                       text=f"<b>Estafa</b> número {minute}")
    rule = CrisisRule()
    assert len(watch_for_crises(now=now, crisis_rule=rule)) == 1
    assert watch_for_crises(now=now + timedelta(minutes=1), crisis_rule=rule) == []
    assert SupervisorAlert.objects.filter(kind="crisis").count() == 1

    client.force_login(supervisor)
    page = client.get(reverse("slas:live")).content.decode()
    banner = page[page.index('class="crisis-alert"'):page.index("</section>")]
    assert "Possible crisis on X @MovilNova: 7 negative mentions" in banner
    assert "@angry7" in banner and "@angry3" in banner and "@angry2" not in banner  # the five most-followed
    assert "&lt;b&gt;Estafa&lt;/b&gt; número 7" in banner and "<b>Estafa" not in banner


def test_dashboard_filters_by_network_team_and_period(client, supervisor, breached, agent):
    from inbox.models import Team

    client.force_login(supervisor)
    team = Team.objects.create(name="Redes")
    assert f"#{breached.pk}" in client.get(reverse("slas:live"), {"network": "x", "period": "7d"}).content.decode()
    assert f"#{breached.pk}" not in client.get(reverse("slas:live"), {"network": "facebook"}).content.decode()
    assert f"#{breached.pk}" not in client.get(reverse("slas:live"), {"team": team.pk}).content.decode()
    Conversation.objects.filter(pk=breached.pk).update(team=team)
    assert f"#{breached.pk}" in client.get(reverse("slas:live"), {"team": team.pk}).content.decode()
    page = client.get(reverse("slas:dashboard"), {"team": team.pk, "period": "30d"}).content.decode()
    assert f'hx-get="/sla/live/?team={team.pk}&amp;period=30d"' in page  # the live part keeps the filters
    assert f'href="/sla/export.csv?team={team.pk}&amp;period=30d"' in page
    rows = list(csv.reader(io.StringIO(client.get(reverse("slas:export"), {"network": "facebook"}).content.decode())))
    assert ("network_volume", "x") not in {(kpi, breakdown) for kpi, breakdown, _ in rows[1:]}


def test_charts_keep_svg_numbers_unlocalised_in_spanish(client, supervisor, breached):
    import re

    client.force_login(supervisor)
    page = client.get(reverse("slas:live"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    numbers = re.findall(r'\b(?:x|y|width|height)="([^"]*)"', page)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers


def test_alerts_read_in_the_supervisors_language(client, supervisor, breached):
    client.force_login(supervisor)
    english = client.get(reverse("slas:live")).content.decode()
    assert f"SLA breached: First response on #{breached.pk}" in english
    spanish = client.get(reverse("slas:live"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"SLA incumplido: Primera respuesta en #{breached.pk}" in spanish and "SLA breached" not in spanish
