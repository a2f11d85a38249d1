"""Sentiment (negative / neutral / positive) from Spanish and English lexicons, emojis and sarcasm cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicons
from .text import Text, count

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
_NEGATORS = {"0", "cero", "zero", "no", "not", "never", "nunca", "ni", "isn't", "wasn't", "don't", "didn't", "doesn't", "tampoco", "sin"}


@dataclass(frozen=True)
class Sentiment:
    label: str
    score: float  # < 0 negative, > 0 positive
    sarcastic: bool


def detect_sentiment(text: Text) -> Sentiment:
    text = rewrite(text)
    positive, negative = _polarity(text.joined)
    problems = count(lexicons.PROBLEM, text)
    if "?" in text.joined or count(lexicons.REQUEST, text):
        positive = max(0, positive - count(lexicons.POLITE, text))
    parts = lexicons.CONTRAST.split(text.joined)
    if len(parts) > 1 and parts[-1].strip():
        # What follows the last "but" counts twice.
        extra_positive, extra_negative = _polarity(" " + parts[-1])
        positive, negative = positive + extra_positive, negative + extra_negative
    if negative and count(lexicons.LAUGHTER, text) and not problems:
        negative = max(0, negative - 2)  # "te odio @marca 😂" is a joke, not a grievance
    sarcastic = bool(count(lexicons.SARCASM, text)) or (positive > 0 and problems > 0)
    if sarcastic and (negative or problems):
        # Praise next to a failure reads as mockery ("genial, otra vez sin señal").
        negative, positive = negative + positive, 0
    if text.upper_ratio > 0.6 and len(text.words) >= 4:
        negative += 1  # shouting
    negative += count(lexicons.STRONG_COMPLAINT, text) + len(lexicons.NEITHER_NOR.findall(text.joined))
    crisis = sum(count(pattern, text) for pattern in lexicons.CRISIS.values())
    negative += crisis
    score = positive - negative
    if negative and negative >= positive:
        label = NEGATIVE
    elif positive > negative:
        label = POSITIVE
    else:
        label = NEUTRAL
    return Sentiment(label=label, score=float(score), sarcastic=sarcastic and label == NEGATIVE)


def rewrite(text: Text) -> Text:
    """The text with misleading idioms replaced (see ``lexicons.REWRITES``)."""
    joined = text.joined
    for phrase, replacement in lexicons.REWRITES:
        joined = joined.replace(f" {phrase} ", f" {replacement} ")
    if joined == text.joined:
        return text
    rewritten = Text(text.original)
    rewritten.__dict__["joined"] = joined  # cached_property: precompute the rewritten form
    return rewritten


_LINKS = {"es", "is", "so", "muy", "very", "me", "was", "that", "too", "tan", "really", "nada", "que", "a", "the"}


def _negated(joined: str, start: int) -> bool:
    """A negator just before, or two words before with a link word between ("not so great", "no es genial")."""
    before = joined[:start].split()[-2:]
    if before and before[-1] in _NEGATORS:
        return True
    return len(before) == 2 and before[0] in _NEGATORS and before[1] in _LINKS


def _polarity(joined: str) -> tuple[int, int]:
    """Positive and negative hits; a positive word just after a negator counts as negative ("not great")."""
    positive = negative = 0
    for match in lexicons.POSITIVE.finditer(joined):
        if _negated(joined, match.start()):
            negative += 1
        else:
            positive += 1
    for match in lexicons.NEGATIVE.finditer(joined):
        before = joined[: match.start()].split()[-1:]
        # "sin dramas", "no me arrepiento", "never had a problem": a denied problem is praise.
        if before and before[0] in _NEGATORS and match.group(0).split()[0] not in _NEGATORS:
            positive += 1
        else:
            negative += 1
    negative += len(lexicons.DURATION_COMPLAINT.findall(joined))
    positive += len(lexicons.QUICK_FIX.findall(joined))
    return positive, negative
