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


def workday_history(seed: int = 11) -> dict:
    """A brand-care team's last days, for the README's screenshots: answered, resolved and surveyed mentions
    on past days (travelled time), a few left unanswered until they breached, a burst of negative mentions
    (a crisis), today's new mentions, and one customer with history on two networks.

    Everything goes through the real services (ingest, triage, replies, status, surveys, sweep, crisis watch);
    only the network's delivery receipt of the replies is written directly (no network in a screenshot).
    """
    from datetime import timedelta

    import time_machine
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from inbox import actions
    from inbox.demo import load_samples, mention_from_sample
    from inbox.models import CustomerProfile, Customer, Message
    from inbox.serializers import parse_mentions_body
    from inbox.services import ingest_message
    from playbook.defaults import install_default_playbook
    from playbook.services import triage_message
    from slas import services as sla_services
    from slas.crisis import watch_for_crises
    from slas.defaults import install_defaults
    from slas.models import BusinessCalendar, SlaPolicy, Survey
    from slas.surveys import answer_survey

    install_default_playbook()
    install_defaults(BusinessCalendar, SlaPolicy)
    call_command("seed_demo", verbosity=0)
    SlaPolicy.objects.update(survey_scale="nps")
    agent, supervisor = User.objects.get(username="agent"), User.objects.get(username="supervisor")
    rng = random.Random(seed)
    samples = load_samples()
    rng.shuffle(samples)
    now = timezone.now().replace(microsecond=0)

    def ingest(sample, **changes):
        mention = {**mention_from_sample(sample, rng), "created_at": timezone.now().isoformat(), **changes}
        message = ingest_message(parse_mentions_body(json.dumps(mention).encode())[0], enqueue_triage=False).message
        triage_message(message)
        message.conversation.refresh_from_db()
        return message

    def delivered(reply):
        Message.objects.filter(pk=reply.pk).update(
            delivery_state="sent", sent_at=reply.created_at, external_id=f"demo-reply-{reply.pk}",
            external_url=f"https://x.com/{reply.conversation.account.handle}/status/{1790000000000000000 + reply.pk}")

    def answer_and_resolve(message, *, after, resolve_after=None, score=None):
        conversation = message.conversation
        with time_machine.travel(message.created_at + after, tick=False):
            delivered(actions.send_reply(conversation, author=agent, text="¡Hola! Ya lo estamos revisando, "
                                         "te escribimos por privado en cuanto lo tengamos."))
        if resolve_after:
            with time_machine.travel(message.created_at + resolve_after, tick=False):
                actions.set_status(conversation, status="resolved", by=agent)
            survey = Survey.objects.filter(conversation=conversation).first()
            if survey and score is not None:
                with time_machine.travel(message.created_at + resolve_after + timedelta(minutes=40), tick=False):
                    answer_survey(survey, score=score, comment=rng.choice(["", "Rápidos y amables", "Tardasteis"]))

    # One customer with history: a resolved complaint on X five days ago, answered with a 6, and the same
    # person on Instagram; today she writes again.
    complaint = next(s for s in samples if s["interaction_type"] == "complaint" and s["network"] == "x")
    samples.remove(complaint)
    with time_machine.travel(now - timedelta(days=5, hours=2), tick=False):
        earlier = ingest(complaint, text=f"{complaint['brand']} la factura de este mes vuelve a venir con un cargo "
                                         "que no reconozco. Segunda vez ya.")
    answer_and_resolve(earlier, after=timedelta(minutes=35), resolve_after=timedelta(hours=3), score=6)

    # Past days: most answered within the hour and resolved, a few left waiting until they breached.
    past = [s for s in samples if s["expects_reply"]][:26]
    for index, sample in enumerate(past):
        day = 1 + index % 6
        with time_machine.travel(now - timedelta(days=day, hours=rng.randint(0, 5), minutes=rng.randint(0, 59)),
                                 tick=False):
            message = ingest(sample)
        if index % 9 == 4:
            continue  # never answered
        answer_and_resolve(message, after=timedelta(minutes=rng.choice([6, 12, 25, 40, 75, 140])),
                           resolve_after=timedelta(hours=rng.choice([1, 2, 4, 7])) if index % 4 else None,
                           score=rng.choice([10, 9, 9, 8, 7, 10, 3, 9]))

    # A crisis building on Volta Motors: negative mentions in the last minutes.
    angry = [s for s in samples[26:] if s["brand"] == "@VoltaMotors" and s["sentiment"] == "negative"][:4]
    fire = [s for s in samples if s["interaction_type"] == "crisis_risk" and s["brand"] == "@VoltaMotors"
            and s not in angry][:3]
    for minutes, sample in enumerate(angry + fire):
        with time_machine.travel(now - timedelta(minutes=12 - minutes), tick=False):
            ingest(sample)

    # Today's inbox.
    current = [s for s in samples[26:] if s not in angry + fire][:30]
    for minutes, sample in enumerate(current):
        with time_machine.travel(now - timedelta(minutes=60 - 2 * minutes), tick=False):
            ingest(sample)
    again = ingest(complaint, text=f"{complaint['brand']} y este mes otra vez el mismo cargo. Llevo 40 minutos "
                                   "al teléfono y nadie me lo arregla. Quiero la devolución ya.")
    conversation = again.conversation
    profile = CustomerProfile.objects.create(display_name=again.customer.name)
    Customer.objects.filter(pk=again.customer_id).update(profile=profile, tags=["VIP"])
    Customer.objects.create(network="instagram", external_id="ig-" + again.customer.external_id,
                            handle=again.customer.handle.replace("_", "."), name=again.customer.name, profile=profile)
    actions.assign(conversation, assignee=agent, by=agent)
    actions.add_note(conversation, author=agent, text="@supervisor segunda reclamación por el mismo cargo, "
                                                      "¿le ofrecemos compensación?")
    delivered(actions.send_reply(conversation, author=agent, text="Hola, sentimos mucho lo del cargo. Te escribimos "
                                 "por privado para revisarlo con tu número de cliente.", visibility="public"))
    actions.escalate(conversation, department="legal", note="Reclamación repetida de facturación", by=agent)

    watch_for_crises(now=timezone.now())
    sla_services.sweep()
    actions.set_availability(agent, available=True)
    return {"agent": agent, "supervisor": supervisor, "conversation": conversation}
