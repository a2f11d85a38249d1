"""The fresh labelled sets (playbook/data/fresh_eval*.jsonl): their labels keep to the definitions, their
halves stay as split, and triage does not fall back below the accuracy it reached on them (docs/triage.md)."""

from collections import Counter
from pathlib import Path

import pytest

from playbook.classify.evaluation import evaluate, fresh_half, load
from playbook.engine import compile_rules
from playbook.management.commands.evaluate_triage import default_playbook_rules, rules_priority

DATA = Path(__file__).resolve().parents[2] / "playbook" / "data"
HIGH = {"question", "request", "incident", "negative_experience", "complaint", "crisis_risk"}
ALWAYS_REPLY = {"question", "request", "incident", "complaint", "non_urgent_query"}
SETS = {  # rows, crisis-flagged, Spanish rows
    "fresh_eval": (240, 25, 120), "fresh_eval_2": (120, 26, 61), "fresh_eval_3": (120, 21, 61),
    "fresh_eval_4": (200, 34, 107), "fresh_eval_5": (200, 36, 107), "fresh_eval_6": (200, 36, 108),
    "fresh_eval_7": (200, 35, 108), "fresh_eval_8": (200, 35, 106), "fresh_eval_9": (200, 35, 108),
    "fresh_eval_10": (200, 34, 108), "fresh_eval_11": (200, 34, 108), "fresh_eval_12": (200, 34, 110),
    "fresh_eval_13": (200, 35, 110), "fresh_eval_14": (200, 35, 108), "fresh_eval_15": (200, 34, 109),
}

# Reached with the learned text model (docs/triage.md; evaluate() never lets the model score rows it learned
# from, so each figure is the model trained on the other sets), priority / crisis-risk recall: set 1 all
# 0.963 / 1.00, blind half 0.942 / 1.00; set 2 all 0.967 / 1.00, blind 0.967 / 1.00; set 3 all 0.967 / 0.95,
# blind 0.967 / 0.78; set 4 0.945 / 1.00; set 5 0.955 / 0.97; set 6 0.920 / 0.97; set 7 0.935 / 0.94;
# set 8 0.890 / 0.97; set 9 0.920 / 1.00; set 10 0.920 / 0.97; set 11 0.905 / 0.94; set 12 0.950 / 0.88;
# set 13 0.925 / 0.91; set 14 0.925 / 1.00; set 15 0.945 / 0.91 (sets 1–13 as they were before 14 and 15 joined).
# A regression guard a row or two under those, so a general improvement may trade one sentence for another.
FLOOR = {
    ("fresh_eval", "all"): (0.945, 0.96), ("fresh_eval", "blind"): (0.925, 0.91),
    ("fresh_eval_2", "all"): (0.95, 0.96), ("fresh_eval_2", "blind"): (0.95, 0.88),
    ("fresh_eval_3", "all"): (0.95, 0.90), ("fresh_eval_3", "blind"): (0.95, 0.66),
    ("fresh_eval_4", "all"): (0.93, 0.97), ("fresh_eval_5", "all"): (0.94, 0.94),
    ("fresh_eval_6", "all"): (0.905, 0.94), ("fresh_eval_7", "all"): (0.92, 0.91),
    ("fresh_eval_8", "all"): (0.875, 0.94), ("fresh_eval_9", "all"): (0.905, 0.97),
    ("fresh_eval_10", "all"): (0.905, 0.94), ("fresh_eval_11", "all"): (0.89, 0.91),
    ("fresh_eval_12", "all"): (0.935, 0.85), ("fresh_eval_13", "all"): (0.91, 0.88),
    ("fresh_eval_14", "all"): (0.91, 0.97), ("fresh_eval_15", "all"): (0.93, 0.88),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_fresh_sets_keep_the_schema_and_the_label_definitions(name):
    rows = load(DATA / f"{name}.jsonl")
    size, flagged, spanish = SETS[name]
    assert len(rows) == size and len({row["id"] for row in rows}) == size
    assert Counter(row["language"] for row in rows)["es"] == spanish
    for row in rows:
        assert row["priority"] == ("high" if row["interaction_type"] in HIGH else "low"), row["id"]
        big = row["author_verified"] or row["author_followers"] > 50_000
        assert row["crisis_risk"] == (row["interaction_type"] == "crisis_risk" or (row["sentiment"] == "negative" and big))
        if row["interaction_type"] in ALWAYS_REPLY:
            assert row["expects_reply"], row["id"]
        elif row["interaction_type"] not in ("negative_experience", "crisis_risk"):
            assert not row["expects_reply"], row["id"]
    assert sum(row["crisis_risk"] for row in rows) == flagged


def test_fresh_halves_are_equal_disjoint_and_fixed():
    rows = load(DATA / "fresh_eval.jsonl")
    tune, blind = fresh_half(rows, "tune"), fresh_half(rows, "blind")
    assert len(tune) == len(blind) == 120
    assert {r["id"] for r in tune} | {r["id"] for r in blind} == {r["id"] for r in rows}
    assert not {r["id"] for r in tune} & {r["id"] for r in blind}
    # The split depends on the ids alone, never on the order or the content of the rows.
    assert [r["id"] for r in fresh_half(list(reversed(rows)), "blind")] == [r["id"] for r in reversed(blind)]
    with pytest.raises(ValueError, match="half must be one of"):
        fresh_half(rows, "test")


@pytest.mark.parametrize("name, part", sorted(FLOOR))
def test_triage_stays_at_the_accuracy_reached_on_the_fresh_sets(name, part):
    rules = compile_rules(default_playbook_rules())
    rows = load(DATA / f"{name}.jsonl")
    chosen = rows if part == "all" else fresh_half(rows, part)
    score = evaluate(chosen, predict_priority=lambda row, result: rules_priority(rules, row, result))
    priority_floor, recall_floor = FLOOR[(name, part)]
    assert score["priority"].accuracy >= priority_floor
    assert score["crisis_risk"].recall(True) >= recall_floor
