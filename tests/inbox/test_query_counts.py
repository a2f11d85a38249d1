"""The number of queries the pipeline spends per mention: fixed per delivery, per message and per batch.

A batch costs a fixed number of statements plus a fixed number per message, however many messages
it carries; rules, calendars, SLA policies, templates and webhook endpoints are read once per batch.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inbox.models import Message, RawEvent
from inbox.services import process_raw_events
from playbook.services import triage_messages
from tests.networks import post_x, tweet_event

pytestmark = pytest.mark.usefixtures("default_playbook")

COMPLAINT = "@AcmeHelp la app no funciona desde ayer, es una vergüenza"


@pytest.fixture
def default_playbook(db):
    from playbook.defaults import install_default_playbook

    install_default_playbook()


def deliver(client, n: int) -> list[int]:
    for i in range(n):
        response = post_x(client, tweet_event(tweet_id=f"88{i}", user_id=f"77{i}", text=COMPLAINT))
        assert response.status_code == 200
    return list(RawEvent.objects.order_by("pk").values_list("pk", flat=True))


def test_a_webhook_delivery_is_stored_with_two_queries(client, network_settings, x_account,
                                                      django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the raw event, the channel's health (conditional)
        assert post_x(client, tweet_event()).json()["status"] == "stored"


def test_ingesting_one_delivery_takes_a_bounded_number_of_queries(client, network_settings, x_account,
                                                                   django_assert_max_num_queries):
    [raw_event_id] = deliver(client, 1)
    with django_assert_max_num_queries(18):
        assert process_raw_events(raw_event_id) == 1
    assert Message.objects.count() == 1


def test_ingesting_a_batch_costs_a_fixed_number_of_queries_per_message(client, network_settings, x_account,
                                                                       django_assert_max_num_queries):
    ids = deliver(client, 20)
    with django_assert_max_num_queries(10 + 8 * 20):
        assert process_raw_events(ids[0]) == 20
    assert Message.objects.count() == 20 and not RawEvent.objects.filter(processed_at__isnull=True).exists()


def test_triaging_one_message_takes_a_bounded_number_of_queries(client, network_settings, x_account,
                                                                django_assert_max_num_queries):
    process_raw_events(deliver(client, 1)[0])
    with django_assert_max_num_queries(20):
        assert triage_messages(list(Message.objects.values_list("pk", flat=True))) == 1
    message = Message.objects.select_related("conversation").get()
    assert message.triaged_at and message.conversation.priority == 2 and message.conversation.sla_due_at


def test_triaging_a_batch_costs_a_fixed_number_of_queries_per_message(client, network_settings, x_account,
                                                                      django_assert_max_num_queries):
    process_raw_events(deliver(client, 20)[0])
    with django_assert_max_num_queries(8 + 13 * 20):
        assert triage_messages(list(Message.objects.values_list("pk", flat=True))) == 20
    assert not Message.objects.filter(triaged_at__isnull=True).exists()
