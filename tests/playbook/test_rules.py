"""Rule conditions, actions and the engine: pure functions, no database."""

import pytest

from playbook.actions import Outcome, apply_action, validate_actions
from playbook.conditions import Facts, RuleValidationError, describe, evaluate, regex_problem, validate_conditions
from playbook.engine import RuleSpec, compile_rules, run_rules

INFLUENCER_COMPLAINT = {"all": [
    {"field": "sentiment", "op": "eq", "value": "negative"},
    {"field": "followers", "op": "gte", "value": 10000},
]}


def facts(**overrides):
    base = dict(network="x", account="MovilNova", visibility="public", interaction_type="complaint",
                sentiment="negative", language="es", influence="high", followers=25000, verified=False,
                customer_tags=("vip",), text="Quiero una devolución YA, sin señal desde ayer")
    base.update(overrides)
    return Facts(**base)


def test_all_group_matches_with_plain_reasons():
    assert evaluate(INFLUENCER_COMPLAINT, facts()) == (True, ["sentiment=negative", "followers ≥ 10,000"])
    assert evaluate(INFLUENCER_COMPLAINT, facts(followers=20))[0] is False


def test_any_and_not():
    tree = {"any": [{"field": "verified", "op": "eq", "value": True},
                    {"not": {"field": "network", "op": "in", "value": ["facebook", "instagram"]}}]}
    assert evaluate(tree, facts()) == (True, ["not (network in facebook, instagram)"])
    assert evaluate(tree, facts(network="facebook"))[0] is False
    assert evaluate(tree, facts(network="facebook", verified=True)) == (True, ["verified"])


@pytest.mark.parametrize("leaf, expected", [
    ({"field": "text", "op": "contains_any", "value": ["senal", "cobertura"]}, True),  # accents ignored
    ({"field": "text", "op": "contains_any", "value": ["sin señal desde"]}, True),  # phrase
    ({"field": "text", "op": "contains_any", "value": ["seña"]}, False),  # whole words only
    ({"field": "text", "op": "contains_all", "value": ["devolucion", "ayer"]}, True),
    ({"field": "text", "op": "not_contains_any", "value": ["gracias"]}, True),
    ({"field": "text", "op": "matches", "value": r"devoluci[oó]n\s+ya"}, True),
    ({"field": "customer_tags", "op": "contains", "value": "VIP"}, True),
    ({"field": "customer_tags", "op": "none_of", "value": ["press"]}, True),
    ({"field": "influence", "op": "gte", "value": "medium"}, True),
    ({"field": "influence", "op": "gte", "value": "very_high"}, False),
    ({"field": "account", "op": "eq", "value": "@movilnova"}, True),
    ({"field": "business_hours", "op": "eq", "value": "outside"}, False),
    ({"field": "language", "op": "in", "value": ["es", "pt"]}, True),
])
def test_leaves(leaf, expected):
    assert evaluate(leaf, facts())[0] is expected


def test_business_hours_leaf():
    leaf = {"field": "business_hours", "op": "eq", "value": "outside"}
    assert evaluate(leaf, facts(inside_business_hours=False)) == (True, ["outside business hours"])


@pytest.mark.parametrize("tree, path, words", [
    ({"all": [{"field": "sentimen", "op": "eq", "value": "negative"}]}, "conditions.all[0].field", "unknown field"),
    ({"all": [{"field": "sentiment", "op": "gte", "value": "negative"}]}, "conditions.all[0].op", "cannot use"),
    ({"all": [{"field": "sentiment", "op": "eq", "value": "angry"}]}, "conditions.all[0].value", "not one of"),
    ({"any": [{"field": "followers", "op": "gte", "value": "lots"}]}, "conditions.any[0].value", "whole number"),
    ({"all": []}, "conditions.all", "non-empty list"),
    ({"all": [{"not": {"field": "text", "op": "matches", "value": "(a+)+$"}}]}, "conditions.all[0].not.value", "forever"),
    ({"all": [{"field": "text", "op": "matches", "value": "(unclosed"}]}, "conditions.all[0].value", "not a valid"),
    ({"all": [{"field": "text", "op": "matches", "value": "x" * 300}]}, "conditions.all[0].value", "at most"),
    ("sentiment = negative", "conditions", "must be an object"),
])
def test_validation_names_the_bad_field(tree, path, words):
    with pytest.raises(RuleValidationError) as error:
        validate_conditions(tree)
    assert path in error.value.errors
    assert words in error.value.errors[path]


