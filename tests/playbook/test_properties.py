"""Hostile input: any JSON is either a valid rule or a RuleValidationError; any text classifies."""

from hypothesis import given, settings, strategies as st

from playbook.actions import validate_actions
from playbook.classify import INTERACTION_TYPES, SENTIMENTS, classify
from playbook.conditions import Facts, RuleValidationError, compile_conditions, validate_conditions

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["all", "any", "not", "field", "op", "value", "type", "x"]) | st.text(max_size=5),
        children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_is_validated_without_crashing(tree):
    try:
        validate_conditions(tree)
    except RuleValidationError as error:
        assert error.errors and all(path.startswith("conditions") for path in error.errors)
        return
    matched, reasons = compile_conditions(tree)(Facts(text="hola"))
    assert isinstance(matched, bool) and isinstance(reasons, list)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_actions_are_validated_without_crashing(actions):
    try:
        validate_actions(actions)
    except RuleValidationError as error:
        assert error.errors


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["x", "facebook", "instagram"]), st.booleans(),
       st.integers(min_value=0, max_value=10**9))
def test_any_text_classifies(text, network, private, followers):
    result = classify(text, network=network, visibility="private" if private else "public", followers=followers,
                      brand_handle="@MovilNova")
    assert result.interaction_type in INTERACTION_TYPES and result.sentiment in SENTIMENTS
    assert 0 <= result.influence_score <= 100
