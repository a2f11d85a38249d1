import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_evaluate_triage_prints_accuracy_recall_and_confusion(tmp_path):
    rows = [
        {"id": "a", "network": "x", "visibility": "public", "brand": "@MovilNova",
         "text": "@MovilNova sin cobertura en Valencia desde ayer", "language": "es",
         "author_followers": 10, "author_verified": False, "interaction_type": "incident",
         "sentiment": "negative", "expects_reply": True, "priority": "high", "crisis_risk": False},
        {"id": "b", "network": "x", "visibility": "public", "brand": "@MovilNova",
         "text": "me encanta @MovilNova 😍", "language": "es", "author_followers": 10, "author_verified": False,
         "interaction_type": "positive_experience", "sentiment": "positive", "expects_reply": False,
         "priority": "low", "crisis_risk": False},
    ]
    path = tmp_path / "mentions.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows))
    out = StringIO()
    call_command("evaluate_triage", str(path), "--default-rules", "--all-rows", stdout=out)
    text = out.getvalue()
    assert "all rows" in text and "priority: rows = gold, columns = predicted" in text
    line = next(line for line in text.splitlines() if line.startswith("all rows"))
    assert line.split()[3] == "1.000"  # priority accuracy


def test_evaluate_triage_names_an_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("evaluate_triage", str(tmp_path / "missing.jsonl"), "--default-rules")


def test_evaluate_triage_scores_one_half_of_the_fresh_set():
    from pathlib import Path

    fresh = Path(__file__).resolve().parents[2] / "playbook" / "data" / "fresh_eval.jsonl"
    out = StringIO()
    call_command("evaluate_triage", str(fresh), "--default-rules", "--half", "blind", stdout=out)
    text = out.getvalue()
    assert "120 labelled mentions" in text and "(the blind half by rank of sha256(id))" in text
    line = next(line for line in text.splitlines() if line.startswith("all rows"))
    assert line.split()[2] == "120"
    assert float(line.split()[3]) >= 0.85  # priority accuracy; the exact floor is in test_fresh_eval.py
