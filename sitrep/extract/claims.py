"""Claims and sources: who says each figure and statement, and who relays it.

Attribution is read per sentence: "according to X", "X reported/said/stated ...",
"X, a UK-based monitor, reported", "X cited a source in Y" (a relayed claim: the unnamed
source is the claimant and X is `via`). "The source added ..." carries the previous
sentence's attribution on. A sentence nobody is credited with is claimed by the outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.lexicons import Hit, PhraseIndex, Source, fold

UNATTRIBUTED = "Unattributed"

_VERB = (
    r"(?:reported|reports|said|says|stated|states|claimed|claims|noted|announced|added|"
    r"confirmed|cited|citing|quoted|quoting|told|documented|published|tweeted|posted|"
    r"wrote|alleged|accused|revealed|indicated|mentioned|recorded|estimated)"
)
_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+)?", re.I)
_RELAY = re.compile(
    r"\b(?:cited|citing|quoted|quoting)\s+(?P<desc>(?:an?|the|one)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:source|sources|official|officials|commander|resident|residents|witness|witnesses|"
    r"activist|activists|correspondent|reporter|spokesm[ae]n|medic|doctor))\b(?P<where>\s+in\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*)?)?",
    re.I,
)
_UNNAMED = re.compile(
    r"\b(?:an?|one)\s+(?P<desc>(?:[\w-]+\s+){0,3}?(?:source|official|commander|resident|"
    r"witness|activist|correspondent|spokesm[ae]n|medic|doctor|military source|security source))"
    rf"\s+(?:\w+\s+){{0,4}}?{_VERB}\b",
    re.I,
)
_CONTINUES = re.compile(
    r"^\s*(?:the|this|that)\s+(?:source|monitor|observatory|group|agency|outlet|official|"
    r"ministry|report|statement|network|channel)\s+(?:also\s+)?(?:added|said|noted|stated|"
    r"reported|claimed)|^\s*(?:it|he|she|they)\s+(?:also\s+)?(?:added|said|noted)|"
    r"^\s*(?:additionally|in addition|moreover|furthermore|also)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    "Who a sentence is credited to, and who relays it."

    claimant: str
    via: str | None
    explicit: bool


def canonical_outlet(outlet: str | None, index: PhraseIndex[Source]) -> str | None:
    "The outlet's canonical name when the lexicon knows it ('Tasnim' -> 'Tasnim News Agency')."
    if not outlet:
        return None
    hits = index.find(outlet)
    if hits and fold(hits[0].text) == fold(outlet):
        return hits[0].entry.name
    return outlet.strip()


def attribute(
    text: str,
    sentences: list[tuple[int, int]],
    *,
    hits: list[Hit[Source]],
    outlet: str | None,
) -> list[Attribution]:
    "One Attribution per sentence, from the article's source-lexicon hits."
    default = Attribution(outlet or UNATTRIBUTED, None, False)
    out: list[Attribution] = []
    previous = default
    for s, e in sentences:
        sentence = text[s:e]
        local = [Hit(h.start - s, h.end - s, h.text, h.entry) for h in hits if s <= h.start < e]
        hits_here = local
        found = _attribution(sentence, hits_here, outlet)
        if found is None and _CONTINUES.match(sentence) and previous.explicit:
            found = previous
        current = found or default
        out.append(current)
        previous = current
    return out


def _attribution(sentence: str, hits: list, outlet: str | None) -> Attribution | None:
    relay = _RELAY.search(sentence)
    if relay:
        citing = [h for h in hits if h.end <= relay.start()]
        via = citing[-1].entry.name if citing else outlet
        claimant = _unnamed(relay.group("desc"))
        return Attribution(claimant, via if via != claimant else None, True)
    according = _ACCORDING.search(sentence)
    if according:
        after = [
            h for h in hits if h.start >= according.start() + 12 and h.start - according.end() < 30
        ]
        if after:
            return _credited(after[0].entry.name, outlet)
        desc = re.match(
            r"(?:[\w-]+\s+){0,4}?(?:sources?|officials?|residents?|witnesses|activists|medics|reports)\b",
            sentence[according.end() :],
            re.I,
        )
        if desc:
            return _credited(_unnamed(desc.group(0)), outlet)
    for hit in hits:
        tail = sentence[hit.end : hit.end + 120]
        tail = re.split(r"[.;]", tail, maxsplit=1)[0]
        if re.match(
            rf"^(?:\s*\([^)]*\))?(?:\s*,[^,]{{0,80}},)?\s*(?:also\s+|has\s+|had\s+|have\s+)?{_VERB}\b",
            tail,
            re.I,
        ):
            return _credited(hit.entry.name, outlet)
        if re.match(rf"^\s+(?:\w+\s+){{0,2}}{_VERB}\b", tail, re.I):
            return _credited(hit.entry.name, outlet)
    unnamed = _UNNAMED.search(sentence)
    if unnamed:
        return _credited(_unnamed(unnamed.group("desc")), outlet)
    return None


def claimant_spans(text: str, hits: list) -> list[tuple[int, int]]:
    "Source names used as claimants ('the Nigerian Police said'): not parties to the event."
    spans = []
    for hit in hits:
        tail = text[hit.end : hit.end + 100]
        head = text[max(0, hit.start - 20) : hit.start]
        if _SAYS.match(tail) or _ACCORDING_END.search(head):
            spans.append((hit.start, hit.end))
    return spans


_SAYS = re.compile(
    rf"^(?:\s*\([^)]*\))?(?:\s*,[^,]{{0,80}},)?\s*(?:also\s+|has\s+|had\s+)?{_VERB}\b", re.I
)
_ACCORDING_END = re.compile(r"according to\s+(?:the\s+)?$", re.I)


def _credited(claimant: str, outlet: str | None) -> Attribution:
    return Attribution(claimant, outlet if outlet and outlet != claimant else None, True)


def _unnamed(desc: str) -> str:
    "A name for an unnamed claimant: 'a Syrian source in Idlib' -> 'Unnamed source (Syrian)'."
    words = re.sub(r"^(?:an?|the|one)\s+", "", desc.strip(), flags=re.I).split()
    head = words[-1].lower() if words else "source"
    head = {
        "sources": "source",
        "officials": "official",
        "residents": "resident",
        "witnesses": "witness",
        "activists": "activist",
        "medics": "medic",
        "reports": "source",
    }.get(head, head)
    if "media" in (w.lower() for w in words):
        return "Local media" if "local" in (w.lower() for w in words) else "Unnamed media"
    qualifiers = [w for w in words[:-1] if w[:1].isupper()]
    kind = " ".join(
        w.lower()
        for w in words[:-1]
        if not w[:1].isupper()
        and w.lower() not in {"local", "media", "a", "an", "the", "several", "two"}
    )
    label = f"Unnamed {kind + ' ' if kind else ''}{head}"
    return f"{label} ({' '.join(qualifiers)})" if qualifiers else label
