"""Satisfaction surveys: offered on resolve when the policy asks for one, answered on a public page."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inbox.models import Conversation, Event, Message

from .models import Survey
from .services import policy_for


class SurveyError(ValueError):
    """The answer cannot be stored; the text says why."""


def survey_url(survey: Survey) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("survey", args=[survey.token])


def offer_survey(conversation: Conversation) -> Survey | None:
    """On resolve: create the survey and queue a message with its link, once per conversation."""
    policy = policy_for(conversation)
    if policy is None or not policy.survey_scale:
        return None
    try:
        with transaction.atomic():
            survey = Survey.objects.create(conversation=conversation, scale=policy.survey_scale)
    except IntegrityError:
        return None
    with translation.override(conversation.language if conversation.language in ("es", "en") else "es"):
        question = (_("How likely are you to recommend us to a friend (0–10)?") if survey.scale == Survey.Scale.NPS
                    else _("How satisfied are you with our help (1–5)?"))
        text = f"{question} {survey_url(survey)}"
    message = Message.objects.create(
        conversation=conversation, network=conversation.account.network, direction=Message.Direction.OUTBOUND,
        visibility=conversation.visibility, text=text, delivery_state=Message.Delivery.QUEUED, template_key="survey",
    )
    Event.objects.create(conversation=conversation, kind="survey_sent", data={"message": message.pk, "scale": survey.scale})
    _enqueue_delivery(message)
    return survey


def _enqueue_delivery(message: Message) -> None:
    from inbox import actions  # the workspace owns sending

    actions.enqueue_delivery(message)


def answer_survey(survey: Survey, *, score, comment: str = "") -> Survey:
    """Store the customer's score (once) and comment; out-of-scale or repeated answers are refused."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise SurveyError(_("score: choose a number")) from None
    if score not in survey.score_range:
        raise SurveyError(_("score: must be between %(low)s and %(high)s")
                          % {"low": survey.score_range[0], "high": survey.score_range[-1]})
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise SurveyError(_("comment: at most 2000 characters"))
    updated = Survey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
        score=score, comment=comment, answered_at=timezone.now())
    if not updated:
        raise SurveyError(_("This survey has already been answered. Thank you!"))
    survey.refresh_from_db()
    return survey
