"""Text normalisation and lexicon matching shared by the classifiers.

Lexicons are written lower-case and without accents ("senal" matches "señal", "sin señal" and
"SIN SEÑAL"); an entry ending in ``*`` matches any word that starts with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

MAX_TEXT = 5_000  # longer texts are classified on their first 5,000 characters
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:'[a-z]+)?|\?|!|[\U0001F000-\U0001FAFF\u2600-\u27BF]")
_REPEATS = re.compile(r"([a-z])\1{2,}")


def fold(text: str) -> str:
    """Lower-case, strip accents (ñ → n, as people type without them), collapse letters repeated 3+ times."""
    text = text[:MAX_TEXT].lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("´", "'")
    return _REPEATS.sub(r"\1\1", text)


@dataclass(frozen=True)
class Text:
    """A message prepared once for every classifier."""

    original: str

    @cached_property
    def folded(self) -> str:
        return fold(self.original)

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(_WORD.findall(self.folded))

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(t for t in self.tokens if t[0].isalnum())

    @cached_property
    def joined(self) -> str:
        """Words separated by single spaces, with spaces at both ends, for phrase matching."""
        return " " + " ".join(self.tokens) + " "

    @cached_property
    def upper_ratio(self) -> float:
        letters = [c for c in self.original if c.isalpha()]
        return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def lexicon(*entries: str) -> re.Pattern:
    """One regular expression matching any of ``entries`` as whole words or phrases."""
    parts = []
    for entry in sorted(entries, key=len, reverse=True):
        entry = fold(entry).strip().replace("/", " ")  # "10/10" is tokenised "10 10"
        prefix = entry.endswith("*")
        body = re.escape(entry.rstrip("*")).replace(r"\ ", "[ -]").replace(r"\-", "[ -]")
        parts.append(body + (r"[a-z0-9ñ']*" if prefix else ""))
    return re.compile(r"(?<![a-z0-9ñ-])(?:" + "|".join(parts) + r")(?![a-z0-9ñ-])")


def count(pattern: re.Pattern, text: Text) -> int:
    return len(pattern.findall(text.joined))


def found(pattern: re.Pattern, text: Text) -> list[str]:
    return pattern.findall(text.joined)
