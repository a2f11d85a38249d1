"""Measuring the classifier against labelled mentions (shared/data/mentions_dev.jsonl shape)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import Classification, classify, learned

# The split is by a hash of the id (stable, blind to content): "tune" (~3/5) is what the lexicons
# were written from; "held-out" (~2/5) was first scored blind. It was then opened in two halves,
# "validation" first and "test" last; docs/triage.md records each figure before its half was read.
TUNE, VALIDATION, TEST = "tune", "validation", "test"
PARTS = (TUNE, VALIDATION, TEST)


def is_held_out(mention_id: str) -> bool:
    return hashlib.sha256(mention_id.encode()).digest()[0] % 5 < 2


def part_of(mention_id: str) -> str:
    if not is_held_out(mention_id):
        return TUNE
    return TEST if hashlib.sha256(mention_id.encode()).digest()[1] % 2 == 0 else VALIDATION


# A second, fresh set (playbook/data/fresh_eval.jsonl) is halved the same blind way: rows ranked by
# sha256(id); the lower half is "tune" (its errors may be read), the upper half "blind" (scored, never read
# while tuning). Ranking, not a bit of the hash, makes the halves exactly equal.
FRESH_HALVES = ("tune", "blind")


def fresh_half(rows: list[dict], half: str) -> list[dict]:
    if half not in FRESH_HALVES:
        raise ValueError(f"half must be one of {', '.join(FRESH_HALVES)}, not {half!r}")
    ranked = sorted(rows, key=lambda row: hashlib.sha256(row["id"].encode()).hexdigest())
    cut = len(ranked) // 2
    chosen = {row["id"] for row in (ranked[:cut] if half == "tune" else ranked[cut:])}
    return [row for row in rows if row["id"] in chosen]


def load(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def classify_row(row: dict, model=None) -> Classification:
    return classify(
        row["text"], network=row["network"], visibility=row.get("visibility", "public"),
        followers=int(row.get("author_followers") or 0), verified=bool(row.get("author_verified")),
        brand_handle=row.get("brand"), model=model,
    )


@dataclass
class Score:
    name: str
    correct: int = 0
    total: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) → count

    def add(self, gold, predicted) -> None:
        self.total += 1
        self.correct += gold == predicted
        self.confusion[(gold, predicted)] += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def recall(self, label) -> float:
        relevant = sum(n for (gold, _), n in self.confusion.items() if gold == label)
        return self.confusion[(label, label)] / relevant if relevant else 0.0

    def precision(self, label) -> float:
        predicted = sum(n for (_, pred), n in self.confusion.items() if pred == label)
        return self.confusion[(label, label)] / predicted if predicted else 0.0


def evaluate(rows: list[dict], predict_priority=None, *, rules_only: bool = False) -> dict[str, Score]:
    """Scores for priority, interaction type, sentiment, language, crisis risk and expects_reply.

    ``predict_priority(row, classification)`` gives "high"/"low"; by default the classifier's own.
    """
    scores = {name: Score(name) for name in ("priority", "interaction_type", "sentiment", "language", "crisis_risk", "expects_reply")}
    # The learned model never scores rows it was trained on: refit without them when they overlap.
    model = learned.RulesOnly() if rules_only else learned.model_without(frozenset(row["id"] for row in rows))
    for row in rows:
        result = classify_row(row, model)
        priority = predict_priority(row, result) if predict_priority else result.priority
        scores["priority"].add(row["priority"], priority)
        scores["interaction_type"].add(row["interaction_type"], result.interaction_type)
        scores["sentiment"].add(row["sentiment"], result.sentiment)
        scores["language"].add(row["language"], result.language)
        scores["crisis_risk"].add(bool(row["crisis_risk"]), result.crisis_risk)
        scores["expects_reply"].add(bool(row["expects_reply"]), result.expects_reply)
    return scores


def confusion_table(score: Score) -> str:
    labels = sorted({g for g, _ in score.confusion} | {p for _, p in score.confusion}, key=str)
    width = max(len(str(label)) for label in labels) + 1
    head = " " * width + "".join(f"{str(label)[:7]:>8}" for label in labels)
    lines = [f"{score.name}: rows = gold, columns = predicted", head]
    for gold in labels:
        lines.append(f"{str(gold):<{width}}" + "".join(f"{score.confusion[(gold, pred)]:>8}" for pred in labels))
    return "\n".join(lines)
