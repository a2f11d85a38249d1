"""Language of a message: function words for es/en (robust on short, slangy posts), langdetect for the rest."""

from __future__ import annotations

from .text import Text

# Words frequent in one language and rare in the others; short posts rarely have more than a few.
_MARKERS = {
    "es": set(
        "el la los las un una unos de del que y en es por para con sin pero mas muy ya hoy ayer "
        "me mi mis te tu os nos se le les lo al su sus yo este esta esto eso hay son estoy estan "
        "tengo tiene hace hola buenas gracias donde cuando como porque quiero puedo vais teneis "
        "ustedes vosotros nada todo otra vez dia desde hasta tambien algun alguna che pues si "
        "llevo van sacar".split()
    ),
    "en": set(
        "the a an of and to in is are was were be been it its this that these my your you i i'm "
        "i've don't can't won't didn't isn't we they he she for with on at from by not no just "
        "what when where why how do does did have has had will would can could should please "
        "thanks hi hello any so but or if there their about again still up after out all more new "
        "today now our us me get got like one".split()
    ),
    "pt": set("nao voce obrigado obrigada muito estou isso uma com meu minha seu sua pra tambem ola".split()),
    "fr": set("le les des est et je vous nous pas merci bonjour avec pour dans une c'est tres mon ma".split()),
    "it": set("il gli della sono non per che una grazie ciao molto questo sempre anche".split()),
    "de": set("der die das und ist nicht ich sie wir mit fur danke hallo ein eine mein auch".split()),
}
# A few markers are shared (es/pt "que", fr/es "les"); only win when clearly ahead.
_MARGIN = 1


def detect_language(text: Text) -> str:
    """ISO 639-1 code of the text's language; "und" when there is nothing to tell."""
    words = text.words
    if not words:
        return "und"
    scores = {lang: sum(w in markers for w in words) for lang, markers in _MARKERS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top and best in ("es", "en") and top - second >= _MARGIN and not _foreign(text, best):
        return best
    return _langdetect(text) or (best if top else "und")


def _foreign(text: Text, best: str) -> bool:
    """Portuguese/Italian/French share many Spanish words: ask langdetect when their own markers show up."""
    others = sum(w in _MARKERS[lang] and w not in _MARKERS[best] for lang in ("pt", "fr", "it", "de") for w in text.words)
    return others >= 2


def _langdetect(text: Text) -> str | None:
    try:
        from langdetect import DetectorFactory, LangDetectException, detect_langs
    except ImportError:  # pragma: no cover - langdetect is a declared dependency
        return None
    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        best = detect_langs(text.original)[0]
    except LangDetectException:
        return None
    return best.lang.split("-")[0] if best.prob >= 0.5 else None
