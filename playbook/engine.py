"""The playbook engine: run enabled rules in order over a message's facts and keep the trail of why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from .actions import Outcome, apply_action, validate_actions
from .conditions import Facts, Predicate, compile_conditions, validate_conditions


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the engine sees it (the model ``playbook.Rule`` builds these)."""

    name: str
    conditions: dict
    actions: list
    id: int | None = None
    enabled: bool = True
    stop_processing: bool = False

    def validate(self, **known: Iterable[str]) -> None:
        """Raise ``RuleValidationError`` naming each bad field path of the conditions and actions."""
        from .conditions import RuleValidationError

        errors = {}
        for check in (lambda: validate_conditions(self.conditions), lambda: validate_actions(self.actions, **known)):
            try:
                check()
            except RuleValidationError as error:
                errors.update(error.errors)
        if not self.name or not str(self.name).strip():
            errors["name"] = "give the rule a name"
        if errors:
            raise RuleValidationError(errors)


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    predicate: Predicate


@dataclass
class TrailEntry:
    rule_id: int | None
    rule: str
    reasons: list[str]
    effects: list[str]
    stopped: bool = False

    @property
    def text(self) -> str:
        """ "P1 — rule 'Complaints from influencers': sentiment=negative, followers ≥ 10,000" """
        priority = next((e for e in self.effects if e in ("P1", "P2", "P3", "P4")), None)
        head = f"{priority} — " if priority else ""
        why = ", ".join(self.reasons) or "always"
        others = [e for e in self.effects if e != priority]
        tail = f" → {'; '.join(others)}" if others else ""
        return f"{head}rule '{self.rule}': {why}{tail}" + (" (stop)" if self.stopped else "")

    def as_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "rule": self.rule, "reasons": self.reasons, "effects": self.effects,
                "stopped": self.stopped, "text": self.text}


@dataclass
class Triage:
    outcome: Outcome = field(default_factory=Outcome)
    trail: list[TrailEntry] = field(default_factory=list)


def compile_rules(rules: Iterable[RuleSpec]) -> list[CompiledRule]:
    """Compile the enabled rules once; reuse the list for every message of a batch."""
    return [CompiledRule(rule, compile_conditions(rule.conditions)) for rule in rules if rule.enabled]


def run_rules(rules: Sequence[CompiledRule], facts: Facts) -> Triage:
    """Run rules in order; each match applies its actions and adds a trail entry; stop-processing ends the run."""
    triage = Triage()
    for compiled in rules:
        matched, reasons = compiled.predicate(facts)
        if not matched:
            continue
        spec = compiled.spec
        effects = [effect for action in spec.actions
                   if (effect := apply_action(action, triage.outcome, rule=spec.name))]
        triage.trail.append(TrailEntry(spec.id, spec.name, reasons, effects, stopped=spec.stop_processing))
        if spec.stop_processing:
            break
    return triage


def count_matches(rules: Sequence[CompiledRule], facts: Facts) -> int:
    """How many rules match (used by the benchmark; no actions applied)."""
    return sum(1 for compiled in rules if compiled.predicate(facts)[0])
