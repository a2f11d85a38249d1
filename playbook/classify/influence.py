"""Influence of an author (reach, verification, engagement) and the crisis-risk flag."""

from __future__ import annotations

import math

from . import lexicons
from .text import Text, count

LOW, MEDIUM, HIGH, VERY_HIGH = "low", "medium", "high", "very_high"
INFLUENCE_LEVELS = (LOW, MEDIUM, HIGH, VERY_HIGH)
# The brand playbook treats any negative word from a big or verified account as a possible crisis.
CRISIS_FOLLOWERS = 50_000
VIRAL_ENGAGEMENT = 1_000


def influence_score(*, followers: int, verified: bool, engagement: int = 0) -> int:
    """0–100: log of followers (10M ≈ 80), +12 if verified, up to +8 for likes/shares of the message."""
    reach = 80 * math.log10(max(followers, 0) + 1) / 7
    buzz = min(8.0, 2 * math.log10(max(engagement, 0) + 1))
    return int(min(100, round(reach + (12 if verified else 0) + buzz)))


def influence_level(*, followers: int, verified: bool, engagement: int = 0) -> str:
    if verified or followers > CRISIS_FOLLOWERS or engagement >= VIRAL_ENGAGEMENT:
        return VERY_HIGH
    if followers >= 10_000:
        return HIGH
    if followers >= 1_000:
        return MEDIUM
    return LOW


def crisis_kinds(text: Text) -> tuple[str, ...]:
    """Kinds of crisis language in the text: safety, data, boycott, discrimination, amplification."""
    kinds = [kind for kind, pattern in lexicons.CRISIS.items() if count(pattern, text)]
    if "safety" not in kinds and lexicons.CHILD_ALONE.search(text.joined):
        kinds.insert(0, "safety")  # "a 9 year old travelling alone"
    if "amplification" not in kinds and lexicons.MANY_AFFECTED.search(text.joined):
        kinds.append("amplification")  # "over 40 customers", "más de 200 clientes"
    return tuple(kinds)
