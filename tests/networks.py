"""Fake network servers, network settings and webhook payload builders shared by the tests."""

import json

import pytest

from integrations.fakes import FakeGraph, FakeX
from integrations.signatures import meta_signature, x_signature
from tests.factories import ChannelAccountFactory

X_SECRET = "x-consumer-secret-for-tests"
META_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "verify-me"


@pytest.fixture
def network_settings(settings, monkeypatch):
    for name, value in {"X_CONSUMER_SECRET": X_SECRET, "X_CONSUMER_KEY": "ck", "X_BEARER_TOKEN": "bearer",
                        "X_ACCESS_TOKEN": "at", "X_ACCESS_TOKEN_SECRET": "ats", "META_APP_SECRET": META_SECRET,
                        "META_VERIFY_TOKEN": VERIFY_TOKEN, "META_PAGE_TOKEN": "page-token"}.items():
        monkeypatch.setenv(name, value)
    return settings


@pytest.fixture
def fake_x(network_settings):
    with FakeX(account_id="1500") as server:
        network_settings.X_API_BASE_URL = server.url
        yield server


@pytest.fixture
def fake_graph(network_settings):
    with FakeGraph(page_id="PAGE_1") as server:
        network_settings.META_GRAPH_URL = server.url
        yield server


@pytest.fixture
def x_account(db):
    return ChannelAccountFactory(network="x", external_id="1500", handle="AcmeHelp")


@pytest.fixture
def page(db):
    return ChannelAccountFactory(network="facebook", external_id="PAGE_1", handle="Acme")


@pytest.fixture
def instagram(db):
    return ChannelAccountFactory(network="instagram", external_id="IG_1", handle="acme")


def post_x(client, payload, *, secret=X_SECRET, body: bytes | None = None):
    body = json.dumps(payload).encode() if body is None else body
    return client.post("/webhooks/x/", data=body, content_type="application/json",
                       headers={"x-twitter-webhooks-signature": x_signature(secret, body)})


def post_meta(client, payload, *, secret=META_SECRET, body: bytes | None = None):
    body = json.dumps(payload).encode() if body is None else body
    return client.post("/webhooks/meta/", data=body, content_type="application/json",
                       headers={"X-Hub-Signature-256": meta_signature(secret, body)})


def tweet_event(tweet_id="1790000000000000002", text="@AcmeHelp my order #123 is late", user_id="42", **extra):
    tweet = {"created_at": "Mon May 13 10:00:00 +0000 2024", "id_str": tweet_id, "text": text, "truncated": False,
             "in_reply_to_status_id_str": None,
             "user": {"id_str": user_id, "name": "Jo", "screen_name": "jo", "followers_count": 1234, "verified": False},
             "entities": {"user_mentions": [{"screen_name": "AcmeHelp", "id_str": "1500"}]},
             "timestamp_ms": "1715594400000", **extra}
    return {"for_user_id": "1500", "tweet_create_events": [tweet]}


def dm_event(event_id="1790000000000000600", text="hi, order #123?", sender="42"):
    return {"for_user_id": "1500", "direct_message_events": [{
        "type": "message_create", "id": event_id, "created_timestamp": "1715594700000",
        "message_create": {"target": {"recipient_id": "1500"}, "sender_id": sender, "message_data": {"text": text}}}],
        "users": {"42": {"id": "42", "screen_name": "jo", "name": "Jo", "followers_count": 1234}}}


def page_comment(comment_id="POST_COMMENT", text="Where is my order?", sender="USER", parent="PAGE_POST", verb="add"):
    return {"object": "page", "entry": [{"id": "PAGE_1", "time": 1715594400, "changes": [{"field": "feed", "value": {
        "item": "comment", "verb": verb, "comment_id": comment_id, "post_id": "PAGE_POST", "parent_id": parent,
        "from": {"id": sender, "name": "Jo Doe"}, "message": text, "created_time": 1715594400}}]}]}


def messenger(mid="m_1", text="hola, ¿mi pedido?", sender="PSID_9", echo=False):
    message = {"mid": mid, "text": text}
    if echo:
        message["is_echo"] = True
    return {"object": "page", "entry": [{"id": "PAGE_1", "time": 1715594459000, "messaging": [{
        "sender": {"id": sender}, "recipient": {"id": "PAGE_1"}, "timestamp": 1715594459000, "message": message}]}]}


def instagram_comment(comment_id="IGC_1", text="¿tenéis talla M?", sender="IGU_7"):
    return {"object": "instagram", "entry": [{"id": "IG_1", "time": 1715594400, "changes": [{"field": "comments", "value": {
        "id": comment_id, "text": text, "from": {"id": sender, "username": "moda_ana"}, "media": {"id": "MEDIA_1"}}}]}]}
