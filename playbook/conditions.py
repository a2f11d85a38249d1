"""Rule conditions: a JSON tree of all / any / not with field-op-value leaves. Validated, compiled, never eval'd.

    {"all": [{"field": "sentiment", "op": "eq", "value": "negative"},
             {"field": "followers", "op": "gte", "value": 10000}]}

``compile_conditions`` turns a valid tree into a predicate over :class:`Facts` that returns whether it
matched and the plain-words reasons ("sentiment=negative", "followers ≥ 10,000").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .classify import INTERACTION_TYPES, SENTIMENTS
from .classify.influence import INFLUENCE_LEVELS
from .classify.text import fold

NETWORKS = ("x", "facebook", "instagram")
VISIBILITIES = ("public", "private")
MAX_DEPTH = 8
MAX_NODES = 100
MAX_LIST = 200
MAX_REGEX = 200
REGEX_TEXT_LIMIT = 2_000  # regexes only ever see this much of a message


@dataclass(frozen=True)
class Facts:
    """What a rule can look at about one inbound message."""

    network: str = "x"
    account: str = ""
    visibility: str = "public"
    interaction_type: str = ""
    sentiment: str = ""
    language: str = ""
    influence: str = "low"
    followers: int = 0
    verified: bool = False
    crisis_risk: bool = False
    expects_reply: bool = False
    customer_tags: tuple[str, ...] = ()
    text: str = ""
    inside_business_hours: bool = True
    folded_text: str = field(default="", compare=False)

    def __post_init__(self):
        if not self.folded_text:
            object.__setattr__(self, "folded_text", " " + " ".join(re.findall(r"[a-z0-9@#]+", fold(self.text))) + " ")


class RuleValidationError(ValueError):
    """A rule that cannot be saved; ``errors`` maps a field path ("conditions.all[1].value") to a message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))


# field → (kind, allowed values or None). Kinds decide the operators.
FIELDS: dict[str, tuple[str, tuple | None]] = {
    "network": ("choice", NETWORKS),
    "account": ("string", None),
    "visibility": ("choice", VISIBILITIES),
    "interaction_type": ("choice", INTERACTION_TYPES),
    "sentiment": ("choice", SENTIMENTS),
    "language": ("string", None),
    "influence": ("level", INFLUENCE_LEVELS),
    "followers": ("number", None),
    "verified": ("bool", None),
    "crisis_risk": ("bool", None),
    "expects_reply": ("bool", None),
    "customer_tags": ("tags", None),
    "text": ("text", None),
    "business_hours": ("hours", ("inside", "outside")),
}
OPERATORS = {
    "choice": ("eq", "ne", "in", "not_in"),
    "string": ("eq", "ne", "in", "not_in"),
    "level": ("eq", "ne", "in", "not_in", "gte", "lte"),
    "number": ("eq", "ne", "gt", "gte", "lt", "lte"),
    "bool": ("eq",),
    "tags": ("contains", "not_contains", "any_of", "none_of"),
    "text": ("contains_any", "contains_all", "not_contains_any", "matches"),
    "hours": ("eq",),
}
SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": " in ", "not_in": " not in "}
LIST_OPERATORS = {"in", "not_in", "any_of", "none_of", "contains_any", "contains_all", "not_contains_any"}


def validate_conditions(tree: Any, path: str = "conditions") -> None:
    """Raise :class:`RuleValidationError` naming every bad part of ``tree``. An empty ``{}`` matches everything."""
    errors: dict[str, str] = {}
    counter = [0]
    _validate(tree, path, errors, depth=0, counter=counter)
    if errors:
        raise RuleValidationError(errors)


def _validate(node, path, errors, *, depth, counter):
    counter[0] += 1
    if counter[0] > MAX_NODES:
        errors.setdefault(path, f"too many conditions (at most {MAX_NODES})")
        return
    if depth > MAX_DEPTH:
        errors[path] = f"conditions are nested too deeply (at most {MAX_DEPTH} levels)"
        return
    if not isinstance(node, dict):
        errors[path] = "must be an object such as {\"all\": [...]} or {\"field\": ..., \"op\": ..., \"value\": ...}"
        return
    if not node and depth == 0:
        return
    groups = [key for key in ("all", "any", "not") if key in node]
    if groups:
        if len(node) != 1:
            errors[path] = f"a group has exactly one key ({groups[0]!r}); remove {sorted(set(node) - {groups[0]})}"
            return
        key = groups[0]
        child = node[key]
        if key == "not":
            _validate(child, f"{path}.not", errors, depth=depth + 1, counter=counter)
            return
        if not isinstance(child, list) or not child:
            errors[f"{path}.{key}"] = "must be a non-empty list of conditions"
            return
        for index, item in enumerate(child):
            _validate(item, f"{path}.{key}[{index}]", errors, depth=depth + 1, counter=counter)
        return
    _validate_leaf(node, path, errors)


