"""Rule actions: a JSON list of what a matching rule does to the conversation.

    [{"type": "set_priority", "value": "P1"},
     {"type": "escalate", "department": "communications", "note": "Possible crisis"}]

Pure: actions fill an :class:`Outcome`; ``playbook.services`` writes the outcome to the database.
Single-valued fields (priority, SLA policy, team, assignee, auto-acknowledgement) are set by the
first matching rule that sets them — rule order is precedence. Tags, escalations and template
suggestions add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .conditions import RuleValidationError

PRIORITIES = {"P1": 1, "P2": 2, "P3": 3, "P4": 4}
MAX_ACTIONS = 20
MAX_NOTE = 2_000
MAX_TAG = 50

ACTION_TYPES = (
    "set_priority", "set_sla_policy", "route_to_team", "assign", "add_tags", "escalate", "suggest_templates",
    "auto_acknowledge",
)


@dataclass
class Escalation:
    department: str
    note: str
    rule: str


@dataclass
class Outcome:
    """Everything the matching rules decided for one message."""

    priority: int | None = None
    sla_policy: str | None = None
    team: str | None = None
    assignee: str | None = None
    auto_acknowledge: str | None = None
    tags: list[str] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)

    @property
    def priority_label(self) -> str | None:
        return f"P{self.priority}" if self.priority else None


def validate_actions(
    actions: Any, *, teams: Iterable[str] | None = None, departments: Iterable[str] | None = None,
    templates: Iterable[str] | None = None, users: Iterable[str] | None = None, sla_policies: Iterable[str] | None = None,
    path: str = "actions",
) -> None:
    """Raise :class:`RuleValidationError` naming each bad action. Pass known names to check references."""
    errors: dict[str, str] = {}
    if not isinstance(actions, list):
        raise RuleValidationError({path: "must be a list of actions"})
    if len(actions) > MAX_ACTIONS:
        raise RuleValidationError({path: f"at most {MAX_ACTIONS} actions"})
    known = {"team": teams, "department": departments, "template": templates, "user": users, "sla": sla_policies}
    known = {k: set(v) for k, v in known.items() if v is not None}
    for index, action in enumerate(actions):
        here = f"{path}[{index}]"
        if not isinstance(action, dict):
            errors[here] = "must be an object with a type"
            continue
        kind = action.get("type")
        if not isinstance(kind, str) or kind not in ACTION_TYPES:
            errors[f"{here}.type"] = f"unknown action {kind!r}; choose one of {', '.join(ACTION_TYPES)}"
            continue
        problem_path, problem = _action_problem(kind, action, known)
        if problem:
            errors[f"{here}.{problem_path}"] = problem
    if errors:
        raise RuleValidationError(errors)


def _text(value, limit=200) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= limit


def _action_problem(kind: str, action: dict, known: dict) -> tuple[str, str | None]:
    value = action.get("value")
    if kind == "set_priority":
        return "value", None if isinstance(value, str) and value in PRIORITIES else "must be one of P1, P2, P3, P4"
    if kind in ("add_tags", "suggest_templates"):
        if not isinstance(value, list) or not value or not all(_text(v, MAX_TAG if kind == "add_tags" else 64) for v in value):
            return "value", "must be a non-empty list of names"
        if kind == "suggest_templates" and "template" in known:
            missing = [v for v in value if v not in known["template"]]
            if missing:
                return "value", f"no template named {', '.join(missing)}"
        return "value", None
    if kind == "escalate":
        department = action.get("department")
        if not _text(department, 64):
            return "department", "name the department to escalate to"
        if "department" in known and department not in known["department"]:
            return "department", f"no department named {department!r}"
        note = action.get("note", "")
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            return "note", f"must be text of at most {MAX_NOTE} characters"
        return "", None
    if kind == "auto_acknowledge":
        template = action.get("template")
        if not _text(template, 64):
            return "template", "name the template to send"
        if "template" in known and template not in known["template"]:
            return "template", f"no template named {template!r}"
        return "", None
    reference = {"set_sla_policy": "sla", "route_to_team": "team", "assign": "user"}[kind]
    if not _text(value, 150):
        return "value", "must be a name"
    if reference in known and value not in known[reference]:
        return "value", f"no {'SLA policy' if reference == 'sla' else reference} named {value!r}"
    return "value", None


def apply_action(action: dict, outcome: Outcome, *, rule: str) -> str | None:
    """Apply one validated action; returns a short description when it changed the outcome."""
    kind, value = action["type"], action.get("value")
    if kind == "set_priority":
        if outcome.priority is None:
            outcome.priority = PRIORITIES[value]
            return value
        return None
    single = {"set_sla_policy": "sla_policy", "route_to_team": "team", "assign": "assignee"}
    if kind in single:
        if getattr(outcome, single[kind]) is None:
            setattr(outcome, single[kind], value)
            return f"{kind.replace('_', ' ')}: {value}"
        return None
    if kind == "auto_acknowledge":
        if outcome.auto_acknowledge is None:
            outcome.auto_acknowledge = action["template"]
            return f"auto-acknowledge with {action['template']}"
        return None
    if kind == "add_tags":
        new = [tag for tag in value if tag not in outcome.tags]
        outcome.tags.extend(new)
        return f"tags {', '.join(new)}" if new else None
    if kind == "suggest_templates":
        new = [key for key in value if key not in outcome.templates]
        outcome.templates.extend(new)
        return f"suggest {', '.join(new)}" if new else None
    if kind == "escalate":
        department = action["department"]
        if any(e.department == department for e in outcome.escalations):
            return None
        outcome.escalations.append(Escalation(department=department, note=action.get("note", ""), rule=rule))
        return f"escalate to {department}"
    raise ValueError(f"unknown action {kind!r}")  # validate_actions keeps this unreachable
