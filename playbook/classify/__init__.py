"""Classification of one inbound message: language, sentiment, interaction type, influence, crisis risk.

Offline: lexicons and rules written for Spanish and English social posts, plus a small text model
learned from the labelled mentions we ship for the crisis and negative readings the rules miss (see
docs/triage.md for how they were chosen and measured).
"""

from __future__ import annotations

from dataclasses import dataclass

from .influence import CRISIS_FOLLOWERS, VIRAL_ENGAGEMENT, crisis_kinds, influence_level, influence_score
from .interaction import (
    CRISIS_RISK, EXPECTS_REPLY_TYPES, HIGH_PRIORITY_TYPES, INTERACTION_TYPES, NEGATIVE_EXPERIENCE,
    detect_interaction_type, is_addressed, with_urgency, without_brand,
)
from . import learned
from .language import detect_language
from .sentiment import NEGATIVE, NEUTRAL, POSITIVE, Sentiment, detect_sentiment, rewrite
from .text import MAX_TEXT, Text

SENTIMENTS = (NEGATIVE, NEUTRAL, POSITIVE)
LEARNED_CRISIS = "like past crises"  # the reason shown when only the learned model saw crisis language

__all__ = ["Classification", "classify", "INTERACTION_TYPES", "SENTIMENTS", "HIGH_PRIORITY_TYPES"]


@dataclass(frozen=True)
class Classification:
    language: str
    sentiment: str
    sentiment_score: float
    sarcastic: bool
    interaction_type: str
    influence: str  # low | medium | high | very_high
    influence_score: int  # 0–100
    crisis_risk: bool
    crisis_reasons: tuple[str, ...]
    expects_reply: bool
    addressed: bool

    @property
    def priority(self) -> str:
        """The brand playbook's two levels: "high" or "low"."""
        return "high" if self.interaction_type in HIGH_PRIORITY_TYPES else "low"


def _with_learned_signals(
    sentiment: Sentiment, kinds: tuple[str, ...], signals: learned.Signals, *, big_author: bool,
) -> tuple[Sentiment, tuple[str, ...]]:
    """The learned model settles what the lexicons leave open: a complaint told without a negative word
    ("MONITOR IT?!"), a dark word in a harmless post ("doing the solar panels at the school again"),
    crisis language no lexicon lists."""
    negative = Sentiment(NEGATIVE, min(sentiment.score, -1.0), sentiment.sarcastic)
    if not kinds and signals.crisis >= learned.CRISIS_THRESHOLD and (
        sentiment.label == NEGATIVE or signals.negative >= (
            learned.POSITIVE_CRISIS_GATE if sentiment.label == POSITIVE else learned.CRISIS_NEGATIVE_GATE)
    ):
        return negative, (LEARNED_CRISIS,)  # a crisis is never good news: only a negative message is one
    if big_author and sentiment.label != NEGATIVE and signals.negative >= learned.BIG_AUTHOR_NEGATIVE:
        return negative, kinds  # a big account's negative word is a crisis (DESIGN.md): doubt counts as negative
    if sentiment.label == NEUTRAL and signals.negative >= learned.NEGATIVE_THRESHOLD:
        return negative, kinds
    # One negative cue ("again", a dark word) the model finds very unlikely: slang the lexicons know stays.
    if sentiment.label == NEGATIVE and sentiment.score >= -1 and not kinds and signals.negative < learned.NOT_NEGATIVE_BELOW:
        return Sentiment(NEUTRAL, 0.0, sentiment.sarcastic), kinds
    return sentiment, kinds


def classify(
    text: str, *, network: str, visibility: str = "public", followers: int = 0, verified: bool = False,
    brand_handle: str | None = None, engagement: int = 0, model: learned.TextModel | None = None,
) -> Classification:
    """Classify one message. ``brand_handle`` is the brand account it reached ("@AeroSur").

    ``model`` is the learned text model to consult (by default the one trained on the data we ship).
    """
    prepared = Text(text or "")
    big_author = verified or followers > CRISIS_FOLLOWERS
    signals = (model or learned.shipped_model()).signals(prepared.original[:MAX_TEXT])
    unbranded = without_brand(prepared, brand_handle)
    sentiment = detect_sentiment(unbranded)
    kinds = crisis_kinds(rewrite(unbranded))  # idioms first: "solo emergencia" on a phone is no signal, not an emergency
    if signals:
        sentiment, kinds = _with_learned_signals(sentiment, kinds, signals, big_author=big_author)
    interaction_type = detect_interaction_type(
        prepared, sentiment, network=network, visibility=visibility, brand_handle=brand_handle, crisis_kinds=kinds,
        big_author=big_author,
    )
    if signals and (signals.urgent >= learned.URGENT_ABOVE or signals.urgent <= learned.CASUAL_BELOW):
        interaction_type = with_urgency(interaction_type, prepared, sentiment, urgent=signals.urgent >= learned.URGENT_ABOVE)
    addressed = is_addressed(prepared, network=network, visibility=visibility, brand_handle=brand_handle)
    reasons = []
    if interaction_type == CRISIS_RISK:
        reasons.extend(kinds or ("campaign",))
    if sentiment.label == NEGATIVE:
        if verified:
            reasons.append("verified author")
        if followers > CRISIS_FOLLOWERS:
            reasons.append(f"followers > {CRISIS_FOLLOWERS:,}")
        if engagement >= VIRAL_ENGAGEMENT:
            reasons.append(f"engagement ≥ {VIRAL_ENGAGEMENT:,}")
    expects_reply = interaction_type in EXPECTS_REPLY_TYPES or (
        interaction_type in (NEGATIVE_EXPERIENCE, CRISIS_RISK) and addressed
    )
    return Classification(
        language=detect_language(prepared),
        sentiment=sentiment.label,
        sentiment_score=sentiment.score,
        sarcastic=sentiment.sarcastic,
        interaction_type=interaction_type,
        influence=influence_level(followers=followers, verified=verified, engagement=engagement),
        influence_score=influence_score(followers=followers, verified=verified, engagement=engagement),
        crisis_risk=bool(reasons),
        crisis_reasons=tuple(dict.fromkeys(reasons)),
        expects_reply=expects_reply,
        addressed=addressed,
    )
