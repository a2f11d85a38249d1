"""Raw events claimed in batches: each is stored once, a bad one fails alone, nothing is lost."""

import json

from inbox.models import Message, RawEvent
from inbox.services import process_raw_events, store_raw_event
from tests.networks import tweet_event


def store_tweet(**kwargs) -> RawEvent:
    body = json.dumps(tweet_event(**kwargs)).encode()
    return store_raw_event(source="x", body=body)[0]


def test_one_task_ingests_the_raw_events_waiting_in_one_batch(x_account):
    first = store_tweet(tweet_id="501", user_id="61")
    store_tweet(tweet_id="502", user_id="62")
    store_tweet(tweet_id="503", user_id="61")

    assert process_raw_events(first.pk) == 3
    assert sorted(Message.objects.values_list("external_id", flat=True)) == ["501", "502", "503"]
    assert not RawEvent.objects.filter(processed_at__isnull=True).exists()
    assert process_raw_events(first.pk) == 0  # the other tasks of the batch find nothing to do


def test_the_same_tweet_in_two_deliveries_of_one_batch_is_stored_once(x_account):
    first = store_tweet(tweet_id="601", user_id="61")
    store_tweet(tweet_id="601", user_id="61", lang="es")  # other bytes, same tweet

    assert process_raw_events(first.pk) == 2
    assert Message.objects.filter(external_id="601").count() == 1


def test_a_bad_delivery_is_marked_with_its_error_and_the_rest_of_the_batch_is_stored(x_account):
    good = store_tweet(tweet_id="701", user_id="61")
    bad = store_raw_event(source="x", body=json.dumps({**tweet_event(tweet_id="702"), "for_user_id": "999"}).encode())[0]
    late = store_tweet(tweet_id="703", user_id="63")

    assert process_raw_events(good.pk) == 3
    assert sorted(Message.objects.values_list("external_id", flat=True)) == ["701", "703"]
    bad.refresh_from_db()
    assert bad.processed_at and "no active x account '999'" in bad.error
    late.refresh_from_db()
    assert late.processed_at and late.error == ""
