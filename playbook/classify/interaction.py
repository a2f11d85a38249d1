"""Interaction type: the brand playbook's ten kinds of mention, from cue words and context."""

from __future__ import annotations

import re
import unicodedata

from . import lexicons
from .sentiment import NEGATIVE, POSITIVE, Sentiment
from .text import Text, count, fold

QUESTION, REQUEST, INCIDENT = "question", "request", "incident"
NEGATIVE_EXPERIENCE, COMPLAINT, CRISIS_RISK = "negative_experience", "complaint", "crisis_risk"
NON_URGENT_QUERY, BRAND_MENTION, SECTOR_MENTION = "non_urgent_query", "brand_mention", "sector_mention"
POSITIVE_EXPERIENCE = "positive_experience"

INTERACTION_TYPES = (
    QUESTION, REQUEST, INCIDENT, NEGATIVE_EXPERIENCE, COMPLAINT, CRISIS_RISK,
    NON_URGENT_QUERY, BRAND_MENTION, SECTOR_MENTION, POSITIVE_EXPERIENCE,
)
HIGH_PRIORITY_TYPES = frozenset({QUESTION, REQUEST, INCIDENT, NEGATIVE_EXPERIENCE, COMPLAINT, CRISIS_RISK})
EXPECTS_REPLY_TYPES = frozenset({QUESTION, REQUEST, INCIDENT, COMPLAINT, NON_URGENT_QUERY})

# Words that begin a brand's name but say nothing alone ("Banco" of BancoCerca), and endings a brand's
# name is often written without ("NorthLine" for @NorthLineRail).
_GENERIC_NAME_PARTS = frozenset(
    "banco bank cafe coffee movil mobile aero air motors motor cosmetics tele super shop store the el la "
    "los las my mi grupo group rail energy seguros insurance".split()
)
_SECOND_PERSON = re.compile(r"(?<![a-z])(?:you|your|os|vosotros|ustedes|teneis|volveis|vais|podeis|sacais)(?![a-z])")
_QUESTION_MARK = re.compile(r"\?")
_CLAUSE_START = re.compile(r"(?:^|[.!,;:]\s*)(?:(?:che|hola|hi|hello|hey|buenas|oye)\s+)*([^.!,;:]*)")


