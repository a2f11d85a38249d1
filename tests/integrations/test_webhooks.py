import base64
import hashlib
import hmac
import json

import pytest

from inbox.models import Conversation, Message, RawEvent
from inbox.services import process_raw_event
from tests.networks import (
    VERIFY_TOKEN, X_SECRET, dm_event, instagram_comment, messenger, page_comment, post_meta, post_x,
    tweet_event,
)

pytestmark = pytest.mark.django_db


def process_all():
    for raw_event in RawEvent.objects.filter(processed_at__isnull=True):
        process_raw_event(raw_event)


# X

def test_x_crc_challenge_is_answered_with_the_hmac_of_the_token(client, network_settings):
    response = client.get("/webhooks/x/", {"crc_token": "challenge-123"})
    expected = base64.b64encode(hmac.new(X_SECRET.encode(), b"challenge-123", hashlib.sha256).digest()).decode()
    assert response.status_code == 200
    assert response.json() == {"response_token": f"sha256={expected}"}


def test_signed_tweet_is_stored_first_then_becomes_a_conversation(client, network_settings, x_account):
    response = post_x(client, tweet_event())

    assert response.status_code == 200 and response.json()["status"] == "stored"
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 0  # stored, processed after
    process_all()
    message = Message.objects.get(external_id="1790000000000000002")
    assert message.conversation.account == x_account
    assert (message.customer.handle, message.customer.followers, message.visibility) == ("jo", 1234, "public")
    x_account.refresh_from_db()
    assert x_account.last_webhook_at is not None


def test_long_tweet_uses_the_full_text(client, network_settings, x_account):
    post_x(client, tweet_event(truncated=True, text="short…", extended_tweet={"full_text": "the whole long text"}))
    process_all()
    assert Message.objects.get().text == "the whole long text"


def test_direct_message_opens_a_private_conversation(client, network_settings, x_account):
    post_x(client, dm_event())
    process_all()
    message = Message.objects.get()
    assert (message.visibility, message.conversation.visibility, message.customer.handle) == ("private", "private", "jo")


def test_our_own_tweets_and_dms_coming_back_are_ignored(client, network_settings, x_account):
    own = post_x(client, tweet_event(user_id="1500"))
    own_dm = post_x(client, dm_event(sender="1500"))
    assert own.json()["status"] == own_dm.json()["status"] == "ignored"
    assert RawEvent.objects.count() == 0


@pytest.mark.parametrize("header", [None, "sha256=bm9wZQ==", "garbage"])
def test_bad_x_signature_is_403_and_stores_nothing(client, network_settings, x_account, header):
    headers = {"x-twitter-webhooks-signature": header} if header else {}
    response = client.post("/webhooks/x/", data=json.dumps(tweet_event()), content_type="application/json",
                           headers=headers)
    assert response.status_code == 403
    assert RawEvent.objects.count() == 0


def test_signature_with_another_secret_is_refused(client, network_settings, x_account):
    assert post_x(client, tweet_event(), secret="not-the-secret").status_code == 403


@pytest.mark.parametrize("body, reason", [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (json.dumps({"tweet_create_events": []}).encode(), "for_user_id"),
    (json.dumps({"for_user_id": "1500", "tweet_create_events": [{"id_str": "1"}]}).encode(), "user.id_str"),
    (json.dumps({"for_user_id": "1500", "tweet_create_events": "nope"}).encode(), "must be a list"),
    (json.dumps(tweet_event(created_at="yesterday")).encode(), "created_at"),
])
def test_malformed_x_body_is_400_with_the_reason(client, network_settings, x_account, body, reason):
    response = post_x(client, None, body=body)
    assert response.status_code == 400
    assert reason in response.json()["detail"]
    assert RawEvent.objects.count() == 0


def test_oversized_body_is_413(client, network_settings, x_account, settings):
    settings.WEBHOOK_MAX_BODY_BYTES = 1000
    response = post_x(client, tweet_event(text="x" * 2000))
    assert response.status_code == 413
    assert RawEvent.objects.count() == 0