def _validate_leaf(node, path, errors):
    unknown = set(node) - {"field", "op", "value"}
    if unknown:
        errors[path] = f"unknown keys {sorted(unknown)}; a condition has field, op and value"
        return
    name = node.get("field")
    if not isinstance(name, str) or name not in FIELDS:
        errors[f"{path}.field"] = f"unknown field {name!r}; choose one of {', '.join(FIELDS)}"
        return
    kind, choices = FIELDS[name]
    op = node.get("op")
    if not isinstance(op, str) or op not in OPERATORS[kind]:
        errors[f"{path}.op"] = f"{name} cannot use operator {op!r}; choose one of {', '.join(OPERATORS[kind])}"
        return
    if "value" not in node:
        errors[f"{path}.value"] = "missing value"
        return
    problem = _value_problem(kind, choices, op, node["value"])
    if problem:
        errors[f"{path}.value"] = problem


def _value_problem(kind, choices, op, value) -> str | None:
    if op in LIST_OPERATORS:
        if not isinstance(value, list) or not value:
            return "must be a non-empty list"
        if len(value) > MAX_LIST:
            return f"at most {MAX_LIST} entries"
        for item in value:
            problem = _scalar_problem(kind, choices, op, item)
            if problem:
                return f"{item!r}: {problem}"
        return None
    return _scalar_problem(kind, choices, op, value)


