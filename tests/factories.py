import itertools
from datetime import datetime, timezone as dt_timezone

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from inbox.models import ChannelAccount, Conversation, Customer, Message, Team
from integrations.inbound import Author, InboundMessage

_ids = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        if create:
            self.save()


class ChannelAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelAccount
        django_get_or_create = ("network", "external_id")

    network = "x"
    external_id = factory.Sequence(lambda n: f"acct-{n}")
    handle = factory.Sequence(lambda n: f"Brand{n}")
    name = factory.LazyAttribute(lambda a: a.handle)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    network = "x"
    external_id = factory.Sequence(lambda n: f"cust-{n}")
    handle = factory.Sequence(lambda n: f"customer{n}")
    name = factory.Sequence(lambda n: f"Customer {n}")
    followers = 100


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    account = factory.SubFactory(ChannelAccountFactory)
    customer = factory.SubFactory(CustomerFactory, network=factory.SelfAttribute("..account.network"))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    network = factory.LazyAttribute(lambda m: m.conversation.account.network)
    external_id = factory.Sequence(lambda n: f"msg-{n}")
    customer = factory.LazyAttribute(lambda m: m.conversation.customer)
    text = "Hello"
    created_at = factory.LazyFunction(timezone.now)


def inbound(brand: ChannelAccount, **overrides) -> InboundMessage:
    """A normalised inbound message addressed to ``brand``; override any field."""
    n = next(_ids)
    author = overrides.pop("author", None) or Author(external_id=f"author-{n}", handle=f"fan{n}", name=f"Fan {n}", followers=10)
    fields = {
        "network": brand.network,
        "account": brand.handle,
        "external_id": f"ext-{n}",
        "author": author,
        "text": "@brand where is my order?",
        "created_at": datetime(2026, 11, 20, 10, 0, tzinfo=dt_timezone.utc),
        **overrides,
    }
    return InboundMessage(**fields)