def test_redelivered_event_stores_nothing_new(client, network_settings, x_account):
    first = post_x(client, tweet_event())
    process_all()
    again = post_x(client, tweet_event())
    process_all()
    # A redelivery with a different envelope (new timestamp) is a new raw event but the same message.
    post_x(client, tweet_event(timestamp_ms="1715594499999"))
    process_all()

    assert first.json()["status"] == "stored" and again.json()["status"] == "duplicate"
    assert Message.objects.count() == 1 and Conversation.objects.count() == 1


def test_unknown_event_types_are_acknowledged_and_ignored(client, network_settings, x_account):
    response = post_x(client, {"for_user_id": "1500", "favorite_events": [{"id": "1"}], "follow_events": []})
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert RawEvent.objects.count() == 0


# Meta

def test_meta_verification_echoes_the_challenge_only_with_the_right_token(client, network_settings):
    ok = client.get("/webhooks/meta/", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "c-42"})
    bad = client.get("/webhooks/meta/", {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "c-42"})
    assert (ok.status_code, ok.content, ok["Content-Type"]) == (200, b"c-42", "text/plain")
    assert bad.status_code == 403


def test_page_comment_and_reply_to_it_share_a_conversation(client, network_settings, page):
    post_meta(client, page_comment())
    post_meta(client, page_comment(comment_id="REPLY_1", text="¿alguien?", parent="POST_COMMENT"))
    process_all()
    first, reply = Message.objects.order_by("id")
    assert first.conversation_id == reply.conversation_id
    assert first.customer.name == "Jo Doe"


def test_messenger_message_is_private_and_echoes_are_skipped(client, network_settings, page):
    post_meta(client, messenger())
    assert post_meta(client, messenger(mid="m_2", echo=True)).json()["status"] == "ignored"
    process_all()
    message = Message.objects.get()
    assert (message.network, message.visibility, message.customer.external_id) == ("facebook", "private", "PSID_9")


def test_instagram_comment_is_ingested(client, network_settings, instagram):
    post_meta(client, instagram_comment())
    process_all()
    message = Message.objects.get()
    assert (message.network, message.customer.handle, message.conversation.account) == ("instagram", "moda_ana", instagram)


def test_edits_removals_and_the_pages_own_comments_are_ignored(client, network_settings, page):
    for payload in (page_comment(verb="edited"), page_comment(verb="remove"), page_comment(sender="PAGE_1")):
        assert post_meta(client, payload).json()["status"] == "ignored"
    assert RawEvent.objects.count() == 0


def test_bad_meta_signature_is_403_and_stores_nothing(client, network_settings, page):
    assert post_meta(client, page_comment(), secret="wrong").status_code == 403
    response = client.post("/webhooks/meta/", data=json.dumps(page_comment()), content_type="application/json")
    assert response.status_code == 403
    assert RawEvent.objects.count() == 0


@pytest.mark.parametrize("payload, reason", [
    ({"object": "page", "entry": "x"}, "entry: must be a list"),
    ({"object": "page", "entry": [{"changes": []}]}, "entry[0].id"),
    ({"object": "page", "entry": [{"id": "PAGE_1", "changes": [{"field": "feed", "value": {
        "item": "comment", "verb": "add", "message": "hi"}}]}]}, "from.id"),
    ({"object": "page", "entry": [{"id": "PAGE_1", "messaging": [{"message": {"text": "hi"}}]}]}, "sender.id"),
])
def test_malformed_meta_body_is_400_with_the_reason(client, network_settings, page, payload, reason):
    response = post_meta(client, payload)
    assert response.status_code == 400
    assert reason in response.json()["detail"]


def test_meta_objects_we_do_not_subscribe_to_are_ignored(client, network_settings):
    assert post_meta(client, {"object": "whatsapp_business_account", "entry": []}).json()["status"] == "ignored"


def test_unsigned_secrets_missing_means_503_not_open_door(client, settings, monkeypatch, page):
    monkeypatch.delenv("META_APP_SECRET", raising=False)
    settings.META_APP_SECRET = ""
    body = json.dumps(page_comment()).encode()
    response = client.post("/webhooks/meta/", data=body, content_type="application/json",
                           headers={"X-Hub-Signature-256": "sha256=" + hmac.new(b"", body, hashlib.sha256).hexdigest()})
    assert response.status_code == 503
