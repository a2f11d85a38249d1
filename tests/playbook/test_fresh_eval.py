"""The fresh labelled set (playbook/data/fresh_eval.jsonl): its labels keep to the definitions, its halves
stay as split, and triage does not fall back below the accuracy it reached on it (docs/triage.md)."""

from collections import Counter
from pathlib import Path

import pytest

from playbook.classify.evaluation import evaluate, fresh_half, load
from playbook.engine import compile_rules
from playbook.management.commands.evaluate_triage import default_playbook_rules, rules_priority

FRESH = Path(__file__).resolve().parents[2] / "playbook" / "data" / "fresh_eval.jsonl"
HIGH = {"question", "request", "incident", "negative_experience", "complaint", "crisis_risk"}
ALWAYS_REPLY = {"question", "request", "incident", "complaint", "non_urgent_query"}

# Reached when the tune half had been read and the blind half scored a second time (docs/triage.md):
# all 240 rows 0.946 priority / 0.920 crisis recall; blind half 0.900 / 0.833. A regression guard, with a
# margin of a few rows so that a general improvement elsewhere may trade one sentence for another.
FLOOR = {"all": (0.93, 0.88), "blind": (0.875, 0.83)}


@pytest.fixture(scope="module")
def rows():
    return load(FRESH)


def test_fresh_set_keeps_the_schema_and_the_label_definitions(rows):
    assert len(rows) == 240 and len({row["id"] for row in rows}) == 240
    assert Counter(row["language"] for row in rows) == {"es": 120, "en": 120}
    for row in rows:
        assert row["priority"] == ("high" if row["interaction_type"] in HIGH else "low"), row["id"]
        big = row["author_verified"] or row["author_followers"] > 50_000
        assert row["crisis_risk"] == (row["interaction_type"] == "crisis_risk" or (row["sentiment"] == "negative" and big))
        if row["interaction_type"] in ALWAYS_REPLY:
            assert row["expects_reply"], row["id"]
        elif row["interaction_type"] not in ("negative_experience", "crisis_risk"):
            assert not row["expects_reply"], row["id"]
    assert sum(row["crisis_risk"] for row in rows) == 25


def test_fresh_halves_are_equal_disjoint_and_fixed(rows):
    tune, blind = fresh_half(rows, "tune"), fresh_half(rows, "blind")
    assert len(tune) == len(blind) == 120
    assert {r["id"] for r in tune} | {r["id"] for r in blind} == {r["id"] for r in rows}
    assert not {r["id"] for r in tune} & {r["id"] for r in blind}
    # The split depends on the ids alone, never on the order or the content of the rows.
    assert [r["id"] for r in fresh_half(list(reversed(rows)), "blind")] == [r["id"] for r in reversed(blind)]
    with pytest.raises(ValueError, match="half must be one of"):
        fresh_half(rows, "test")


@pytest.mark.parametrize("part", sorted(FLOOR))
def test_triage_stays_at_the_accuracy_reached_on_the_fresh_set(rows, part):
    rules = compile_rules(default_playbook_rules())
    chosen = rows if part == "all" else fresh_half(rows, part)
    score = evaluate(chosen, predict_priority=lambda row, result: rules_priority(rules, row, result))
    priority_floor, recall_floor = FLOOR[part]
    assert score["priority"].accuracy >= priority_floor
    assert score["crisis_risk"].recall(True) >= recall_floor
