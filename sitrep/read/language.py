"""Is an article in English? Sitrep's extractors read English only, so others are refused.

Detection uses py3langid, which ships its model and so works offline. The model is loaded
once per process, on first use, because batches run to thousands of articles and loading
takes about half a second.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sitrep.errors import NotEnglish
from sitrep.models import Article

__all__ = ["detect", "ensure_english"]

# langid reads character n-grams; this much text decides the language and bounds the cost.
_SAMPLE_CHARS = 2000
# Below this many letters ("Five killed.") langid is guessing, so the text counts as English.
_MIN_LETTERS = 20
# Short English headlines can rank Nigerian Pidgin or Afrikaans first, but English keeps a few
# percent of the probability; a real French or Arabic text leaves it under 0.001.
_MIN_ENGLISH_PROBABILITY = 0.01
_ENGLISH_NAMES = frozenset({"en", "eng", "english"})


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """The language code of `text`, "en" when English or when the text is too short to tell.

    Errs towards English: a wrongly refused English report is lost silently from the data,
    while a wrongly accepted foreign one only yields no events.
    """
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return "en"
    ranking = _identifier().rank(sample)
    best = ranking[0][0]
    if best == "en" or dict(ranking).get("en", 0.0) >= _MIN_ENGLISH_PROBABILITY:
        return "en"
    return best


def ensure_english(article: Article) -> Article:
    """The article with `language` set to "en", or NotEnglish naming its origin and language.

    A `language` the article declares is trusted when it says English ("en", "en-GB",
    "English"); any other declared language is refused without running detection.
    """
    declared = (article.language or "").strip()
    if declared:
        if declared.lower().replace("_", "-").split("-")[0] in _ENGLISH_NAMES:
            return dataclasses.replace(article, language="en")
        language = declared
    else:
        language = detect(article.text)
        if language == "en":
            return dataclasses.replace(article, language="en")
    raise NotEnglish(
        article.origin or article.id,
        f"is in {language}, not English; nothing is extracted from it",
    )
