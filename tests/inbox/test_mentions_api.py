import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from inbox.models import Conversation, Message
from tests.factories import ChannelAccountFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/mentions/"


@pytest.fixture
def account():
    return ChannelAccountFactory(network="x", handle="AcmeHelp", external_id="1500")


@pytest.fixture
def api(db):
    client = APIClient()
    token = Token.objects.create(user=UserFactory(role="admin"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def mention(**overrides):
    body = {
        "network": "x", "account": "AcmeHelp", "external_id": "1790000000000000002",
        "author": {"external_id": "42", "handle": "jo", "name": "Jo", "followers": 1234, "verified": False},
        "text": "@AcmeHelp my order #123 is late", "created_at": "2026-11-20T10:00:00Z",
    }
    body.update(overrides)
    return body


def test_one_mention_is_stored_and_reported(api, account):
    response = api.post(URL, mention(), format="json")

    assert response.status_code == 201
    [result] = response.json()
    assert result["created"] is True
    message = Message.objects.get(pk=result["message_id"])
    assert message.text == "@AcmeHelp my order #123 is late"
    assert message.conversation_id == result["conversation_id"]


def test_a_list_is_stored_and_a_redelivery_stores_nothing_new(api, account):
    batch = [mention(external_id=str(n)) for n in range(5)]
    assert api.post(URL, batch, format="json").status_code == 201
    again = api.post(URL, batch, format="json")

    assert again.status_code == 200
    assert [r["created"] for r in again.json()] == [False] * 5
    assert Message.objects.count() == 5


def test_invalid_items_are_named_with_their_field_and_nothing_is_stored(api, account):
    batch = [mention(external_id="ok"), mention(external_id="bad", network="myspace", author={"handle": "x"})]
    response = api.post(URL, batch, format="json")

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["index"] == 1
    assert set(error["errors"]) == {"network", "author"}
    assert "external_id" in error["errors"]["author"]
    assert Message.objects.count() == 0


def test_unknown_account_is_a_clear_400(api, account):
    response = api.post(URL, [mention(), mention(external_id="2", account="Nobody")], format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"index": 1, "errors": {"account": ["no active x account 'Nobody'"]}}]
    assert Message.objects.count() == 0


def test_more_than_500_mentions_are_refused(api, account):
    response = api.post(URL, [mention(external_id=str(n)) for n in range(501)], format="json")
    assert response.status_code == 400
    assert "at most 500" in json.dumps(response.json())


def test_malformed_json_is_a_400(api, account):
    response = api.post(URL, data=b'{"network": ', content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_oversized_body_is_refused_with_413(api, account, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api.post(URL, mention(text="x" * 9_000, raw={"pad": "y" * 5_000}), format="json")
    assert response.status_code == 413
    assert Message.objects.count() == 0


def test_hostile_text_is_stored_verbatim(api, account):
    text = "<script>alert(1)</script><img src=x onerror=alert(2)> '; DROP TABLE inbox_message; --"
    api.post(URL, mention(text=text), format="json")
    assert Message.objects.get().text == text


@pytest.mark.parametrize("role, status", [(None, 401), ("agent", 403), ("supervisor", 403), ("admin", 201)])
def test_only_admin_tokens_may_import(account, role, status):
    client = APIClient()
    if role:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory(role=role)).key}")
    assert client.post(URL, mention(), format="json").status_code == status
    assert Conversation.objects.count() == (1 if status == 201 else 0)
