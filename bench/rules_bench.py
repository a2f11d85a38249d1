"""Rules evaluated per second for a playbook of 200 rules, against baselines measured in the same run.

    python dev.py bench rules_bench        # or: python -m bench rules_bench

Pure Python (no database): the labelled mentions are classified once, then every rule is run on
every message. Baselines: the same 200 rules evaluated by ``conditions.evaluate`` (validate and
walk the JSON tree on every call, no compilation), and the classifier alone per message.
"""

import random
import time
from pathlib import Path

from bench.common import machine, median, report
from playbook.classify import INTERACTION_TYPES, SENTIMENTS
from playbook.classify.evaluation import classify_row, load
from playbook.conditions import Facts, evaluate
from playbook.engine import RuleSpec, compile_rules, run_rules

ROOT = Path(__file__).resolve().parent.parent
DATA = next((p for p in (ROOT.parent / "shared/data/mentions_dev.jsonl", ROOT / "playbook/data/mentions_dev.jsonl",
                          ROOT / "playbook/data/fresh_eval.jsonl") if p.exists()), None)
RULES = 200
ROUNDS = 3


def make_rules(count: int, seed: int = 7) -> list[RuleSpec]:
    """A varied playbook: choices, numbers, keyword lists, bounded regexes, any/not groups."""
    rng = random.Random(seed)
    words = ["refund", "reembolso", "cancel", "baja", "roto", "broken", "factura", "bill", "fibra", "wifi", "vuelo",
             "flight", "maleta", "bag", "cupón", "coupon", "tarjeta", "card", "app", "pedido"]
    leaves = [
        lambda: {"field": "interaction_type", "op": "in", "value": rng.sample(INTERACTION_TYPES, 3)},
        lambda: {"field": "sentiment", "op": "eq", "value": rng.choice(SENTIMENTS)},
        lambda: {"field": "followers", "op": "gte", "value": rng.choice([100, 1000, 10000, 50000])},
        lambda: {"field": "network", "op": "in", "value": rng.sample(["x", "facebook", "instagram"], 2)},
        lambda: {"field": "text", "op": "contains_any", "value": rng.sample(words, 4)},
        lambda: {"field": "text", "op": "matches", "value": rf"\b{rng.choice(words)}\w*"},
        lambda: {"field": "influence", "op": "gte", "value": rng.choice(["medium", "high"])},
        lambda: {"not": {"field": "visibility", "op": "eq", "value": "private"}},
        lambda: {"field": "verified", "op": "eq", "value": True},
    ]
    rules = []
    for index in range(count):
        parts = [rng.choice(leaves)() for _ in range(rng.randint(2, 4))]
        tree = {"all": parts} if index % 3 else {"any": parts}
        rules.append(RuleSpec(id=index, name=f"rule {index}", conditions=tree,
                              actions=[{"type": "add_tags", "value": [f"t{index % 17}"]}]))
    return rules


def facts_from_rows(rows) -> list[Facts]:
    facts = []
    for row in rows:
        result = classify_row(row)
        facts.append(Facts(network=row["network"], account=row["brand"].lstrip("@"), visibility=row["visibility"],
                           interaction_type=result.interaction_type, sentiment=result.sentiment,
                           language=result.language, influence=result.influence,
                           followers=row["author_followers"], verified=row["author_verified"],
                           crisis_risk=result.crisis_risk, expects_reply=result.expects_reply, text=row["text"]))
    return facts


def best_of(fn) -> float:
    return median([_time(fn) for _ in range(ROUNDS)])


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    if DATA is None:
        raise SystemExit("no labelled mentions found (../shared/data/mentions_dev.jsonl or playbook/data/)")
    rows = load(DATA)
    specs = make_rules(RULES)
    compiled = compile_rules(specs)
    facts = facts_from_rows(rows)
    evaluations = len(specs) * len(facts)

    def engine():
        for fact in facts:
            run_rules(compiled, fact)

    def interpreted():
        for fact in facts:
            for spec in specs:
                evaluate(spec.conditions, fact)

    def classifier():
        for row in rows:
            classify_row(row)

    matched = sum(len(run_rules(compiled, fact).trail) for fact in facts)
    t_engine, t_interp, t_classify = best_of(engine), best_of(interpreted), best_of(classifier)
    report(f"Playbook rules: {RULES} rules × {len(facts)} messages ({machine()}, median of {ROUNDS})", [
        ("compiled engine (run_rules)", f"{evaluations / t_engine:,.0f} rule evaluations/s · "
                                         f"{len(facts) / t_engine:,.0f} messages/s through all {RULES} rules"),
        ("baseline: evaluate() per call", f"{evaluations / t_interp:,.0f} rule evaluations/s "
                                          f"(compiled is {t_interp / t_engine:.1f}× faster)"),
        ("baseline: classifier alone", f"{len(rows) / t_classify:,.0f} messages/s"),
        ("matches per message", f"{matched / len(facts):.1f} of {RULES} rules"),
    ])


if __name__ == "__main__":
    main()
