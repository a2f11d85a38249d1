import time

import pytest

from inbox.models import ChannelAccount, Message
from integrations.fakes.base import Fault
from integrations.fakes.graph import graph_error
from integrations.polling import poll_active_accounts, poll_page_comments, poll_x_direct_messages, poll_x_mentions

pytestmark = pytest.mark.django_db


def test_polling_pages_through_new_mentions_and_moves_the_cursor(fake_x, x_account):
    ids = [fake_x.add_mention(text=f"@AcmeHelp pregunta {n}", author_id=f"u{n % 7}", username=f"user{n % 7}",
                              followers=100 + n) for n in range(130)]

    assert poll_x_mentions(x_account) == 130
    x_account.refresh_from_db()
    assert x_account.poll_cursor == ids[-1] and x_account.last_polled_at
    assert len(fake_x.received("GET", "/mentions")) == 2  # two pages of 100
    assert Message.objects.get(external_id=ids[0]).customer.handle == "user0"

    new = fake_x.add_mention(text="@AcmeHelp otra", author_id="u1", username="user1", in_reply_to=ids[3])
    assert poll_x_mentions(x_account) == 1
    assert fake_x.received("GET", "/mentions")[-1].query["since_id"] == ids[-1]
    assert Message.objects.get(external_id=new).conversation_id == Message.objects.get(external_id=ids[3]).conversation_id


def test_rate_limited_poll_keeps_the_cursor_and_records_the_reset(fake_x, x_account):
    fake_x.add_mention(text="@AcmeHelp hola", author_id="u1", username="user1")
    reset = int(time.time()) + 600
    fake_x.fail_next(Fault(status=429, body={"title": "Too Many Requests"}, headers={"x-rate-limit-reset": str(reset)},
                           after_recording=False))

    assert poll_x_mentions(x_account) == 0
    account = ChannelAccount.objects.get(pk=x_account.pk)
    assert account.poll_cursor == "" and int(account.rate_limited_until.timestamp()) == reset
    assert "rate limit" in account.last_error


def test_polling_direct_messages_ingests_only_new_ones_from_customers(fake_x, x_account):
    first = fake_x.add_dm(text="hola, ¿mi pedido 123?", sender_id="42", username="jo", followers=1234)
    fake_x.add_dm(text="te respondemos por aquí", sender_id="1500", username="AcmeHelp")  # our own

    assert poll_x_direct_messages(x_account) == 1
    message = Message.objects.get(external_id=first)
    assert (message.visibility, message.customer.handle, message.customer.followers) == ("private", "jo", 1234)

    second = fake_x.add_dm(text="es urgente", sender_id="42", username="jo")
    assert poll_x_direct_messages(x_account) == 1
    assert Message.objects.get(external_id=second).conversation_id == message.conversation_id
    assert poll_x_direct_messages(x_account) == 0
    assert [r.query.get("event_types") for r in fake_x.received("GET", "/2/dm_events")] == ["MessageCreate"] * 3


def test_polling_direct_messages_pages_until_it_reaches_the_stored_ones(fake_x, x_account):
    ids = [fake_x.add_dm(text=f"mensaje {n}", sender_id=f"u{n % 3}", username=f"user{n % 3}") for n in range(150)]

    assert poll_x_direct_messages(x_account) == 150
    assert len(fake_x.received("GET", "/2/dm_events")) == 2
    fake_x.add_dm(text="uno más", sender_id="u1", username="user1")
    assert poll_x_direct_messages(x_account) == 1
    assert len(fake_x.received("GET", "/2/dm_events")) == 3  # the first page already reaches stored events
    assert Message.objects.filter(external_id__in=ids).count() == 150


def test_polling_page_comments_threads_replies_and_moves_the_cursor(fake_graph, page):
    old = int(time.time()) - 3600
    top = fake_graph.add_comment(post_id="PAGE_1_POST", text="¿Dónde está mi pedido?", from_id="USER_1",
                                 from_name="Jo Doe", created_time=old)
    reply = fake_graph.add_comment(post_id="PAGE_1_POST", text="a mí igual", from_id="USER_2", parent_id=top,
                                   created_time=old + 60)
    fake_graph.add_comment(post_id="PAGE_1_POST", text="Lo miramos", from_id="PAGE_1", created_time=old + 120)

    assert poll_page_comments(page) == 2
    page.refresh_from_db()
    assert page.poll_cursor == str(old + 60) and page.last_polled_at
    assert Message.objects.get(external_id=reply).conversation_id == Message.objects.get(external_id=top).conversation_id
    assert Message.objects.get(external_id=top).customer.name == "Jo Doe"

    newer = fake_graph.add_comment(post_id="PAGE_1_OTHER", text="hola", from_id="USER_3")
    assert poll_page_comments(page) == 1 and Message.objects.filter(external_id=newer).exists()
    assert fake_graph.received("GET", "/PAGE_1_POST/comments")[-1].query["since"] == str(old + 60)


def test_polling_page_comments_follows_graph_paging(fake_graph, page):
    for n in range(130):
        fake_graph.add_comment(post_id="PAGE_1_POST", text=f"comentario {n}", from_id=f"USER_{n}")
    assert poll_page_comments(page) == 130
    assert len(fake_graph.received("GET", "/PAGE_1_POST/comments")) == 2


def test_expired_page_token_while_polling_flags_the_page_for_reauth(fake_graph, page):
    fake_graph.fail_next(Fault(status=400, body=graph_error(190, "Error validating access token")[1],
                               after_recording=False))
    assert poll_page_comments(page) == 0
    page.refresh_from_db()
    assert page.needs_reauth and "reconnect" in page.last_error and page.poll_cursor == ""
    assert poll_active_accounts() == {}  # a page waiting for re-authentication is not polled


def test_poll_task_covers_x_mentions_dms_and_pages(fake_x, fake_graph, x_account, page):
    fake_x.add_mention(text="@AcmeHelp hola", author_id="u1", username="user1")
    fake_x.add_dm(text="hola por privado", sender_id="u2", username="user2")
    fake_graph.add_comment(post_id="PAGE_1_POST", text="hola página", from_id="USER_1")
    assert poll_active_accounts() == {"AcmeHelp": 2, "Acme": 1}
