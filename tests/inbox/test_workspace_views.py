from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inbox.models import AgentStatus, Conversation, Message, Note
from inbox.queries import encode_cursor
from tests.factories import ChannelAccountFactory, ConversationFactory, MessageFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def agent(client):
    user = UserFactory(username="ana", role="agent")
    client.force_login(user)
    return user


def rows(response):
    return [c.pk for c in response.context["rows"]]


def test_inbox_needs_a_role(client):
    assert client.get(reverse("inbox:list")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("inbox:list")).status_code == 403


def test_inbox_orders_by_priority_then_due_time_and_hides_finished_work(client, agent):
    now = timezone.now()
    late = ConversationFactory(priority=2, sla_due_at=now + timedelta(hours=2))
    soon = ConversationFactory(priority=2, sla_due_at=now + timedelta(minutes=5))
    urgent = ConversationFactory(priority=1)
    ConversationFactory(priority=1, status="resolved")

    assert rows(client.get(reverse("inbox:list"))) == [urgent.pk, soon.pk, late.pk]


def test_customer_text_is_escaped_in_the_inbox_and_the_conversation(client, agent):
    message = MessageFactory(text=HOSTILE)
    for url in (reverse("inbox:list"), reverse("inbox:conversation", args=[message.conversation_id])):
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("query, expected", [
    ("assigned=mine", ["mine"]), ("assigned=unassigned", ["x-neg", "fb", "breached"]),
    ("network=facebook", ["fb"]), ("sentiment=negative", ["x-neg"]), ("language=en", ["fb"]),
    ("due=breached", ["breached"]), ("priority=1", ["x-neg"]), ("q=refund", ["fb"]), ("q=%40zoe", ["x-neg"]),
    ("status=resolved", ["done"]), ("team={team}", ["mine"]), ("account={fb_account}", ["fb"]),
    ("due=soon", ["x-neg", "breached"]), ("network=x&priority=1&sentiment=negative&assigned=unassigned", ["x-neg"]),
])
def test_inbox_filters(client, agent, query, expected):
    past, soon = timezone.now() - timedelta(minutes=5), timezone.now() + timedelta(minutes=20)
    team = TeamFactory(name="Care")
    made = {
        "mine": ConversationFactory(assignee=agent, priority=3, team=team, sla_due_at=soon + timedelta(hours=2)),
        "x-neg": ConversationFactory(sentiment="negative", priority=1, customer__handle="zoe", sla_due_at=soon),
        "fb": ConversationFactory(account=ChannelAccountFactory(network="facebook"), language="en", priority=2),
        "breached": ConversationFactory(sla_due_at=past, priority=4),
        "done": ConversationFactory(status="resolved"),
    }
    MessageFactory(conversation=made["fb"], text="I want a REFUND now")
    names = {c.pk: name for name, c in made.items()}

    query = query.format(team=team.pk, fb_account=made["fb"].account_id)
    response = client.get(reverse("inbox:list") + "?" + query)
    assert response.status_code == 200
    assert [names[pk] for pk in rows(response)] == expected


def test_invalid_filter_is_a_400_naming_the_field(client, agent):
    response = client.get(reverse("inbox:list") + "?priority=9")
    assert response.status_code == 400 and b"priority" in response.content
    assert client.get(reverse("inbox:list") + "?after=garbage!").status_code == 400


def test_keyset_pages_cover_every_row_once(client, agent):
    now = timezone.now()
    made = [ConversationFactory(priority=1 + i % 4, sla_due_at=None if i % 3 == 0 else now + timedelta(minutes=i % 7))
            for i in range(120)]
    seen, url = [], reverse("inbox:list")
    while url:
        response = client.get(url)
        seen += rows(response)
        url = reverse("inbox:list") + "?after=" + response.context["next_cursor"] if response.context["next_cursor"] else ""
    expected = list(Conversation.objects.active().in_inbox_order().values_list("pk", flat=True))
    assert seen == expected and len(seen) == len(made)
    assert encode_cursor(made[0])