def _name_parts(brand_handle: str) -> list[str]:
    handle = brand_handle.lstrip("@")
    return [fold(p) for p in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", handle)] or [fold(handle)]


def brand_names(brand_handle: str | None) -> tuple[str, ...]:
    """Ways a brand is written: "@VoltaMotors" → ("voltamotors", "volta motors", "volta").

    Every spacing of the handle's parts ("NorthLine Rail"), the name without a generic ending
    ("NorthLine"), and its first part alone when distinctive ("Volta").
    """
    if not brand_handle:
        return ()
    parts = _name_parts(brand_handle)
    names = {fold(brand_handle.lstrip("@"))}
    for gaps in range(2 ** (len(parts) - 1) if len(parts) <= 5 else 1):
        names.add(parts[0] + "".join((" " if gaps >> i & 1 else "") + part for i, part in enumerate(parts[1:])))
    names.add(" ".join(parts))
    if len(parts) > 2 and parts[-1] in _GENERIC_NAME_PARTS:
        names.add("".join(parts[:-1]))
    if len(parts[0]) >= 4 and parts[0] not in _GENERIC_NAME_PARTS:
        names.add(parts[0])
    return tuple(sorted(names, key=len, reverse=True))


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def names_brand(text: Text, brand_handle: str | None) -> bool:
    handle_words = " ".join(w.lstrip("@") for w in text.folded.split())
    names = brand_names(brand_handle)
    first = _name_parts(brand_handle)[0] if brand_handle else ""
    for name in names:
        if name == first and " " not in name and len(names) > 1:
            # One ordinary word ("comida" of @ComidaYa) names the brand only written as a name: "Comida".
            pattern = rf"(?<![A-Za-z0-9@]){re.escape(name[0].upper())}(?i:{re.escape(name[1:])})(?![A-Za-z0-9])"
            if re.search(pattern, _unaccented(text.original)):
                return True
        elif re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", handle_words):
            return True
    return False


def without_brand(text: Text, brand_handle: str | None) -> Text:
    """The text with the brand's own name taken out, so that a name never reads as a cue
    ("Hospital Central" is not an emergency, "Energía Clara" is not praise)."""
    joined = text.joined
    for name in brand_names(brand_handle):
        joined = joined.replace(f" {name} ", " ")
    if joined == text.joined:
        return text
    masked = Text(text.original)
    masked.__dict__["joined"] = joined  # cached_property: precompute the masked form
    return masked


def tags_brand(text: Text, brand_handle: str | None) -> bool:
    """The author @-mentions the brand's handle."""
    return bool(brand_handle) and f"@{fold(brand_handle.lstrip('@'))}" in text.folded


def is_addressed(text: Text, *, network: str, visibility: str, brand_handle: str | None) -> bool:
    """Written to the brand: a DM, an @-mention, or a comment on its Facebook page."""
    return visibility == "private" or tags_brand(text, brand_handle) or network == "facebook"


def is_question(text: Text) -> bool:
    # "¿Se puede…?" asks; "así no se puede" does not.
    asked = [m for m in lexicons.QUESTION_ANYWHERE.finditer(text.joined) if not text.joined[: m.start()].endswith(" no ")]
    if _QUESTION_MARK.search(text.folded) or asked:
        return True
    stripped = re.sub(r"@\w+", " ", text.folded)
    clauses = [clause.strip() for clause in _CLAUSE_START.findall(stripped) if clause.strip()]
    return any(lexicons.QUESTION_START.match(c) or lexicons.INVERTED_QUESTION.match(c) for c in clauses)


def is_greeting_only(text: Text) -> bool:
    words = [re.sub(r"(.)\1+$", r"\1", w) for w in text.words]  # "holaa" → "hola"
    return 0 < len(words) <= 4 and all(w in lexicons.GREETINGS for w in words)


def brand_hashtag(text: Text, brand_handle: str | None) -> bool:
    """A hashtag built on the brand's name (#AeroSurRompeGuitarras): a campaign against it."""
    names = [n.replace(" ", "") for n in brand_names(brand_handle)]
    return any(tag.startswith(name) and len(tag) > len(name) for tag in re.findall(r"#(\w+)", text.folded) for name in names)


def detect_interaction_type(
    text: Text, sentiment: Sentiment, *, network: str, visibility: str, brand_handle: str | None,
    crisis_kinds: tuple[str, ...], big_author: bool = False,
) -> str:
    """One of ``INTERACTION_TYPES``; see the header of shared/data/README.md for the definitions."""
    addressed = is_addressed(text, network=network, visibility=visibility, brand_handle=brand_handle)
    negative, positive = sentiment.label == NEGATIVE, sentiment.label == POSITIVE
    # Instagram comments usually sit under the brand's own post: "you", praise and questions there are for the brand.
    on_brand_post = network == "instagram" and (
        positive or bool(_SECOND_PERSON.search(text.folded)) or bool(_QUESTION_MARK.search(text.folded))
    )
    # A formal complaint is written to someone even when it does not name them ("este banco").
    complaint = negative and bool(count(lexicons.COMPLAINT, text) or lexicons.THREAT.search(text.joined))
    named = tags_brand(text, brand_handle) or names_brand(text, brand_handle)
    # "Anyone know which bank…?" on a page is asked of the crowd, not of the brand.
    to_crowd = visibility != "private" and not named and bool(count(lexicons.CROWD, text))
    about_brand = not to_crowd and (addressed or named or on_brand_post or complaint)
    if visibility == "private" and is_greeting_only(text):
        return NON_URGENT_QUERY
    if visibility == "private" and not text.words:
        return QUESTION  # "??": a customer nudging for the answer they are waiting for
    strong_crisis = set(crisis_kinds) - {"amplification"}
    amplified = bool(crisis_kinds) or brand_hashtag(text, brand_handle)
    # Every labelled crisis is a negative message: crisis words inside praise ("su alergia ya no le pica") are not one.
    if about_brand and not positive and (strong_crisis or (amplified and (negative or big_author))):
        return CRISIS_RISK
    if not about_brand:
        return SECTOR_MENTION
    # "…, anyone else?" asks the crowd even when the brand is named.
    question = is_question(text) and not (bool(count(lexicons.CROWD, text)) and not tags_brand(text, brand_handle))
    # "Could you add a gift note? … love, Sam": asking the brand to act, however warm the words.
    asks = question and bool(count(lexicons.REQUEST, text))
    if negative:
        if complaint:
            return COMPLAINT
        if count(lexicons.INCIDENT, text) or any(
            pattern.search(text.joined) for pattern in (lexicons.ONGOING, lexicons.MONEY_SHORT, lexicons.DELIVERED_ON_PAPER)
        ):
            return INCIDENT
        if count(lexicons.REQUEST, text):
            return REQUEST
        if question:
            return QUESTION
        return NEGATIVE_EXPERIENCE
    if positive and sentiment.score >= 2 and not asks:
        return BRAND_MENTION if count(lexicons.FUTURE_POSITIVE, text) else POSITIVE_EXPERIENCE
    if question and count(lexicons.NOT_URGENT, text):
        return NON_URGENT_QUERY
    if count(lexicons.REQUEST, text):
        return REQUEST
    if visibility == "private" and not positive:
        # A DM that is not a greeting or praise is someone waiting for an answer.
        return NON_URGENT_QUERY if count(lexicons.NOT_URGENT, text) else QUESTION
    if positive:
        # Praise with a question mark is still praise ("the pastel de nata? don't get me started").
        return BRAND_MENTION if count(lexicons.FUTURE_POSITIVE, text) else POSITIVE_EXPERIENCE
    if question:
        if count(lexicons.NOT_URGENT, text):
            return NON_URGENT_QUERY
        if count(lexicons.NEAR_TIME, text) or count(lexicons.PERSONAL, text) or addressed:
            return QUESTION
        return NON_URGENT_QUERY
    return BRAND_MENTION



def with_urgency(interaction_type: str, text: Text, sentiment: Sentiment, *, urgent: bool) -> str:
    """The type whose priority agrees with a confident learned reading ("high" when ``urgent``).

    A crisis or a negative message is never lowered; a casual reading of a question becomes a question, a bad experience told
    without a negative word a negative experience, and so on.
    """
    if interaction_type == CRISIS_RISK or (interaction_type in HIGH_PRIORITY_TYPES) == urgent:
        return interaction_type
    if not urgent and sentiment.label == NEGATIVE:
        return interaction_type  # an unhappy customer is never made to wait on a model's doubt
    if urgent:
        if interaction_type == NON_URGENT_QUERY or is_question(text):
            return QUESTION
        return REQUEST if count(lexicons.REQUEST, text) else NEGATIVE_EXPERIENCE
    if interaction_type in (QUESTION, REQUEST):
        return NON_URGENT_QUERY
    return POSITIVE_EXPERIENCE if sentiment.label == POSITIVE else BRAND_MENTION
