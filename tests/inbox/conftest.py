"""Fixtures of the workspace tests: a Chromium per agent on the live server, and a realistic demo inbox."""

import json
import random

import pytest


def ingest_and_triage(account, **overrides):
    """Ingest one mention for ``account`` and triage it now (no worker needed)."""
    from inbox.services import ingest_message
    from playbook.services import triage_message
    from tests.factories import inbound

    message = ingest_message(inbound(account, **overrides), enqueue_triage=False).message
    triage_message(message)
    message.conversation.refresh_from_db()
    return message


def demo_inbox(count: int = 40, seed: int = 7):
    """Seed the demo accounts and users and ingest ``count`` labelled mentions through ingest and triage."""
    from django.core.management import call_command

    from inbox.demo import load_samples, mention_from_sample
    from inbox.serializers import parse_mentions_body
    from inbox.services import ingest_message
    from playbook.defaults import install_default_playbook
    from playbook.services import triage_message

    from slas.defaults import install_defaults
    from slas.models import BusinessCalendar, SlaPolicy

    install_default_playbook()
    install_defaults(BusinessCalendar, SlaPolicy)  # a transactional test before this one flushed the migration's copy
    call_command("seed_demo", verbosity=0)
    rng = random.Random(seed)
    samples = rng.sample(load_samples(), count)
    mentions = [mention_from_sample(sample, rng) for sample in samples]
    messages = []
    for inbound in parse_mentions_body(json.dumps(mentions).encode()):
        message = ingest_message(inbound, enqueue_triage=False).message
        triage_message(message)
        messages.append(message)
    return messages
