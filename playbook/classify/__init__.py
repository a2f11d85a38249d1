"""Classification of one inbound message: language, sentiment, interaction type, influence, crisis risk.

Pure Python and offline: lexicons and rules written for Spanish and English social posts (see
docs/triage.md for how they were chosen and measured).
"""

from __future__ import annotations

from dataclasses import dataclass

from .influence import CRISIS_FOLLOWERS, VIRAL_ENGAGEMENT, crisis_kinds, influence_level, influence_score
from .interaction import (
    CRISIS_RISK, EXPECTS_REPLY_TYPES, HIGH_PRIORITY_TYPES, INTERACTION_TYPES, NEGATIVE_EXPERIENCE,
    detect_interaction_type, is_addressed,
)
from .language import detect_language
from .sentiment import NEGATIVE, NEUTRAL, POSITIVE, detect_sentiment, rewrite
from .text import Text

SENTIMENTS = (NEGATIVE, NEUTRAL, POSITIVE)

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


def classify(
    text: str, *, network: str, visibility: str = "public", followers: int = 0, verified: bool = False,
    brand_handle: str | None = None, engagement: int = 0,
) -> Classification:
    """Classify one message. ``brand_handle`` is the brand account it reached ("@AeroSur")."""
    prepared = Text(text or "")
    sentiment = detect_sentiment(prepared)
    kinds = crisis_kinds(rewrite(prepared))  # idioms first: "solo emergencia" on a phone is no signal, not an emergency
    interaction_type = detect_interaction_type(
        prepared, sentiment, network=network, visibility=visibility, brand_handle=brand_handle, crisis_kinds=kinds,
        big_author=verified or followers > CRISIS_FOLLOWERS,
    )
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
