from django.core.management.base import BaseCommand, CommandError

from playbook.classify.evaluation import FRESH_HALVES, PARTS, TUNE, confusion_table, evaluate, fresh_half, load, part_of
from playbook.conditions import Facts
from playbook.engine import RuleSpec, compile_rules, run_rules
from playbook.services import FALLBACK_PRIORITY


def default_playbook_rules() -> list[RuleSpec]:
    from playbook.defaults import RULES

    return [RuleSpec(name=rule["name"], conditions=rule["conditions"], actions=rule["actions"]) for rule in RULES]


def rules_priority(rules, row: dict, result) -> str:
    """"high" or "low" for a labelled row: the playbook's rules over the classification (P1/P2 = high)."""
    facts = Facts(
        network=row["network"], account=(row.get("brand") or "").lstrip("@"), visibility=row.get("visibility", "public"),
        interaction_type=result.interaction_type, sentiment=result.sentiment, language=result.language,
        influence=result.influence, followers=int(row.get("author_followers") or 0),
        verified=bool(row.get("author_verified")), crisis_risk=result.crisis_risk,
        expects_reply=result.expects_reply, text=row["text"], inside_business_hours=True,
    )
    priority = run_rules(rules, facts).outcome.priority or FALLBACK_PRIORITY[result.priority]
    return "high" if priority <= 2 else "low"


METRICS = ("priority", "interaction_type", "sentiment", "crisis_risk", "language", "expects_reply")


class Command(BaseCommand):
    help = ("Score triage (classifier + the playbook's rules) against labelled mentions: accuracy per field, "
            "crisis-risk recall, confusion matrices. Rows are split by a hash of their id; see docs/triage.md.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON lines with the fields of shared/data/mentions_dev.jsonl")
        parser.add_argument("--default-rules", action="store_true",
                            help="use the default playbook instead of the rules in the database")
        parser.add_argument("--all-rows", action="store_true",
                            help="treat every row as unseen (for a new data set that was never used to tune)")
        parser.add_argument("--rules-only", action="store_true",
                            help="leave out the learned text model (to measure what it adds)")
        parser.add_argument("--half", choices=FRESH_HALVES,
                            help="score only one half of a set split by the rank of sha256(id) (lower half = tune, "
                                 "upper = blind; playbook/data/fresh_eval.jsonl is split so); implies --all-rows")

    def handle(self, *args, path, default_rules, all_rows, half=None, rules_only=False, **options):
        try:
            rows = load(path)
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        if half:
            rows, all_rows = fresh_half(rows, half), True
        rules = compile_rules(self._rules(default_rules))
        predict = lambda row, result: rules_priority(rules, row, result)  # noqa: E731
        groups = {"all rows": rows} if all_rows else {
            **{part: [r for r in rows if part_of(r["id"]) == part] for part in PARTS},
            "held-out (validation + test)": [r for r in rows if part_of(r["id"]) != TUNE],
        }
        out = self.stdout.write
        out(f"{len(rows)} labelled mentions from {path}" + (f" (the {half} half by rank of sha256(id))" if half else ""))
        if not all_rows:
            out("Split by sha256(id): tune = the rows the lexicons were written from; validation and test were\n"
                "scored blind first and only then read (validation before test). docs/triage.md has the\n"
                "blind figures; the test part is the one read last.")
        out("Learned text model: " + ("left out (--rules-only)" if rules_only else
            "trained on the shipped labelled sets minus the rows being scored (playbook/classify/learned.py)"))
        out("")
        header = f"{'part':<30}{'rows':>5}" + "".join(f"{m[:12]:>13}" for m in METRICS) + f"{'crisis rec.':>13}"
        out(header)
        scores = {}
        for name, group in groups.items():
            if not group:
                continue
            score = evaluate(group, predict_priority=predict, rules_only=rules_only)
            scores[name] = score
            out(f"{name:<30}{len(group):>5}" + "".join(f"{score[m].accuracy:>13.3f}" for m in METRICS)
                + f"{score['crisis_risk'].recall(True):>13.3f}")
        focus = "all rows" if all_rows else "held-out (validation + test)"
        out("")
        for metric in ("priority", "interaction_type", "sentiment", "crisis_risk"):
            out(f"[{focus}] " + confusion_table(scores[focus][metric]))
            out("")
        held = scores[focus]
        ok = held["priority"].accuracy >= 0.90 and held["crisis_risk"].recall(True) >= 0.90
        out(f"Targets on {focus}: priority accuracy ≥ 0.90 and crisis-risk recall ≥ 0.90 → {'met' if ok else 'NOT met'}")

    def _rules(self, use_default: bool) -> list[RuleSpec]:
        from playbook.models import Rule

        if not use_default:
            try:
                specs = [rule.spec() for rule in Rule.objects.enabled()]
            except Exception as error:  # no migrated database: the default playbook still answers
                self.stdout.write(f"(rules not readable from the database: {str(error).splitlines()[0]}; "
                                  "using the default playbook)")
                specs = []
            if specs:
                self.stdout.write(f"Rules: the {len(specs)} enabled rules in the database")
                return specs
        self.stdout.write("Rules: the default playbook")
        return default_playbook_rules()
