"""Sentiment (negative / neutral / positive) from Spanish and English lexicons, emojis and sarcasm cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicons
from .text import Text, count

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
_NEGATORS = {"0", "cero", "zero", "no", "not", "never", "nunca", "ni", "isn't", "wasn't", "don't", "didn't", "doesn't", "tampoco", "sin",
             "ningun", "ninguna", "without"}
# Between a negator and the problem it denies: "ni una queja", "nunca un problema", "not a single issue".
_DETERMINERS = {"un", "una", "uno", "a", "an", "one", "single", "solo", "sola", "any", "ningun", "ninguna"}


@dataclass(frozen=True)
class Sentiment:
    label: str
    score: float  # < 0 negative, > 0 positive
    sarcastic: bool


def detect_sentiment(text: Text) -> Sentiment:
    text = rewrite(text)
    positive, negative = _polarity(text.joined)
    problems = count(lexicons.PROBLEM, text)
    fixed = len(lexicons.FIXED_PROBLEM.findall(text.joined))  # the failure was put right: not sarcasm
    problems = max(0, problems - fixed)
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
    crisis = sum(count(pattern, text) for pattern in lexicons.CRISIS.values()) + len(lexicons.CHILD_ALONE.findall(text.joined))
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


def _denied_by(joined: str, start: int) -> tuple[int, int] | None:
    """The span of a negator just before ``start``, allowing determiners between ("ni una", "not a single")."""
    position = start
    for _ in range(3):
        head = joined[:position].rstrip()
        word = head.split()[-1] if head.split() else ""
        if not word:
            return None
        word_start = len(head) - len(word)
        if word in _NEGATORS:
            return word_start, len(head)
        if word not in _DETERMINERS:
            return None
        position = word_start
    return None


def _polarity(joined: str) -> tuple[int, int]:
    """Positive and negative hits; a positive word just after a negator counts as negative ("not great")."""
    positive = negative = 0
    for match in lexicons.POSITIVE.finditer(joined):
        if _negated(joined, match.start()):
            negative += 1
        else:
            positive += 1
    counted: list[re.Match] = []  # negative hits, kept to cancel a negator counted as one ("nunca")
    for match in lexicons.NEGATIVE.finditer(joined):
        negator = _denied_by(joined, match.start())
        # "sin dramas", "no me arrepiento", "never had a problem", "ni una queja": a denied problem is praise.
        if negator is not None and match.group(0).split()[0] not in _NEGATORS:
            positive += 1
            for hit in counted:
                if hit.start() <= negator[0] < hit.end() <= match.start():
                    counted.remove(hit)
                    negative -= 1
                    break
        else:
            negative += 1
            counted.append(match)
    negative += len(lexicons.DURATION_COMPLAINT.findall(joined)) + len(lexicons.REPEATED_CONTACT.findall(joined))
    negative += len(lexicons.ABSENCES.findall(joined)) + len(lexicons.THREAT.findall(joined))
    negative += len(lexicons.MONEY_SHORT.findall(joined)) + len(lexicons.DELIVERED_ON_PAPER.findall(joined))
    positive += len(lexicons.QUICK_FIX.findall(joined))
    fixed = len(lexicons.FIXED_PROBLEM.findall(joined))
    return positive + fixed, max(0, negative - fixed)