def test_htmx_poll_returns_only_the_rows(client, agent):
    ConversationFactory()
    response = client.get(reverse("inbox:list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-rows")
    assert response.status_code == 200
    assert b"<tr" in response.content and b"<html" not in response.content


def test_reply_is_queued_and_the_composer_comes_back_empty(client, agent):
    conversation = MessageFactory().conversation
    response = client.post(reverse("inbox:reply", args=[conversation.pk]),
                           {"text": "Te escribimos por privado", "visibility": "private", "seen_reply_id": "0"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "thread-changed"
    reply = Message.objects.outbound().get()
    assert (reply.visibility, reply.delivery_state, reply.author_user) == ("private", "queued", agent)


def test_reply_over_the_limit_is_a_400_and_keeps_the_text(client, agent):
    conversation = MessageFactory().conversation
    response = client.post(reverse("inbox:reply", args=[conversation.pk]), {"text": "x" * 300, "visibility": "public"})
    assert response.status_code == 400
    assert b"at most 280" in response.content and b"x" * 300 in response.content
    assert not Message.objects.outbound().exists()


def test_reply_after_a_colleague_asks_for_confirmation(client, agent):
    conversation = MessageFactory().conversation
    Message.objects.create(conversation=conversation, network="x", direction="out", text="ya te ayudo",
                           author_user=UserFactory(username="luis", role="agent"), delivery_state="queued")
    post = {"text": "mine", "visibility": "public", "seen_reply_id": "0"}
    response = client.post(reverse("inbox:reply", args=[conversation.pk]), post)
    assert response.status_code == 409 and b"luis" in response.content
    response = client.post(reverse("inbox:reply", args=[conversation.pk]), {**post, "confirmed": "true"})
    assert response.status_code == 200 and Message.objects.outbound().count() == 2


def test_actions_change_the_conversation(client, agent):
    conversation = MessageFactory().conversation
    url = lambda name: reverse(f"inbox:{name}", args=[conversation.pk])  # noqa: E731
    assert client.post(url("assign"), {"assignee": "me"}).status_code == 302
    assert client.post(url("priority"), {"priority": "1"}).status_code == 302
    assert client.post(url("note"), {"text": "@ana check this"}).status_code == 302
    assert client.post(url("status"), {"status": "pending"}).status_code == 302
    assert client.post(url("status"), {"status": "resolved"}).status_code == 302
    conversation.refresh_from_db()
    assert (conversation.assignee, conversation.priority, conversation.status) == (agent, 1, "resolved")
    assert list(Note.objects.get().mentions.all()) == [agent]
    page = client.get(url("conversation")).content.decode()
    assert "check this" in page and "Reopen" in page


def test_bad_action_input_is_a_400_with_the_reason(client, agent):
    conversation = ConversationFactory()
    response = client.post(reverse("inbox:status", args=[conversation.pk]), {"status": "archived"})
    assert response.status_code == 400 and b"status: must be one of" in response.content
    response = client.post(reverse("inbox:escalate", args=[conversation.pk]), {"department": "nope"})
    assert response.status_code == 400 and b"department" in response.content


def test_failed_reply_shows_the_reason_and_can_be_retried(client, agent):
    conversation = ConversationFactory()
    failed = Message.objects.create(conversation=conversation, network="x", direction="out", text="hola",
                                    delivery_state="failed", last_error="Forbidden: duplicate content")
    page = client.get(reverse("inbox:conversation", args=[conversation.pk])).content.decode()
    assert "Forbidden: duplicate content" in page and "Retry" in page
    client.post(reverse("inbox:retry", args=[conversation.pk, failed.pk]))
    failed.refresh_from_db()
    assert failed.delivery_state == "queued"


def test_presence_shows_the_other_agent(client, agent):
    conversation = ConversationFactory()
    other = UserFactory(username="luis", role="agent")
    client.force_login(other)
    client.get(reverse("inbox:conversation", args=[conversation.pk]))
    client.force_login(agent)
    response = client.post(reverse("inbox:presence", args=[conversation.pk]))
    assert b"luis" in response.content


def test_agent_sets_themself_available(client, agent):
    team = TeamFactory()
    team.members.add(agent)
    client.post(reverse("inbox:availability"), {"available": "1"})
    assert AgentStatus.objects.get(user=agent).available
    assert b"Available" in client.get(reverse("inbox:availability")).content


def test_agent_cannot_reach_admin_pages(client, agent):
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/inbox/conversation/").status_code == 302


def test_spanish_from_the_browser(client, agent):
    ConversationFactory()
    body = client.get(reverse("inbox:list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Bandeja de entrada" in body


@pytest.mark.parametrize("selective", [5_000, 0])
def test_search_finds_text_handles_and_names_whichever_plan_it_takes(client, agent, monkeypatch, selective):
    from inbox import queries

    monkeypatch.setattr(queries, "SELECTIVE_SEARCH", selective)
    by_text = MessageFactory(text="mi pedido #4521 no llega").conversation
    by_handle = ConversationFactory(customer__handle="marta_q")
    by_name = ConversationFactory(customer__name="Marta Quintero")
    MessageFactory(text="otra cosa")
    assert set(rows(client.get(reverse("inbox:list") + "?q=%234521"))) == {by_text.pk}
    assert set(rows(client.get(reverse("inbox:list") + "?q=marta"))) == {by_handle.pk, by_name.pk}


def test_filters_keep_their_values_after_filtering(client, agent):
    team = TeamFactory(name="Soporte")
    body = client.get(reverse("inbox:list") + f"?network=facebook&team={team.pk}&q=hola").content.decode()
    assert '<option value="facebook" selected>' in body
    assert f'<option value="{team.pk}" selected>Soporte</option>' in body
    assert 'value="hola"' in body