def test_deep_nesting_is_refused():
    tree = {"field": "verified", "op": "eq", "value": True}
    for _ in range(12):
        tree = {"not": tree}
    with pytest.raises(RuleValidationError, match="nested too deeply"):
        validate_conditions(tree)


def test_regex_safety_checks():
    assert regex_problem(r"(\w+)\1") == "back-references are not allowed"
    assert regex_problem(r"(?:a|b)*c") is None
    assert "forever" in regex_problem(r"(x*)*y")


@pytest.mark.parametrize("actions, path", [
    ([{"type": "set_priority", "value": "P0"}], "actions[0].value"),
    ([{"type": "explode"}], "actions[0].type"),
    ([{"type": "escalate", "note": "x"}], "actions[0].department"),
    ([{"type": "add_tags", "value": "vip"}], "actions[0].value"),
    ([{"type": "route_to_team", "value": "Nobody"}], "actions[0].value"),
])
def test_action_validation_names_the_bad_field(actions, path):
    with pytest.raises(RuleValidationError) as error:
        validate_actions(actions, teams=["Social care"])
    assert path in error.value.errors


def test_first_rule_sets_priority_and_lists_accumulate():
    outcome = Outcome()
    assert apply_action({"type": "set_priority", "value": "P1"}, outcome, rule="a") == "P1"
    assert apply_action({"type": "set_priority", "value": "P3"}, outcome, rule="b") is None
    apply_action({"type": "add_tags", "value": ["crisis"]}, outcome, rule="a")
    apply_action({"type": "add_tags", "value": ["crisis", "press"]}, outcome, rule="b")
    assert outcome.priority == 1 and outcome.tags == ["crisis", "press"]


def test_engine_runs_in_order_records_trail_and_stops():
    rules = compile_rules([
        RuleSpec(id=1, name="Disabled", conditions={}, actions=[{"type": "set_priority", "value": "P4"}], enabled=False),
        RuleSpec(id=2, name="Complaints from influencers", conditions=INFLUENCER_COMPLAINT,
                 actions=[{"type": "set_priority", "value": "P1"},
                          {"type": "escalate", "department": "communications", "note": "Big account"}],
                 stop_processing=True),
        RuleSpec(id=3, name="Everything else", conditions={}, actions=[{"type": "set_priority", "value": "P3"}]),
    ])
    triage = run_rules(rules, facts())
    assert triage.outcome.priority == 1
    assert [entry.rule for entry in triage.trail] == ["Complaints from influencers"]
    assert triage.trail[0].text == (
        "P1 — rule 'Complaints from influencers': sentiment=negative, followers ≥ 10,000"
        " → escalate to communications (stop)"
    )
    assert run_rules(rules, facts(followers=5)).outcome.priority == 3


def test_rule_validation_collects_every_error():
    rule = RuleSpec(name="", conditions={"all": [{"field": "nope", "op": "eq", "value": 1}]},
                    actions=[{"type": "set_priority", "value": "P9"}])
    with pytest.raises(RuleValidationError) as error:
        rule.validate()
    assert set(error.value.errors) == {"name", "conditions.all[0].field", "actions[0].value"}


def test_describe_reads_as_words():
    assert describe({"field": "text", "op": "contains_any", "value": ["refund", "reembolso"]}) == \
        "text contains “refund” or “reembolso”"
