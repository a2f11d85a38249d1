"""The rule editor's form: one row per condition and per action, turned into the JSON the engine runs.

The rows cover a top-level "all" or "any" group whose conditions may each be negated. Rules with
deeper trees are edited as JSON (the "advanced" box), still validated field by field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .actions import ACTION_TYPES
from .conditions import FIELDS, LIST_OPERATORS, OPERATORS

BLANK_ROWS = 2
MAX_ROWS = 30


@dataclass
class RuleForm:
    name: str = ""
    description: str = ""
    enabled: bool = True
    stop_processing: bool = False
    match: str = "all"
    conditions: list[dict] = field(default_factory=list)  # rows: field, op, value (text), negate
    actions: list[dict] = field(default_factory=list)  # rows: type, value (text), note
    advanced: str = ""  # the conditions as JSON when they do not fit the rows
    errors: dict[str, str] = field(default_factory=dict)

    def data(self) -> dict:
        return {"name": self.name, "description": self.description, "enabled": self.enabled,
                "stop_processing": self.stop_processing, "conditions": self.condition_tree(),
                "actions": self.action_list()}

    # --- building the JSON ------------------------------------------------------------------

    def condition_tree(self) -> dict:
        if self.advanced.strip():
            if len(self.advanced) > 20_000:
                self.errors["conditions"] = _("The advanced conditions are too long.")
                return {}
            try:
                tree = json.loads(self.advanced)
            except (ValueError, RecursionError) as error:
                self.errors["conditions"] = _("The advanced conditions are not valid JSON: %(error)s") % {"error": error}
                return {}
            return tree
        leaves = []
        for row in self.conditions:
            if not row.get("field"):
                continue
            index = len(leaves)
            leaf = {"field": row["field"], "op": row.get("op", ""),
                    "value": _parse_value(row, f"conditions.{self.match}[{index}]", self.errors)}
            leaves.append({"not": leaf} if row.get("negate") else leaf)
        return {self.match: leaves} if leaves else {}

    def action_list(self) -> list[dict]:
        actions = []
        for row in self.actions:
            kind = row.get("type")
            if not kind:
                continue
            value = (row.get("value") or "").strip()
            if kind in ("add_tags", "suggest_templates"):
                actions.append({"type": kind, "value": _split(value)})
            elif kind == "escalate":
                actions.append({"type": kind, "department": value, "note": (row.get("note") or "").strip()})
            elif kind == "auto_acknowledge":
                actions.append({"type": kind, "template": value})
            else:
                actions.append({"type": kind, "value": value})
        return actions

    # --- reading ------------------------------------------------------------------------------

    @classmethod
    def from_post(cls, post) -> RuleForm:
        form = cls(name=post.get("name", "").strip(), description=post.get("description", "").strip(),
                   enabled=bool(post.get("enabled")), stop_processing=bool(post.get("stop_processing")),
                   match="any" if post.get("match") == "any" else "all", advanced=post.get("advanced", ""))
        for index in range(MAX_ROWS):
            if post.get(f"cond-{index}-field"):
                form.conditions.append({"field": post.get(f"cond-{index}-field", ""), "op": post.get(f"cond-{index}-op", ""),
                                        "value": post.get(f"cond-{index}-value", ""),
                                        "negate": bool(post.get(f"cond-{index}-negate"))})
            if post.get(f"act-{index}-type"):
                form.actions.append({"type": post.get(f"act-{index}-type", ""), "value": post.get(f"act-{index}-value", ""),
                                     "note": post.get(f"act-{index}-note", "")})
        return form

    @classmethod
    def from_rule(cls, rule) -> RuleForm:
        form = cls(name=rule.name, description=rule.description, enabled=rule.enabled,
                   stop_processing=rule.stop_processing)
        tree = rule.conditions or {}
        rows = _rows_for(tree)
        if rows is None:
            form.advanced = json.dumps(tree, ensure_ascii=False, indent=2)
        else:
            form.match, form.conditions = rows
        for action in rule.actions or []:
            value = action.get("value", action.get("department", action.get("template", "")))
            form.actions.append({"type": action.get("type", ""), "value": ", ".join(value) if isinstance(value, list) else str(value),
                                 "note": action.get("note", "")})
        return form

    def with_blank_rows(self) -> RuleForm:
        self.conditions = self.conditions + [{"field": "", "op": "", "value": "", "negate": False}] * BLANK_ROWS
        self.actions = self.actions + [{"type": "", "value": "", "note": ""}] * BLANK_ROWS
        return self


def _rows_for(tree: dict):
    """(match, rows) when the tree is a flat all/any of (negated) leaves, else None."""
    if not tree:
        return "all", []
    if "field" in tree:
        tree = {"all": [tree]}
    match = "all" if "all" in tree else "any" if "any" in tree else None
    if match is None or not isinstance(tree[match], list):
        return None
    rows = []
    for node in tree[match]:
        negate = isinstance(node, dict) and set(node) == {"not"}
        leaf = node["not"] if negate else node
        if not isinstance(leaf, dict) or "field" not in leaf:
            return None
        value = leaf.get("value")
        shown = ", ".join(map(str, value)) if isinstance(value, list) else (
            ("true" if value else "false") if isinstance(value, bool) else str(value))
        rows.append({"field": leaf["field"], "op": leaf.get("op", ""), "value": shown, "negate": negate})
    return match, rows


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _parse_value(row: dict, path: str, errors: dict):
    """The typed value of a condition row, from what was typed."""
    name, op, text = row["field"], row.get("op", ""), (row.get("value") or "").strip()
    kind = FIELDS.get(name, ("string", None))[0]
    if kind == "bool":
        lowered = text.lower()
        if lowered in ("true", "yes", "sí", "si", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        errors[f"{path}.value"] = _("write true or false")
        return text
    if kind == "number":
        digits = re.sub(r"[ ,._]", "", text)
        if digits.isdigit():
            return int(digits)
        errors[f"{path}.value"] = _("write a whole number, such as 10000")
        return text
    if op in LIST_OPERATORS:
        return _split(text)
    return text


def choices() -> dict:
    """What the editor's selects offer."""
    return {"fields": list(FIELDS), "operators": OPERATORS, "field_kinds": {k: v[0] for k, v in FIELDS.items()},
            "field_values": {k: list(v[1]) for k, v in FIELDS.items() if v[1]}, "action_types": ACTION_TYPES,
            "all_operators": sorted({op for ops in OPERATORS.values() for op in ops})}


def plain_errors(errors: dict[str, str]) -> list[str]:
    """ "conditions.all[1].value: …" → "Condition 2, value: …" for people."""
    lines = []
    for path, message in errors.items():
        match = re.match(r"conditions\.(?:all|any)\[(\d+)\](?:\.not)?\.?(\w*)", path)
        action = re.match(r"actions\[(\d+)\]\.?(\w*)", path)
        if match:
            where = _("Condition %(n)s") % {"n": int(match.group(1)) + 1} + (f", {match.group(2)}" if match.group(2) else "")
        elif action:
            where = _("Action %(n)s") % {"n": int(action.group(1)) + 1} + (f", {action.group(2)}" if action.group(2) else "")
        elif path == "name":
            where = _("Name")
        else:
            where = path
        lines.append(f"{where}: {message} ({path})")
    return lines
