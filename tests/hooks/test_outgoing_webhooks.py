import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hooks.models import Delivery, Endpoint
from hooks.services import MAX_ATTEMPTS, DeliveryFailed, deliver
from inbox.actions import change_priority, set_status
from inbox.services import ingest_message
from tests.factories import ChannelAccountFactory, UserFactory, inbound

pytestmark = pytest.mark.django_db


class Receiver:
    """A CRM's webhook endpoint on 127.0.0.1: records what it gets, answers ``status``."""

    def __init__(self):
        self.received, self.status = [], 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/escucha"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def deliver_all():
    for delivery in Delivery.objects.filter(state="pending").select_related("endpoint").order_by("id"):
        try:
            deliver(delivery)
        except DeliveryFailed:
            pass


def test_conversation_events_arrive_signed_at_the_registered_url(receiver):
    endpoint = Endpoint.objects.create(url=receiver.url)
    account = ChannelAccountFactory(network="x", handle="AcmeHelp")
    agent = UserFactory(role="agent")
    conversation = ingest_message(inbound(account), enqueue_triage=False).message.conversation
    change_priority(conversation, priority=1, by=agent)
    set_status(conversation, status="resolved", by=agent)
    deliver_all()

    events = [json.loads(body)["event"] for _, body in receiver.received]
    assert events == ["conversation.created", "conversation.priority_changed", "conversation.resolved"]
    headers, body = receiver.received[1]
    expected = hmac.new(endpoint.secret.encode(), headers["X-Escucha-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["X-Escucha-Signature"] == f"sha256={expected}"
    assert json.loads(body)["data"]["conversation"] | {"id": conversation.pk, "priority": 1} == \
        json.loads(body)["data"]["conversation"]
    assert Delivery.objects.filter(state="sent").count() == 3


def test_endpoints_get_only_the_events_they_asked_for(receiver):
    Endpoint.objects.create(url=receiver.url, events=["conversation.resolved"])
    account = ChannelAccountFactory(network="x", handle="AcmeHelp")
    ingest_message(inbound(account), enqueue_triage=False)
    deliver_all()
    assert receiver.received == []


def test_a_failing_receiver_is_retried_then_given_up_on_with_the_log_kept(receiver):
    receiver.status = 500
    Endpoint.objects.create(url=receiver.url)
    ingest_message(inbound(ChannelAccountFactory(network="x", handle="AcmeHelp")), enqueue_triage=False)
    delivery = Delivery.objects.get()

    with pytest.raises(DeliveryFailed):
        deliver(delivery)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.response_status) == ("pending", 1, 500)

    Delivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
    delivery.refresh_from_db()
    assert deliver(delivery) == "failed"
    assert len(receiver.received) == 2


def test_an_unreachable_receiver_is_logged_with_the_reason():
    Endpoint.objects.create(url="http://127.0.0.1:9/nothing-listens-here")
    ingest_message(inbound(ChannelAccountFactory(network="x", handle="AcmeHelp")), enqueue_triage=False)
    with pytest.raises(DeliveryFailed):
        deliver(Delivery.objects.select_related("endpoint").get())
    assert "ConnectionError" in Delivery.objects.get().last_error
