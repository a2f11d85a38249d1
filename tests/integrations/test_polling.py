"""Polling through the fake networks with the real clients: cursors, threading, health, rate limits."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from inbox.actions import send_reply
from inbox.models import ChannelAccount, Message, RawEvent
from inbox.services import process_raw_event
from integrations.delivery import deliver
from integrations.fakes.base import Fault
from integrations.fakes.graph import graph_error
from integrations.models import PollCursor
from integrations.polling import due_accounts, poll_account
from tests.factories import UserFactory
from tests.networks import dm_event, instagram_comment, page_comment, post_meta, post_x

pytestmark = pytest.mark.django_db

Stream = PollCursor.Stream


def cursor(account, stream) -> int:
    return PollCursor.position_of(account, stream)


def process_webhooks():
    for raw_event in RawEvent.objects.filter(processed_at__isnull=True):
        process_raw_event(raw_event)


# X mentions

def test_polling_pages_through_new_mentions_and_moves_the_cursor(fake_x, x_account):
    ids = [fake_x.add_mention(text=f"@AcmeHelp pregunta {n}", author_id=f"u{n % 7}", username=f"user{n % 7}",
                              followers=100 + n) for n in range(130)]

    assert poll_account(x_account)[Stream.MENTIONS] == 130
    assert cursor(x_account, Stream.MENTIONS) == int(ids[-1])
    assert len(fake_x.received("GET", "/mentions")) == 2  # two pages of 100
    customer = Message.objects.get(external_id=ids[0]).customer
    assert (customer.handle, customer.followers) == ("user0", fake_x.users["u0"]["public_metrics"]["followers_count"])

    new = fake_x.add_mention(text="@AcmeHelp otra", author_id="u1", username="user1", in_reply_to=ids[3])
    assert poll_account(x_account)[Stream.MENTIONS] == 1
    assert fake_x.received("GET", "/mentions")[-1].query["since_id"] == ids[-1]
    assert Message.objects.get(external_id=new).conversation_id == Message.objects.get(external_id=ids[3]).conversation_id


def test_rate_limited_poll_keeps_the_cursor_and_waits_for_the_reset(fake_x, x_account):
    fake_x.add_mention(text="@AcmeHelp hola", author_id="u1", username="user1")
    reset = int(time.time()) + 600
    fake_x.rate_limit_next(reset=reset, path_contains="/mentions")

    poll_account(x_account)
    account = ChannelAccount.objects.get(pk=x_account.pk)
    assert cursor(account, Stream.MENTIONS) == 0 and int(account.rate_limited_until.timestamp()) == reset
    assert "rate limit" in account.last_error and account.last_polled_at is None
    assert account not in due_accounts()

    ChannelAccount.objects.filter(pk=account.pk).update(rate_limited_until=timezone.now() - timedelta(seconds=1))
    assert account in due_accounts()  # the reset time has come
    assert poll_account(account)[Stream.MENTIONS] == 1
    account.refresh_from_db()
    assert account.last_polled_at > account.last_error_at


def test_revoked_x_tokens_stop_polling_until_an_admin_reconnects(fake_x, x_account):
    fake_x.fail_next(Fault(status=401, body={"title": "Unauthorized", "detail": "Unauthorized", "status": 401},
                           after_recording=False))
    assert poll_account(x_account) == {}  # the other stream is not tried with the same dead tokens
    x_account.refresh_from_db()
    assert x_account.needs_reauth and "reconnect" in x_account.last_error and x_account not in due_accounts()


# X direct messages

def test_polling_direct_messages_ingests_the_customers_and_not_ours(fake_x, x_account):
    first = fake_x.add_dm(text="hola, ¿mi pedido 123?", sender_id="42", username="jo", followers=1234)
    ours = fake_x.add_dm(text="te respondemos por aquí", sender_id="1500", username="AcmeHelp")

    assert poll_account(x_account)[Stream.DIRECT_MESSAGES] == 1
    message = Message.objects.get(external_id=first)
    assert (message.visibility, message.text, message.customer.handle, message.customer.followers) == (
        "private", "hola, ¿mi pedido 123?", "jo", 1234)
    assert not Message.objects.filter(external_id=ours).exists()
    assert cursor(x_account, Stream.DIRECT_MESSAGES) == int(ours)  # the cursor covers our own DM too

    request = fake_x.received("GET", "/2/dm_events")[-1]
    assert request.query["event_types"] == "MessageCreate" and request.query["expansions"] == "sender_id"
    assert {"created_at", "sender_id", "text"} <= set(request.query["dm_event.fields"].split(","))
    assert {"public_metrics", "verified", "name"} <= set(request.query["user.fields"].split(","))
    assert request.headers["Authorization"].startswith("OAuth ")  # user context, as /2/dm_events requires


def test_a_new_dm_joins_the_customers_open_private_conversation(fake_x, x_account):
    first = fake_x.add_dm(text="hola", sender_id="42", username="jo")
    poll_account(x_account)
    second = fake_x.add_dm(text="es urgente", sender_id="42", username="jo")

    assert poll_account(x_account)[Stream.DIRECT_MESSAGES] == 1
    assert poll_account(x_account)[Stream.DIRECT_MESSAGES] == 0
    assert Message.objects.get(external_id=second).conversation_id == Message.objects.get(external_id=first).conversation_id


def test_polling_direct_messages_pages_until_it_reaches_the_cursor(fake_x, x_account):
    ids = [fake_x.add_dm(text=f"mensaje {n}", sender_id=f"u{n % 3}", username=f"user{n % 3}") for n in range(150)]

    assert poll_account(x_account)[Stream.DIRECT_MESSAGES] == 150
    assert len(fake_x.received("GET", "/2/dm_events")) == 2
    fake_x.add_dm(text="uno más", sender_id="u1", username="user1")
    assert poll_account(x_account)[Stream.DIRECT_MESSAGES] == 1
    assert len(fake_x.received("GET", "/2/dm_events")) == 3  # the first page already reaches the cursor
    assert fake_x.received("GET", "/2/dm_events")[1].query["pagination_token"] == "100"
    assert Message.objects.filter(external_id__in=ids).count() == 150


def test_a_dm_the_webhook_delivered_is_not_stored_again_by_the_poll(client, fake_x, x_account):
    older = fake_x.add_dm(text="primero", sender_id="42", username="jo")
    newer = fake_x.add_dm(text="segundo", sender_id="42", username="jo")
    post_x(client, dm_event(event_id=newer, text="segundo"))  # only the newer one came by webhook
    process_webhooks()

    assert poll_account(x_account)[Stream.DIRECT_MESSAGES] == 1  # the older one, which the webhook missed
    assert Message.objects.filter(external_id__in=[older, newer]).count() == 2
    assert Message.objects.get(external_id=older).conversation_id == Message.objects.get(external_id=newer).conversation_id


def test_a_polled_dm_redelivered_by_webhook_stores_nothing_new(client, fake_x, x_account):
    dm = fake_x.add_dm(text="hola", sender_id="42", username="jo")
    poll_account(x_account)

    assert post_x(client, dm_event(event_id=dm, text="hola")).status_code == 200
    process_webhooks()
    assert Message.objects.filter(external_id=dm).count() == 1 and Message.objects.count() == 1


def test_a_rate_limited_dm_poll_keeps_its_cursor_while_mentions_go_on(fake_x, x_account):
    fake_x.add_dm(text="hola", sender_id="42", username="jo")
    mention = fake_x.add_mention(text="@AcmeHelp hola", author_id="u1", username="user1")
    reset = int(time.time()) + 900
    fake_x.rate_limit_next(reset=reset, path_contains="/2/dm_events")

    assert poll_account(x_account) == {Stream.MENTIONS: 1}
    x_account.refresh_from_db()
    assert cursor(x_account, Stream.DIRECT_MESSAGES) == 0 and cursor(x_account, Stream.MENTIONS) == int(mention)
    assert int(x_account.rate_limited_until.timestamp()) == reset


def test_polled_dm_answered_by_an_agent_is_one_dm_to_the_sender(fake_x, x_account):
    fake_x.add_dm(text="¿Dónde está mi pedido 123?", sender_id="42", username="jo")
    poll_account(x_account)
    conversation = Message.objects.get(text="¿Dónde está mi pedido 123?").conversation

    reply = send_reply(conversation, author=UserFactory(role="agent"), text="Lo miramos ahora", visibility="private")
    assert deliver(reply.pk) == "sent"
    [post] = fake_x.received("POST", "/2/dm_conversations/with/")
    assert post.path == "/2/dm_conversations/with/42/messages" and post.body == {"text": "Lo miramos ahora"}

    assert poll_account(x_account)[Stream.DIRECT_MESSAGES] == 0  # our DM comes back in /2/dm_events: not inbound
    reply.refresh_from_db()
    assert cursor(x_account, Stream.DIRECT_MESSAGES) == int(reply.external_id)
    assert list(conversation.messages.values_list("direction", flat=True)) == ["in", "out"]


# Facebook page comments

def test_polling_page_comments_threads_replies_and_moves_the_cursor(fake_graph, page):
    old = int(time.time()) - 3600
    top = fake_graph.add_comment(post_id="PAGE_1_POST", text="¿Dónde está mi pedido?", from_id="USER_1",
                                 from_name="Jo Doe", created_time=old)
    reply = fake_graph.add_comment(post_id="PAGE_1_POST", text="a mí igual", from_id="USER_2", parent_id=top,
                                   created_time=old + 60)
    fake_graph.add_comment(post_id="PAGE_1_POST", text="Lo miramos", from_id="PAGE_1", created_time=old + 120)

    assert poll_account(page) == {Stream.PAGE_COMMENTS: 2}
    page.refresh_from_db()
    assert cursor(page, Stream.PAGE_COMMENTS) == old + 60 and page.last_polled_at
    assert Message.objects.get(external_id=reply).conversation_id == Message.objects.get(external_id=top).conversation_id
    assert Message.objects.get(external_id=top).customer.name == "Jo Doe"

    newer = fake_graph.add_comment(post_id="PAGE_1_OTHER", text="hola", from_id="USER_3")
    assert poll_account(page) == {Stream.PAGE_COMMENTS: 1} and Message.objects.filter(external_id=newer).exists()
    request = fake_graph.received("GET", "/PAGE_1_POST/comments")[-1]
    assert request.query["since"] == str(old + 60) and request.query["access_token"] == "page-token"


def test_polling_page_comments_follows_graph_paging(fake_graph, page):
    for n in range(130):
        fake_graph.add_comment(post_id="PAGE_1_POST", text=f"comentario {n}", from_id=f"USER_{n}")
    assert poll_account(page) == {Stream.PAGE_COMMENTS: 130}
    assert [r.query.get("after") for r in fake_graph.received("GET", "/PAGE_1_POST/comments")] == [None, "100"]


def test_a_polled_page_comment_redelivered_by_webhook_stores_nothing_new(client, fake_graph, page):
    comment = fake_graph.add_comment(post_id="PAGE_1_POST", text="Where is my order?", from_id="USER")
    poll_account(page)

    assert post_meta(client, page_comment(comment_id=comment, parent="PAGE_1_POST")).status_code == 200
    process_webhooks()
    assert Message.objects.filter(external_id=comment).count() == 1 and Message.objects.count() == 1
    assert poll_account(page) == {Stream.PAGE_COMMENTS: 0}  # and the next poll reads it again, storing nothing


def test_polled_page_comment_answered_by_an_agent_is_one_comment_reply(fake_graph, page):
    comment = fake_graph.add_comment(post_id="PAGE_1_POST", text="¿Abrís el domingo?", from_id="USER_1")
    poll_account(page)
    conversation = Message.objects.get(external_id=comment).conversation

    reply = send_reply(conversation, author=UserFactory(role="agent"), text="¡Sí, de 10 a 14!", visibility="public")
    assert deliver(reply.pk) == "sent"
    [post] = fake_graph.received("POST", "/comments")
    assert post.path.endswith(f"/{comment}/comments") and post.body["message"] == "¡Sí, de 10 a 14!"
    assert poll_account(page) == {Stream.PAGE_COMMENTS: 0}  # our reply is read back by the next poll, not stored


def test_expired_page_token_while_polling_flags_the_page_for_reauth(fake_graph, page):
    fake_graph.add_comment(post_id="PAGE_1_POST", text="hola", from_id="USER_1")
    fake_graph.fail_next(Fault(status=400, body=graph_error(190, "Error validating access token")[1],
                               after_recording=False))
    assert poll_account(page) == {}
    page.refresh_from_db()
    assert page.needs_reauth and "reconnect" in page.last_error and cursor(page, Stream.PAGE_COMMENTS) == 0
    assert page not in due_accounts()  # a page waiting for re-authentication is not polled


def test_graph_throttling_while_polling_waits_as_long_as_meta_estimates(fake_graph, page):
    fake_graph.error_next(32, regain_access_minutes=12)
    before = timezone.now()
    poll_account(page)
    page.refresh_from_db()
    assert timedelta(minutes=12) <= page.rate_limited_until - before < timedelta(minutes=13)
    assert page not in due_accounts() and not page.needs_reauth


# Instagram comments

def test_polling_instagram_comments_threads_replies_and_skips_ours(fake_graph, instagram):
    old = int(time.time()) - 600
    top = fake_graph.add_ig_comment(media_id="MEDIA_1", text="¿tenéis talla M?", from_id="IGU_7", username="moda_ana",
                                    created_time=old)
    answer = fake_graph.add_ig_comment(media_id="MEDIA_1", text="Sí, en tienda", from_id="IG_1", username="acme",
                                       parent_id=top, created_time=old + 30)
    follow_up = fake_graph.add_ig_comment(media_id="MEDIA_1", text="¿y online?", from_id="IGU_7", username="moda_ana",
                                          parent_id=top, created_time=old + 60)

    assert poll_account(instagram) == {Stream.MEDIA_COMMENTS: 2}
    assert not Message.objects.filter(external_id=answer).exists()
    first, second = Message.objects.get(external_id=top), Message.objects.get(external_id=follow_up)
    assert second.conversation_id == first.conversation_id and first.customer.handle == "moda_ana"
    assert cursor(instagram, Stream.MEDIA_COMMENTS) == old + 60

    newer = fake_graph.add_ig_comment(media_id="MEDIA_2", text="precioso", from_id="IGU_8", username="leo")
    assert poll_account(instagram) == {Stream.MEDIA_COMMENTS: 1} and Message.objects.filter(external_id=newer).exists()
    assert Message.objects.count() == 3


def test_a_polled_instagram_comment_redelivered_by_webhook_stores_nothing_new(client, fake_graph, instagram):
    comment = fake_graph.add_ig_comment(media_id="MEDIA_1", text="¿tenéis talla M?", from_id="IGU_7", username="moda_ana")
    poll_account(instagram)

    assert post_meta(client, instagram_comment(comment_id=comment)).status_code == 200
    process_webhooks()
    assert Message.objects.filter(external_id=comment).count() == 1


def test_polled_instagram_comment_answered_by_an_agent_is_one_reply(fake_graph, instagram):
    comment = fake_graph.add_ig_comment(media_id="MEDIA_1", text="¿hay envío a Canarias?", from_id="IGU_7")
    poll_account(instagram)
    conversation = Message.objects.get(external_id=comment).conversation

    reply = send_reply(conversation, author=UserFactory(role="agent"), text="¡Sí!", visibility="public")
    assert deliver(reply.pk) == "sent"
    [post] = fake_graph.received("POST", "/replies")
    assert post.path.endswith(f"/{comment}/replies") and post.body["message"] == "¡Sí!"
    assert poll_account(instagram) == {Stream.MEDIA_COMMENTS: 0}  # our reply comes back nested: skipped


# Cursors and the beat task

def test_a_cursor_only_moves_forward(x_account):
    assert PollCursor.advance(x_account, Stream.MENTIONS, 200)
    assert not PollCursor.advance(x_account, Stream.MENTIONS, 150)  # a slower, older poll finishing last
    assert not PollCursor.advance(x_account, Stream.MENTIONS, 0)
    assert cursor(x_account, Stream.MENTIONS) == 200


def test_due_accounts_are_the_active_ones_not_waiting(x_account, page, instagram):
    ChannelAccount.objects.filter(pk=instagram.pk).update(is_active=False)
    assert set(due_accounts()) == {x_account, page}


@pytest.mark.parametrize("task, queue", [
    ("integrations.tasks.poll_accounts", "ingest"),
    ("integrations.tasks.poll_account", "ingest"),
    ("integrations.tasks.deliver_reply", "deliver"),
])
def test_polls_run_on_the_ingest_queue_and_replies_on_the_deliver_queue(task, queue):
    from helpdesk.celery import app

    assert app.amqp.router.route({}, task)["queue"].name == queue
