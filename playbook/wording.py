"""Rule descriptions and triage-trail entries in the reader's language.

Conditions and effects are described once, in plain English, by ``conditions.describe`` and
``actions.apply_action``; that text is what a conversation's trail stores and what departments are
handed. This module re-words it for the page being rendered, leaving untouched everything users
wrote: keywords, regular expressions, and rule, tag, template, team and department names.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language, gettext as _, gettext_lazy

from inbox.templatetags.inbox import INTERACTION_TYPES, SENTIMENTS

FIELDS = {
    "network": gettext_lazy("network"), "account": gettext_lazy("account"), "visibility": gettext_lazy("visibility"),
    "interaction_type": gettext_lazy("interaction type"), "sentiment": gettext_lazy("sentiment"),
    "language": gettext_lazy("language"), "influence": gettext_lazy("influence"),
    "followers": gettext_lazy("followers"), "verified": gettext_lazy("verified author"),
    "crisis_risk": gettext_lazy("crisis risk"), "expects_reply": gettext_lazy("expects a reply"),
}
VALUES = {
    **INTERACTION_TYPES, **SENTIMENTS,
    "public": gettext_lazy("public"), "private": gettext_lazy("private"),
    "low": gettext_lazy("low"), "medium": gettext_lazy("medium"), "high": gettext_lazy("high"),
    "very_high": gettext_lazy("very high"),
}
PHRASES = {  # longest first when applied
    "inside business hours": gettext_lazy("inside business hours"),
    "outside business hours": gettext_lazy("outside business hours"),
    "text does not contain": gettext_lazy("text does not contain"),
    "text contains": gettext_lazy("text contains"), "text matches": gettext_lazy("text matches"),
    "customer not tagged": gettext_lazy("customer not tagged"), "customer tagged": gettext_lazy("customer tagged"),
    "always": gettext_lazy("always"),
}
OPERATORS = {" in ": gettext_lazy(" in "), " not in ": gettext_lazy(" not in ")}
EFFECTS = {
    "tags ": gettext_lazy("tags "), "suggest ": gettext_lazy("suggest "), "escalate to ": gettext_lazy("escalate to "),
    "sla policy: ": gettext_lazy("SLA policy: "), "route to team: ": gettext_lazy("team: "),
    "assign: ": gettext_lazy("assign to: "), "auto-acknowledge with ": gettext_lazy("auto-acknowledge with "),
}

# What users wrote is never re-worded: “keywords” and a /regular expression/ (to the last slash).
_PROTECTED = re.compile(r"(“[^”]*”|/.*/)")
_COMPARISON = re.compile(
    r"\b(?P<field>" + "|".join(FIELDS) + r")(?P<op> ?(?:=|≠|≥|≤|>|<) ?| not in | in )(?P<values>[\w.@-]+(?:, [\w.@-]+)*)"
)
_FLAG = re.compile(r"\b(?P<negated>not )?(?P<field>verified|crisis_risk|expects_reply)\b(?! ?(?:=|≠| in| not in))")


def _canonical() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def _comparison(match: re.Match) -> str:
    field, values = match["field"], match["values"]
    if field != "account":  # handles are names
        values = ", ".join(str(VALUES[value]).lower() if value in VALUES else value for value in values.split(", "))
    return f"{FIELDS[field]}{OPERATORS.get(match['op'], match['op'])}{values}"


def _flag(match: re.Match) -> str:
    label = str(FIELDS[match["field"]])
    return _("not %(condition)s") % {"condition": label} if match["negated"] else label


def _plain(text: str) -> str:
    text = _COMPARISON.sub(_comparison, text)
    text = _FLAG.sub(_flag, text)
    for phrase, wording in PHRASES.items():
        text = text.replace(phrase, str(wording))
    text = text.replace("not (", _("not (")).replace(" and ", _(" and ")).replace(" or ", _(" or "))
    return text


def condition_text(text: str) -> str:
    """A condition description ("sentiment=negative, followers ≥ 10,000") in the active language."""
    if _canonical() or not text:
        return text
    return "".join(part if _PROTECTED.fullmatch(part) else _plain(part) for part in _PROTECTED.split(text))


def effect_text(text: str) -> str:
    if _canonical():
        return text
    for prefix, wording in EFFECTS.items():
        if text.startswith(prefix):
            return str(wording) + text[len(prefix):]
    return text


def trail_text(entry: dict) -> str:
    """One trail entry ("P1 — rule 'Complaints from influencers': sentiment=negative") in the active language."""
    if _canonical() or "reasons" not in entry:
        return entry.get("text") or entry.get("rule", "")
    effects = entry.get("effects") or []
    priority = next((e for e in effects if e in ("P1", "P2", "P3", "P4")), None)
    why = ", ".join(condition_text(reason) for reason in entry["reasons"]) or _("always")
    text = _("rule “%(rule)s”: %(why)s") % {"rule": entry.get("rule", ""), "why": why}
    others = [effect_text(effect) for effect in effects if effect != priority]
    if priority:
        text = f"{priority} — {text}"
    if others:
        text += " → " + "; ".join(others)
    return text + (_(" (stop)") if entry.get("stopped") else "")
