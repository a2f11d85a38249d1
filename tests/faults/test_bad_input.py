"""A corpus of hostile and broken bodies: each gets a clear 4xx and leaves the database as it was."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from inbox.models import Conversation, Customer, Message, RawEvent
from tests.factories import ChannelAccountFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.fault]
URL = "/api/v1/mentions/"

GOOD = {"network": "x", "account": "AcmeHelp", "external_id": "1", "author": {"external_id": "42"}, "text": "hola"}

CORPUS = {
    "truncated JSON": (b'{"network": "x", ', "JSON parse error"),
    "not JSON at all": (b"<xml>hello</xml>", "JSON parse error"),
    "invalid UTF-8": (b'{"text": "\xff\xfe\xfa"}', "JSON parse error"),
    "deeply nested arrays": (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
    "deeply nested objects": (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
    "a bare string": (b'"hello"', "non_field_errors"),
    "a number": (b"42", "non_field_errors"),
    "null": (b"null", "non_field_errors"),
    "empty list": (b"[]", "the list is empty"),
    "wrong types": (json.dumps({**GOOD, "author": {"external_id": "42", "followers": "many"}, "text": ["a"]}).encode(),
                    "A valid integer is required"),
    "negative followers": (json.dumps({**GOOD, "author": {"external_id": "42", "followers": -5}}).encode(),
                           "greater than or equal to 0"),
    "huge text": (json.dumps({**GOOD, "text": "a" * 20_000}).encode(), "no more than 10000 characters"),
    "huge external id": (json.dumps({**GOOD, "external_id": "9" * 500}).encode(), "no more than 128 characters"),
    "raw that is a list": (json.dumps({**GOOD, "raw": [1, 2]}).encode(), "must be a JSON object"),
    "unknown network": (json.dumps({**GOOD, "network": "friendster"}).encode(), "is not a valid choice"),
    "bad date": (json.dumps({**GOOD, "created_at": "yesterday-ish"}).encode(), "Datetime has wrong format"),
    "NUL byte in text": (json.dumps({**GOOD, "text": "a\u0000b"}).encode(), "Null characters are not allowed"),
}


@pytest.fixture
def api():
    ChannelAccountFactory(network="x", handle="AcmeHelp")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory(role='admin')).key}")
    return client


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_body_gets_a_clear_400_and_stores_nothing(api, name):
    body, expected = CORPUS[name]
    response = api.post(URL, data=body, content_type="application/json")

    assert response.status_code == 400, response.content[:300]
    assert expected in response.content.decode(), response.content[:500]
    assert (Message.objects.count(), Conversation.objects.count(), Customer.objects.count(), RawEvent.objects.count()) == (0, 0, 0, 0)


def test_wrong_content_type_is_a_415(api):
    response = api.post(URL, data=b"network=x", content_type="text/plain")
    assert response.status_code == 415


def test_the_api_still_works_after_the_corpus(api):
    for body, _ in CORPUS.values():
        api.post(URL, data=body, content_type="application/json")
    assert api.post(URL, GOOD, format="json").status_code == 201
    assert Message.objects.count() == 1
