import pytest
from rest_framework.test import APIClient

from tests.factories import ConversationFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_conversations_messages_come_a_page_at_a_time_oldest_first_and_filtered():
    conversation = ConversationFactory()
    inbound = [MessageFactory(conversation=conversation, text=f"in {n}") for n in range(3)]
    MessageFactory(conversation=conversation, direction="out", text="reply", delivery_state="sent")
    MessageFactory(text="another conversation")
    client = APIClient()
    client.force_authenticate(UserFactory(role="agent"))

    page = client.get(f"/api/v1/conversations/{conversation.pk}/messages/", {"direction": "in"}).json()
    assert page["count"] == 3
    assert [m["id"] for m in page["results"]] == [m.pk for m in inbound]
    assert client.get(f"/api/v1/conversations/{conversation.pk}/messages/", {"direction": "sideways"}).status_code == 400
    assert client.get("/api/v1/conversations/999999/messages/").status_code == 404
