"""Webhook in → conversation → agent reply → exactly one post at the fake network, with the right target."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from inbox.actions import send_reply
from inbox.models import Conversation, Message, RawEvent
from inbox.services import process_raw_event
from integrations.delivery import deliver
from integrations.fakes.base import Fault
from integrations.fakes.graph import graph_error
from integrations.meta.adapter import graph_for
from tests.factories import UserFactory
from tests.networks import dm_event, instagram_comment, messenger, page_comment, post_meta, post_x, tweet_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return UserFactory(role="agent")


def conversation_from(client, post, payload) -> Conversation:
    assert post(client, payload).status_code == 200
    for raw_event in RawEvent.objects.filter(processed_at__isnull=True):
        process_raw_event(raw_event)
    return Conversation.objects.latest("id")


def test_public_reply_on_x_posts_one_tweet_in_reply_to_the_mention(client, fake_x, x_account, agent):
    conversation = conversation_from(client, post_x, tweet_event(tweet_id="1790000000000000002"))
    reply = send_reply(conversation, author=agent, text="Hola Jo, lo miramos ya", visibility="public")

    assert deliver(reply.pk) == "sent"
    [post] = fake_x.received("POST", "/2/tweets")
    assert post.body == {"text": "Hola Jo, lo miramos ya", "reply": {"in_reply_to_tweet_id": "1790000000000000002"}}
    reply.refresh_from_db()
    assert reply.external_id == fake_x.tweets[0]["id"]
    assert reply.external_url == f"https://x.com/AcmeHelp/status/{reply.external_id}"
    assert deliver(reply.pk) == "sent" and len(fake_x.received("POST", "/2/tweets")) == 1  # a rerun posts nothing


def test_private_reply_on_x_is_a_dm_to_the_customer(client, fake_x, x_account, agent):
    conversation = conversation_from(client, post_x, dm_event())
    reply = send_reply(conversation, author=agent, text="Te escribo por aquí", visibility="private")

    assert deliver(reply.pk) == "sent"
    [post] = fake_x.received("POST", "/2/dm_conversations/with/42/messages")
    assert post.body == {"text": "Te escribo por aquí"}


def test_public_to_private_handoff_keeps_one_conversation(client, fake_x, x_account, agent):
    conversation = conversation_from(client, post_x, tweet_event())
    public = send_reply(conversation, author=agent, text="Te hemos enviado un DM", visibility="public")
    private = send_reply(conversation, author=agent, text="¿Me pasas tu número de pedido?", visibility="private")
    assert deliver(public.pk) == deliver(private.pk) == "sent"
    post_x(client, dm_event(text="Es el 123"))
    for raw_event in RawEvent.objects.filter(processed_at__isnull=True):
        process_raw_event(raw_event)

    assert Message.objects.get(text="Es el 123").conversation_id == conversation.pk
    assert len(fake_x.received("POST", "/2/tweets")) == 1
    assert len(fake_x.received("POST", "/2/dm_conversations/with/42/messages")) == 1


def test_facebook_comment_reply_goes_to_the_comment(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, page_comment(comment_id="PAGE_POST_777"))
    reply = send_reply(conversation, author=agent, text="Hi Jo, checking now", visibility="public")

    assert deliver(reply.pk) == "sent"
    [post] = fake_graph.received("POST", "/PAGE_POST_777/comments")
    assert post.body["message"] == "Hi Jo, checking now"
    assert post.query["access_token"] == "page-token" and post.query["appsecret_proof"]


def test_messenger_reply_is_sent_to_the_psid(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, messenger())
    reply = send_reply(conversation, author=agent, text="¡Hola! Ahora lo vemos", visibility="private")

    assert deliver(reply.pk) == "sent"
    [post] = fake_graph.received("POST", "/me/messages")
    assert post.body == {"recipient": {"id": "PSID_9"}, "messaging_type": "RESPONSE", "message": {"text": "¡Hola! Ahora lo vemos"}}


def test_private_reply_to_a_facebook_comment_goes_to_its_author(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, page_comment(comment_id="C_9"))
    reply = send_reply(conversation, author=agent, text="Te escribimos por privado", visibility="private")

    assert deliver(reply.pk) == "sent"
    [post] = fake_graph.received("POST", "/me/messages")
    assert post.body["recipient"] == {"comment_id": "C_9"}


def test_instagram_comment_reply_uses_the_replies_edge(client, fake_graph, instagram, agent):
    conversation = conversation_from(client, post_meta, instagram_comment(comment_id="IGC_5"))
    reply = send_reply(conversation, author=agent, text="¡Sí! Hay talla M", visibility="public")

    assert deliver(reply.pk) == "sent"
    assert len(fake_graph.received("POST", "/IGC_5/replies")) == 1


def test_x_429_waits_for_the_reset_time(client, fake_x, x_account, agent):
    conversation = conversation_from(client, post_x, tweet_event())
    reset = int(time.time()) + 120
    fake_x.fail_next(Fault(status=429, body={"title": "Too Many Requests", "status": 429},
                           headers={"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"},
                           method="POST", path_contains="/2/tweets", after_recording=False))
    reply = send_reply(conversation, author=agent, text="Hola", visibility="public")

    assert deliver(reply.pk) == "queued"
    reply.refresh_from_db()
    assert int(reply.next_attempt_at.timestamp()) == reset
    assert "rate limit" in reply.last_error
    assert deliver(reply.pk) == "queued"  # not due yet: nothing is posted before the reset
    assert fake_x.received("POST", "/2/tweets") == []
    x_account.refresh_from_db()
    assert int(x_account.rate_limited_until.timestamp()) == reset

    Message.objects.filter(pk=reply.pk).update(next_attempt_at=timezone.now())  # the reset time has come
    assert deliver(reply.pk) == "sent"
    assert len(fake_x.received("POST", "/2/tweets")) == 1


@pytest.mark.parametrize("code, subcode, expected_state, reason", [
    (190, None, "failed", "access token expired"),
    (10, 2018278, "failed", "within 24 hours"),
    (200, None, "failed", "missing a permission"),
    (4, None, "queued", "throttling"),
    (613, None, "queued", "throttling"),
    (2, None, "sending", "temporary problem"),  # may have been sent: read back first next time
])
def test_graph_errors_retry_or_fail_with_a_reason_for_the_agent(client, fake_graph, page, agent, code, subcode,
                                                                expected_state, reason):
    conversation = conversation_from(client, post_meta, messenger())
    status, body = graph_error(code, "(#%d) some Graph message" % code, subcode=subcode)
    fake_graph.fail_next(Fault(status=status, body=body, method="POST", after_recording=False))
    reply = send_reply(conversation, author=agent, text="Hola", visibility="private")

    assert deliver(reply.pk) == expected_state
    reply.refresh_from_db()
    assert reason in reply.last_error
    page.refresh_from_db()
    assert page.needs_reauth == (code == 190)


def test_a_reply_left_sending_after_a_crash_is_reconciled_not_posted_again(client, fake_x, x_account, agent):
    conversation = conversation_from(client, post_x, tweet_event(tweet_id="555"))
    reply = send_reply(conversation, author=agent, text="Ya está solucionado", visibility="public")
    # The first attempt posted, then the worker died before storing "sent".
    from integrations.x.client import x_client

    x_client(x_account).create_tweet(text="Ya está solucionado", in_reply_to_tweet_id="555")
    Message.objects.filter(pk=reply.pk).update(delivery_state="sending", delivery_attempts=1,
                                               next_attempt_at=timezone.now())

    assert deliver(reply.pk) == "sent"
    assert len(fake_x.received("POST", "/2/tweets")) == 1
    reply.refresh_from_db()
    assert reply.external_id == fake_x.tweets[0]["id"]
    assert conversation.events.get(kind="reply_sent").data["reconciled"] is True


def test_a_reply_whose_answer_timed_out_is_read_back_before_any_new_post(client, fake_x, x_account, agent, settings):
    conversation = conversation_from(client, post_x, tweet_event(tweet_id="777"))
    fake_x.fail_next(Fault(status=201, delay=1.5, method="POST", path_contains="/2/tweets"))  # posts, answers late
    reply = send_reply(conversation, author=agent, text="Hola", visibility="public")
    settings.NETWORK_READ_TIMEOUT = 0.5

    assert deliver(reply.pk) == "sending"
    reply.refresh_from_db()
    assert "did not answer in time" in reply.last_error
    Message.objects.filter(pk=reply.pk).update(next_attempt_at=timezone.now())
    assert deliver(reply.pk) == "sent"
    assert len(fake_x.received("POST", "/2/tweets")) == 1


def test_unreachable_network_is_retried_later_with_backoff(client, fake_x, x_account, agent, settings):
    conversation = conversation_from(client, post_x, tweet_event())
    reply = send_reply(conversation, author=agent, text="Hola", visibility="public")
    fake_x.stop()

    assert deliver(reply.pk) == "queued"
    reply.refresh_from_db()
    assert "could not be reached" in reply.last_error
    assert reply.next_attempt_at > timezone.now()


def crashed_after_posting(reply) -> None:
    """The first attempt reached the network, then the worker died before storing "sent"."""
    Message.objects.filter(pk=reply.pk).update(delivery_state="sending", delivery_attempts=1,
                                               next_attempt_at=timezone.now())


def test_a_facebook_comment_reply_left_sending_is_read_back_not_posted_again(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, page_comment(comment_id="PAGE_POST_42"))
    reply = send_reply(conversation, author=agent, text="Ya lo hemos resuelto", visibility="public")
    graph_for(page).post("PAGE_POST_42/comments", message="Ya lo hemos resuelto")
    crashed_after_posting(reply)

    assert deliver(reply.pk) == "sent"
    assert len(fake_graph.received("POST", "/PAGE_POST_42/comments")) == 1
    reply.refresh_from_db()
    assert reply.external_id == fake_graph.comments["PAGE_POST_42"][0]["id"]


def test_a_messenger_reply_left_sending_is_read_back_from_the_thread(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, messenger())
    reply = send_reply(conversation, author=agent, text="Te ayudamos por aquí", visibility="private")
    graph_for(page).post("me/messages", json={"recipient": {"id": "PSID_9"}, "messaging_type": "RESPONSE",
                                              "message": {"text": "Te ayudamos por aquí"}})
    crashed_after_posting(reply)

    assert deliver(reply.pk) == "sent"
    assert len(fake_graph.received("POST", "/me/messages")) == 1
    reply.refresh_from_db()
    assert reply.external_id == fake_graph.sent[0]["id"]


def test_a_private_reply_to_a_comment_left_sending_is_not_sent_twice(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, page_comment(comment_id="C_77"))
    reply = send_reply(conversation, author=agent, text="Te escribimos por privado", visibility="private")
    graph_for(page).post("me/messages", json={"recipient": {"comment_id": "C_77"}, "messaging_type": "RESPONSE",
                                              "message": {"text": "Te escribimos por privado"}})
    crashed_after_posting(reply)

    assert deliver(reply.pk) == "sent"  # Meta now says can_reply_privately: false, so it was sent
    assert len(fake_graph.received("POST", "/me/messages")) == 1
    assert fake_graph.received("GET", "/C_77")[-1].query["fields"] == "can_reply_privately"


def test_a_private_reply_to_a_comment_whose_first_attempt_never_arrived_is_sent(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, page_comment(comment_id="C_78"))
    reply = send_reply(conversation, author=agent, text="Te escribimos por privado", visibility="private")
    crashed_after_posting(reply)  # but nothing reached Meta

    assert deliver(reply.pk) == "sent"
    [post] = fake_graph.received("POST", "/me/messages")
    assert post.body["recipient"] == {"comment_id": "C_78"}


def test_graph_throttling_waits_as_long_as_meta_estimates(client, fake_graph, page, agent):
    conversation = conversation_from(client, post_meta, page_comment(comment_id="PAGE_POST_9"))
    fake_graph.error_next(32, method="POST", regain_access_minutes=17)
    reply = send_reply(conversation, author=agent, text="Hola", visibility="public")

    before = timezone.now()
    assert deliver(reply.pk) == "queued"
    reply.refresh_from_db()
    waited = reply.next_attempt_at - before
    assert timedelta(minutes=17) <= waited < timedelta(minutes=18)
    page.refresh_from_db()
    assert page.rate_limited_until == reply.next_attempt_at
    assert fake_graph.received("POST", "/PAGE_POST_9/comments") == []

    Message.objects.filter(pk=reply.pk).update(next_attempt_at=timezone.now())
    assert deliver(reply.pk) == "sent"
    assert len(fake_graph.received("POST", "/PAGE_POST_9/comments")) == 1


def test_x_429_twice_in_a_row_retries_at_each_reset(client, fake_x, x_account, agent):
    conversation = conversation_from(client, post_x, tweet_event(tweet_id="31337"))
    first_reset, second_reset = int(time.time()) + 60, int(time.time()) + 900
    fake_x.rate_limit_next(reset=first_reset, method="POST", path_contains="/2/tweets")
    reply = send_reply(conversation, author=agent, text="Hola", visibility="public")

    assert deliver(reply.pk) == "queued"
    reply.refresh_from_db()
    assert int(reply.next_attempt_at.timestamp()) == first_reset
    fake_x.rate_limit_next(reset=second_reset, method="POST", path_contains="/2/tweets")
    Message.objects.filter(pk=reply.pk).update(next_attempt_at=timezone.now())
    assert deliver(reply.pk) == "queued"
    reply.refresh_from_db()
    assert int(reply.next_attempt_at.timestamp()) == second_reset
    Message.objects.filter(pk=reply.pk).update(next_attempt_at=timezone.now())
    assert deliver(reply.pk) == "sent"
    [post] = fake_x.received("POST", "/2/tweets")
    assert post.body["reply"] == {"in_reply_to_tweet_id": "31337"}
