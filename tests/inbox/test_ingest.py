import threading
from dataclasses import replace

import pytest
from django.db import connection

from inbox.models import Conversation, Customer, Event, Message
from inbox.services import IngestError, ingest_message, ingest_messages
from integrations.inbound import Author
from tests.factories import ChannelAccountFactory, inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return ChannelAccountFactory(network="x", handle="AcmeHelp", external_id="1500")


def test_new_public_mention_opens_a_conversation_and_stores_the_customer(account):
    result = ingest_message(inbound(account, author=Author("42", "jo", "Jo", 1234, True)))

    assert result.created
    conversation = result.message.conversation
    assert conversation.account == account
    assert conversation.status == Conversation.Status.NEW
    assert (conversation.customer.handle, conversation.customer.followers, conversation.customer.verified) == ("jo", 1234, True)
    assert Event.objects.filter(conversation=conversation, kind="opened").exists()


def test_redelivered_mention_is_stored_once(account):
    mention = inbound(account)
    first = ingest_message(mention)
    again = ingest_message(mention)

    assert not again.created
    assert again.message.pk == first.message.pk
    assert Message.objects.count() == 1 and Conversation.objects.count() == 1


def test_reply_to_a_message_joins_its_conversation(account):
    first = ingest_message(inbound(account, external_id="t1"))
    reply = ingest_message(inbound(account, external_id="t2", parent_external_id="t1",
                                   author=Author("99", "other", "Other")))

    assert reply.message.conversation_id == first.message.conversation_id


def test_each_new_public_mention_opens_its_own_conversation(account):
    author = Author("42", "jo")
    a = ingest_message(inbound(account, author=author))
    b = ingest_message(inbound(account, author=author))

    assert a.message.conversation_id != b.message.conversation_id


def test_private_messages_from_one_customer_join_the_open_private_conversation(account):
    author = Author("42", "jo")
    a = ingest_message(inbound(account, author=author, visibility="private"))
    b = ingest_message(inbound(account, author=author, visibility="private"))

    assert a.message.conversation_id == b.message.conversation_id


def test_private_message_after_resolution_reopens_nothing_and_starts_a_new_conversation(account):
    author = Author("42", "jo")
    a = ingest_message(inbound(account, author=author, visibility="private"))
    Conversation.objects.filter(pk=a.message.conversation_id).update(status="closed")
    b = ingest_message(inbound(account, author=author, visibility="private"))

    assert a.message.conversation_id != b.message.conversation_id


def test_customer_reply_reopens_a_resolved_conversation(account):
    first = ingest_message(inbound(account, external_id="t1"))
    Conversation.objects.filter(pk=first.message.conversation_id).update(status="resolved")
    ingest_message(inbound(account, external_id="t2", parent_external_id="t1"))

    conversation = Conversation.objects.get(pk=first.message.conversation_id)
    assert conversation.status == Conversation.Status.OPEN
    assert conversation.events.filter(kind="reopened_by_customer").exists()


def test_customer_profile_is_refreshed_but_keeps_what_a_payload_omits(account):
    ingest_message(inbound(account, author=Author("42", "jo", "Jo", 1000, False)))
    ingest_message(inbound(account, author=Author("42", "jo_new", "", 0, True)))

    customer = Customer.objects.get(network="x", external_id="42")
    assert (customer.handle, customer.name, customer.followers, customer.verified) == ("jo_new", "Jo", 1000, True)


def test_message_for_an_unknown_account_is_refused_with_the_reason(account):
    with pytest.raises(IngestError, match="account: no active x account 'nobody'"):
        ingest_message(replace(inbound(account), account="nobody"))
    assert Message.objects.count() == 0


def test_a_batch_with_one_bad_item_stores_nothing(account):
    good = inbound(account)
    bad = replace(inbound(account), account="nobody")
    with pytest.raises(IngestError) as error:
        ingest_messages([good, bad])
    assert error.value.index == 1
    assert Message.objects.count() == 0


def test_account_is_found_by_page_id_for_meta(db):
    page = ChannelAccountFactory(network="facebook", handle="Acme", external_id="PAGE_1")
    result = ingest_message(inbound(page, account="PAGE_1"))
    assert result.message.conversation.account == page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_deliveries_of_one_mention_store_one_message(account):
    mention = inbound(account, external_id="race-1")
    start = threading.Barrier(16)
    outcomes, errors = [], []

    def deliver():
        try:
            start.wait()
            outcomes.append(ingest_message(mention).created)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(outcomes) == [False] * 15 + [True]
    assert Message.objects.filter(external_id="race-1").count() == 1
    assert Conversation.objects.count() == 1
    assert Customer.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_private_messages_from_one_customer_open_one_conversation(account):
    author = Author("42", "jo")
    messages = [inbound(account, author=author, visibility="private") for _ in range(8)]
    start = threading.Barrier(8)

    def deliver(message):
        start.wait()
        ingest_message(message)
        connection.close()

    threads = [threading.Thread(target=deliver, args=(m,)) for m in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Message.objects.count() == 8
    assert Conversation.objects.count() == 1