def _scalar_problem(kind, choices, op, value) -> str | None:
    if kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "number":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else "must be a whole number, 0 or more"
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    if len(value) > MAX_REGEX:
        return f"at most {MAX_REGEX} characters"
    if choices and value not in choices:
        return f"{value!r} is not one of {', '.join(choices)}"
    if op == "matches":
        return regex_problem(value)
    return None


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused (invalid, back-references, or nested repeats that can run for ever)."""
    try:
        import re._parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as error:
        return f"not a valid regular expression: {error}"
    return _regex_walk(parsed, inside_repeat=False, sre=sre_parse)


def _regex_walk(items, *, inside_repeat, sre) -> str | None:
    constants = sre._constants if hasattr(sre, "_constants") else sre
    for op, arg in items:
        if op in (constants.GROUPREF, constants.GROUPREF_EXISTS):
            return "back-references are not allowed"
        if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None)):
            low, high, sub = arg
            unbounded = high == constants.MAXREPEAT or high > 50
            if inside_repeat and unbounded:
                return "nested repetition such as (a+)+ can take forever; simplify the pattern"
            problem = _regex_walk(sub, inside_repeat=inside_repeat or unbounded, sre=sre)
            if problem:
                return problem
        elif op == constants.SUBPATTERN:
            problem = _regex_walk(arg[-1], inside_repeat=inside_repeat, sre=sre)
            if problem:
                return problem
        elif op == constants.BRANCH:
            for branch in arg[1]:
                problem = _regex_walk(branch, inside_repeat=inside_repeat, sre=sre)
                if problem:
                    return problem
        elif op in (constants.ASSERT, constants.ASSERT_NOT):
            problem = _regex_walk(arg[1], inside_repeat=inside_repeat, sre=sre)
            if problem:
                return problem
    return None


# --- evaluation -------------------------------------------------------------------------------

Predicate = Callable[[Facts], "tuple[bool, list[str]]"]


def compile_conditions(tree: dict) -> Predicate:
    """A predicate for a *validated* tree: ``predicate(facts) -> (matched, reasons)``."""
    if not tree:
        return lambda facts: (True, [])
    return _compile(tree)


def evaluate(tree: dict, facts: Facts) -> tuple[bool, list[str]]:
    validate_conditions(tree)
    return compile_conditions(tree)(facts)


def _compile(node: dict) -> Predicate:
    if "all" in node:
        children = [_compile(child) for child in node["all"]]

        def all_of(facts):
            reasons = []
            for child in children:
                matched, why = child(facts)
                if not matched:
                    return False, []
                reasons.extend(why)
            return True, reasons

        return all_of
    if "any" in node:
        children = [_compile(child) for child in node["any"]]

        def any_of(facts):
            for child in children:
                matched, why = child(facts)
                if matched:
                    return True, why
            return False, []

        return any_of
    if "not" in node:
        child = _compile(node["not"])
        label = describe(node["not"])

        def negation(facts):
            matched, _ = child(facts)
            return (not matched), ([f"not ({label})"] if not matched else [])

        return negation
    return _compile_leaf(node)


def _compile_leaf(node: dict) -> Predicate:
    name, op, value = node["field"], node["op"], node["value"]
    kind = FIELDS[name][0]
    reason = describe(node)
    test = _test(name, kind, op, value)

    def leaf(facts):
        return (True, [reason]) if test(facts) else (False, [])

    return leaf


def _getter(name: str) -> Callable[[Facts], Any]:
    if name == "business_hours":
        return lambda facts: "inside" if facts.inside_business_hours else "outside"
    if name == "account":
        return lambda facts: facts.account.lstrip("@").lower()
    return lambda facts: getattr(facts, name)


def _test(name, kind, op, value) -> Callable[[Facts], bool]:
    get = _getter(name)
    if name == "account":
        value = [v.lstrip("@").lower() for v in value] if isinstance(value, list) else value.lstrip("@").lower()
    if kind == "level":
        rank = {level: index for index, level in enumerate(INFLUENCE_LEVELS)}
        if op == "gte":
            return lambda facts: rank.get(get(facts), 0) >= rank[value]
        if op == "lte":
            return lambda facts: rank.get(get(facts), 0) <= rank[value]
    if kind == "tags":
        wanted = {v.lower() for v in (value if isinstance(value, list) else [value])}
        has = lambda facts: bool(wanted & {tag.lower() for tag in get(facts)})  # noqa: E731
        return has if op in ("contains", "any_of") else (lambda facts: not has(facts))
    if kind == "text":
        return _text_test(op, value)
    comparisons = {
        "eq": lambda actual: actual == value,
        "ne": lambda actual: actual != value,
        "in": lambda actual: actual in value,
        "not_in": lambda actual: actual not in value,
        "gt": lambda actual: actual > value,
        "gte": lambda actual: actual >= value,
        "lt": lambda actual: actual < value,
        "lte": lambda actual: actual <= value,
    }
    compare = comparisons[op]
    return lambda facts: compare(get(facts))


def _text_test(op, value) -> Callable[[Facts], bool]:
    if op == "matches":
        pattern = re.compile(value, re.IGNORECASE)
        return lambda facts: bool(pattern.search(facts.text[:REGEX_TEXT_LIMIT]))
    # Keywords and phrases match whole words, ignoring case and accents ("senal" finds "Señal").
    phrases = [" " + " ".join(re.findall(r"[a-z0-9@#]+", fold(v))) + " " for v in value]
    if op == "contains_all":
        return lambda facts: all(p in facts.folded_text for p in phrases)
    if op == "contains_any":
        return lambda facts: any(p in facts.folded_text for p in phrases)
    return lambda facts: not any(p in facts.folded_text for p in phrases)


def describe(node: dict) -> str:
    """Plain words for a condition: "sentiment=negative", "followers ≥ 10,000", "text contains refund or reembolso"."""
    if not node:
        return "always"
    if "all" in node:
        return " and ".join(describe(child) for child in node["all"])
    if "any" in node:
        return "(" + " or ".join(describe(child) for child in node["any"]) + ")"
    if "not" in node:
        return f"not ({describe(node['not'])})"
    name, op, value = node.get("field"), node.get("op"), node.get("value")
    if name == "business_hours":
        return f"{value} business hours"
    if isinstance(value, bool):
        return name if value else f"not {name}"
    if isinstance(value, int):
        shown = f"{value:,}"
        return f"{name} {SYMBOLS[op]} {shown}" if op != "eq" else f"{name}={shown}"
    if op == "matches":
        return f"text matches /{value}/"
    if op in ("contains_any", "contains_all", "not_contains_any"):
        joiner = " and " if op == "contains_all" else " or "
        verb = "does not contain" if op == "not_contains_any" else "contains"
        return f"text {verb} " + joiner.join(f"“{v}”" for v in value)
    if op in ("contains", "any_of"):
        return f"customer tagged {' or '.join(value) if isinstance(value, list) else value}"
    if op in ("not_contains", "none_of"):
        return f"customer not tagged {' or '.join(value) if isinstance(value, list) else value}"
    if isinstance(value, list):
        return f"{name}{SYMBOLS[op]}{', '.join(map(str, value))}"
    return f"{name}{SYMBOLS.get(op, op)}{value}"
