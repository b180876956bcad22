"""Claims and sources: who says each figure and statement, and who relays it.

Attribution is read per sentence: "according to X", "X reported/said/stated ...",
"X, a UK-based monitor, reported", "X cited a source in Y" (a relayed claim: the unnamed
source is the claimant and X is `via`). "The source added ..." carries the previous
sentence's attribution on. A sentence nobody is credited with is claimed by the outlet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from sitrep.extract.discourse import sentence_tokens
from sitrep.lexicons import Hit, PhraseIndex, Source, fold, sources

UNATTRIBUTED = "Unattributed"
#: "The UN mission said", "UN peacekeepers said": the UN's mission in the report's country,
#: named once the country is known (`un_mission`); the UN itself where it has none.
UN_MISSION = "UN mission"
#: Words that make "UN ..." the UN's mission or its peacekeepers rather than the UN itself.
_MISSION_WORDS = frozenset({"mission", "peacekeepers", "peacekeeper", "peacekeeping", "force"})
#: "A UN fact-finding mission" inquires from outside: it is not the mission in the country.
_INQUIRY = frozenset({"finding", "investigative", "inquiry"})
_MISSION_AFTER = re.compile(r"\s+(?:peacekeeping\s+)?(?:mission|peacekeepers|force)\b", re.I)

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


@cache
def _missions() -> dict[str, str]:
    "Country (ISO alpha-3) -> the UN mission serving it, from the sources lexicon."
    return {s.country: s.name for _, s in sources() if s.kind == "UN mission" and s.country}


def un_mission(iso3: str | None) -> str:
    """Who "the UN mission" is in a report from country `iso3`: MINUSCA in the Central
    African Republic, UNAMA in Afghanistan; the UN itself where it keeps no mission."""
    return _missions().get(iso3 or "", "UN")


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
        desc = re.match(
            r"(?:[\w-]+\s+){0,4}?(?:sources?|officials?|residents?|witnesses|activists|medics|reports)\b",
            sentence[according.end() :],
            re.I,
        )
        relay = _told_next(sentence, according.end() + desc.end(), hits) if desc else None
        if desc and relay is not None:
            # "according to security sources told AFP": the sources, relayed by AFP.
            return Attribution(_unnamed(desc.group(0)), relay, True)
        if after:
            return _credited(_hit_name(after[0], sentence), outlet)
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
            return _credited(_hit_name(hit, sentence), outlet)
        if re.match(rf"^\s+(?:\w+\s+){{0,2}}{_VERB}\b", tail, re.I):
            return _credited(_hit_name(hit, sentence), outlet)
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


#: Words between a source and the outlet that relays it: "sources told AFP", "officials
#: quoted by Reuters", "residents who spoke to the BBC".
_TOLD_AFTER = re.compile(
    r"\s*,?\s*(?:who\s+)?(?:told|quoted\s+by|cited\s+by|speaking\s+to|talking\s+to|spoke\s+to)"
    r"\s+(?:the\s+)?",
    re.I,
)


def _hit_name(hit: Hit[Source], sentence: str) -> str:
    "A source hit's canonical name; 'the UN mission', 'UN peacekeepers' are the UN's mission."
    if hit.entry.name == "UN" and _MISSION_AFTER.match(sentence, hit.end):
        return UN_MISSION
    return hit.entry.name


def _credited(claimant: str, outlet: str | None) -> Attribution:
    return Attribution(claimant, outlet if outlet and outlet != claimant else None, True)


def _unnamed(desc: str) -> str:
    """A name for an unnamed claimant, in the report's own words: 'a Syrian source in Idlib'
    -> 'Syrian source', 'local officials' -> 'Local officials' (what a coder writes)."""
    words = re.sub(r"^(?:an?|the|one|two|three|several|some)\s+", "", desc.strip(), flags=re.I)
    words = re.split(r"\s+(?:in|from|at|of|on|near|with|who|close)\b", words, maxsplit=1)[0]
    phrase = " ".join(words.split()) or "source"
    if phrase.lower() == "reports":
        phrase = "local media" if "local" in desc.lower() else "media reports"
    return phrase[:1].upper() + phrase[1:]


# --- attribution from the parse ------------------------------------------------------------

#: Verbs of saying and reporting whose subject is the source of what they govern.
_SAY_WORDS = """said says say saying told tells tell telling reported reports report reporting
    stated states state claimed claims claim claiming announced announces announce confirmed
    confirms confirm noted notes mentioned mentions added adds declared declares revealed
    reveals indicated indicates estimated estimates documented documents recorded tweeted
    posted wrote writes alleged alleges accused accuses acknowledged admitted insisted
    explained warned quoted cited"""
SAY = frozenset(_SAY_WORDS.split())
#: "citing X", "quoting X": X is the source and the clause's subject relays it.
RELAY = frozenset({"citing", "quoting", "cited", "quoted"})
#: Definite descriptions that point back at a source already named ("the monitor said").
ANAPHORS = frozenset(
    {
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "monitor",
        "observatory",
        "group",
        "organisation",
        "organization",
        "agency",
        "source",
        "sources",
        "statement",
        "ministry",
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "report",
    }
)
_UNNAMED_WORDS = """source sources official officials commander commanders resident residents
witness witnesses activist activists correspondent spokesman spokesmen medic medics doctor
doctors"""
_UNNAMED_HEADS = frozenset(_UNNAMED_WORDS.split())
_CLAUSE_DEPS = frozenset({"relcl", "acl", "punct", "cc", "advcl", "prep"})


@dataclass(frozen=True, slots=True)
class Scope:
    "Text a source is credited with: its clause, text[start:end]."

    start: int
    end: int
    attribution: Attribution


@dataclass(frozen=True, slots=True)
class Attributions:
    """Who each part of an article is credited to.

    `sentence[i]` is sentence i's main source (the verb of saying that governs the whole
    sentence, or the outlet); `scopes[i]` the narrower clauses that another source is
    credited with ("Russian forces said they took a village as Kyiv said five civilians
    were killed": the five are Kyiv's).
    """

    sentence: list[Attribution]
    scopes: list[list[Scope]]
    #: Spans that name a source ("the Nigerian Police" in "the Nigerian Police said"):
    #: claimants, not parties to the event.
    speakers: list[tuple[int, int]]

    def renamed(self, names: dict[str, str]) -> Attributions:
        "The same credits with some claimants under fuller names ('Government' of a country)."
        if not names:
            return self
        return Attributions(
            [_renamed(a, names) for a in self.sentence],
            [
                [Scope(sc.start, sc.end, _renamed(sc.attribution, names)) for sc in x]
                for x in self.scopes
            ],
            self.speakers,
        )

    def at(self, i: int, pos: int) -> Attribution:
        "The source credited with the character at `pos` of sentence i."
        inside = [sc for sc in self.scopes[i] if sc.start <= pos < sc.end]
        if inside:
            return min(inside, key=lambda sc: sc.end - sc.start).attribution
        return self.sentence[i]


class Attributor(Protocol):
    "The attribution stage: who says each sentence and clause of an article."

    def attribute(
        self,
        doc: Any,
        text: str,
        sentences: list[tuple[int, int]],
        *,
        hits: list[Hit[Source]],
        outlet: str | None,
        actor_at: Callable[[int, int], str | None],
    ) -> Attributions: ...


class ParseAttributor:
    """Attribution read off the dependency parse (the default stage).

    A verb of saying ("said", "told", "reported", "claimed") or "according to" names its
    source in its subject (or "by" agent, or the object of "according to"); what it governs
    is credited to that source. The source resolves through the sources lexicon, then the
    actor rules ("police said" -> the country's police), then back to the last named source
    for a pronoun or a definite description ("he said", "the monitor added"); anything else
    is the source's own words, cleaned ("Local officials"). "X told Reuters" relays X via
    Reuters. A quotation spread over several sentences is credited to whoever the sentence
    that closes it names. Sentences with no verb of saying fall back to the pattern rules
    (`attribute`), and then to the outlet.
    """

    def attribute(
        self,
        doc: Any,
        text: str,
        sentences: list[tuple[int, int]],
        *,
        hits: list[Hit[Source]],
        outlet: str | None,
        actor_at: Callable[[int, int], str | None],
    ) -> Attributions:
        fallback = attribute(text, sentences, hits=hits, outlet=outlet)
        default = Attribution(outlet or UNATTRIBUTED, None, False)
        main: list[Attribution] = []
        scopes: list[list[Scope]] = []
        speakers: list[tuple[int, int]] = []
        last: Attribution | None = None
        seen: list[str] = []  # every source named so far, for "the commissioner", "Katuo"
        # "police officials" said: the force an unnamed head word ("officials") stood for
        # where the report named it, so that a bare "officials said" can be sharpened to it.
        forces: dict[str, set[str]] = {}
        windows = sentence_tokens(doc, sentences)
        for i, (s, e) in enumerate(sentences):
            found: list[tuple[Any, Scope]] = []
            for t in windows[i]:
                said = self._said(t, text, hits, outlet, actor_at, last, seen)
                if said is None:
                    continue
                attribution, scope_tokens, speaker = said
                speakers.append(speaker)
                words = text[speaker[0] : speaker[1]].lower().split()
                if (
                    words
                    and words[-1] in _UNNAMED_HEADS
                    and attribution.claimant.startswith(("Police Forces of", "Military Forces of"))
                ):
                    forces.setdefault(words[-1], set()).add(attribution.claimant)
                if not scope_tokens:
                    continue
                lo = min(x.idx for x in scope_tokens)
                hi = max(x.idx + len(x) for x in scope_tokens)
                found.append((t, Scope(max(lo, s), min(hi, e), attribution)))
                if attribution.explicit:
                    last = attribution
                    seen.append(attribution.claimant)
            # "the agency reported, citing the governor": the one cited says what the
            # reporting verb governs; the reporter only relays it.
            relayed = {
                t.head.i: sc.attribution
                for t, sc in found
                if t.lower_ in RELAY and t.dep_ == "advcl" and t.head.lower_ in SAY
            }
            if relayed:
                found = [
                    (t, Scope(sc.start, sc.end, relayed[t.i]) if t.i in relayed else sc)
                    for t, sc in found
                ]
            root_level = [sc for t, sc in found if _governs_sentence(t)]
            if root_level:
                main.append(root_level[0].attribution)
            elif fallback[i].explicit:
                main.append(fallback[i])
                last = fallback[i]
            else:
                main.append(default)
            scopes.append([sc for _t, sc in found])
        _spread_quotes(text, sentences, main)
        _paragraph_said(text, sentences, main)
        _lead_sourced_next(text, sentences, main)
        _one_source_retold(main, scopes, outlet, hits)
        sharper = _sharper_names(
            [a for a in main] + [sc.attribution for x in scopes for sc in x], forces
        )
        if sharper:
            main = [_renamed(a, sharper) for a in main]
            scopes = [
                [Scope(sc.start, sc.end, _renamed(sc.attribution, sharper)) for sc in x]
                for x in scopes
            ]
        return Attributions(main, scopes, speakers)

    def _said(
        self,
        t: Any,
        text: str,
        hits: list[Hit[Source]],
        outlet: str | None,
        actor_at: Callable[[int, int], str | None],
        last: Attribution | None,
        seen: Sequence[str] = (),
    ) -> tuple[Attribution, list[Any], tuple[int, int]] | None:
        word = t.lower_
        if word == "according" and t.dep_ == "prep":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if obj is None:
                return None
            name = _speaker(obj, text, hits, actor_at, last, seen)
            if name is None:
                return None
            clause = t.head
            scope = [x for x in clause.subtree if not (t.idx <= x.idx <= obj.idx + len(obj))]
            # "according to security sources quoted by AFP": AFP relays the sources.
            relay = _relayed_by(obj, hits) or _told_next(text, _span(obj)[1], hits)
            if relay is not None and relay != name:
                return Attribution(name, relay, True), scope, _span(obj)
            return _credited(name, outlet), scope, _span(obj)
        if (word not in SAY and word not in RELAY) or t.pos_ not in {"VERB", "AUX"}:
            return None
        obj = next((c for c in t.children if c.dep_ in {"dobj", "pobj"}), None)
        if word in RELAY and obj is not None:
            # "citing a military source", "X cited a Syrian source as saying": the object is
            # the source, the one who cites it relays it. Not "citing the death of 35
            # civilians": what is cited must be someone who can speak.
            if not _can_speak(obj, hits):
                return None
            name = _speaker(obj, text, hits, actor_at, last, seen)
            if name is None:
                return None
            clause = t.head if t.dep_ in {"advcl", "xcomp", "acl"} else t
            relayer = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            via = _speaker(relayer, text, hits, actor_at, None) if relayer is not None else None
            inner = set(obj.subtree) | (set(relayer.subtree) if relayer is not None else set())
            scope = [x for x in (clause.sent if clause.dep_ == "ROOT" else clause.subtree)]
            scope = [x for x in scope if x not in inner]
            return Attribution(name, via or outlet, True), scope, _span(obj)
        # "NORTH AND WEST REGIONS — The Joint Command ... announced": the parse may take the
        # capitalised dateline for a second subject; it is where, not who.
        # Of two subjects the parse gives it ("Gunmen ... killed 15 worshippers, a church
        # official said"), the one nearest the verb says it; the other opens what is said.
        subject = next(
            (
                c
                for c in reversed(list(t.children))
                if c.dep_ in {"nsubj", "nsubjpass"}
                and c.i < t.i
                and not _dateline(c, hits, actor_at)
            ),
            None,
        ) or next(
            (
                c
                for c in t.children
                if c.dep_ in {"nsubj", "nsubjpass"} and not _dateline(c, hits, actor_at)
            ),
            None,
        )
        if subject is not None and subject.dep_ == "nsubjpass":
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if word in RELAY:
                # "the governor was quoted as saying by IRNA": the one quoted is the
                # source, the one quoting relays it (the parse may hang "by" on "saying").
                if by is None:
                    by = next(
                        (
                            c
                            for x in t.subtree
                            if x.lower_ == "by" and x.dep_ in {"prep", "agent"}
                            for c in x.children
                            if c.dep_ == "pobj"
                        ),
                        None,
                    )
                return self._quoted(t, subject, by, text, hits, outlet, actor_at, last, seen)
            subject = by
        trailing = _trailing_speaker(t)
        if trailing is not None and (subject is None or subject.i < trailing.i):
            # "BAGHDAD - Bombs killed eight soldiers, police said.": the parse may take the
            # dateline or the reported clause's subject for the verb's; the phrase just
            # before a sentence-final verb of saying is who says it.
            subject = trailing
        if subject is None:
            return None
        subject_tokens = set(subject.subtree)
        complements = [c for c in t.children if c.dep_ in {"ccomp", "parataxis", "xcomp"}]
        if t.dep_ == "ROOT" or not complements:
            # The verb of saying heads the sentence (or ends it: "..., he said"): all of it.
            scope = [x for x in t.sent if x not in subject_tokens]
        else:
            scope = [x for c in complements for x in c.subtree]
        # "Pro-Hadi forces claimed to have shot down a drone": who claims also acts, so the
        # subject stays a party to the event (an empty speaker span).
        # So does "Hezbollah said it fired rockets", "the army said they killed ten": the
        # reported clause's subject is a pronoun standing for the speaker.
        # So does "Hezbollah said its fighters fired rockets": the speaker's own men.
        acts = any(c.dep_ == "xcomp" for c in t.children) or any(
            x.dep_ == "nsubj"
            and (
                x.lower_ in {"it", "they", "we"}
                or any(p.dep_ == "poss" and p.lower_ in {"its", "their", "our"} for p in x.children)
            )
            for c in complements
            if c.dep_ == "ccomp"
            for x in c.children
        )
        own = _sentence_antecedent(t, subject) if subject.pos_ == "PRON" else None
        if own is not None:
            # "Jeunesse Tabital Pulaaku published a list of 19 people it said were killed":
            # the pronoun stands for the subject of the clause it hangs in, not for the last
            # source named before.
            name = _speaker(own, text, hits, actor_at, last, seen)
            if name is not None:
                # What it said of them covers the people it counts ("19 people it said ...").
                counted = list(t.head.subtree) if t.dep_ in {"relcl", "acl"} else []
                scope = scope + [x for x in counted if x not in scope and x.i != t.i]
                return Attribution(name, outlet if outlet != name else None, True), scope, (0, 0)
        if last is not None and (_anaphoric(subject, hits) or _the_charity(subject, last, hits)):
            return last, scope, (0, 0) if acts else _span(subject)  # "he said": as before
        name = _speaker(subject, text, hits, actor_at, last, seen)
        if name is None:
            return None
        via = outlet
        for c in t.children:  # "X told Reuters": Reuters relays X
            if c.dep_ in {"dobj", "dative", "iobj"} and word in _TOLD:
                relay = _source_in(c, hits)
                if relay is not None:
                    via = relay
        # "the PDF reported that junta troops burned homes": an armed group's acronym that
        # speaks is the group's own word on a fight it is a side of; it stays a party.
        party = subject.is_upper and len(subject) > 1 and name.startswith(subject.text)
        speaker = (0, 0) if acts or party else _span(subject)
        return Attribution(name, via if via != name else None, True), scope, speaker

    def _quoted(
        self,
        t: Any,
        source: Any,
        by: Any,
        text: str,
        hits: list[Hit[Source]],
        outlet: str | None,
        actor_at: Callable[[int, int], str | None],
        last: Attribution | None,
        seen: Sequence[str],
    ) -> tuple[Attribution, list[Any], tuple[int, int]] | None:
        "A passive 'X was quoted (cited) by Y': X says what the sentence reports, Y relays it."
        name = _speaker(source, text, hits, actor_at, last, seen)
        if name is None:
            return None
        via = _speaker(by, text, hits, actor_at, None) if by is not None else None
        inner = set(source.subtree) | (set(by.subtree) if by is not None else set())
        scope = [x for x in t.sent if x not in inner]
        via = via or outlet
        return Attribution(name, via if via != name else None, True), scope, _span(source)


def _dateline(
    token: Any, hits: list[Hit[Source]], actor_at: Callable[[int, int], str | None]
) -> bool:
    """Whether an upper-case subject is a dateline ("NORTH AND WEST REGIONS — The Joint
    Command announced"), not an acronym that names a source or a party ("JNIM said it
    had killed 30 soldiers", "the SDF said")."""
    if not (token.is_upper and len(token) > 1):
        return False
    end = token.idx + len(token)
    named = any(h.start <= token.idx and end <= h.end for h in hits)
    return not named and actor_at(token.idx, end) is None


#: Offices and bodies that speak for themselves: "citing the provincial governor".
_OFFICE_WORDS = """governor governors minister ministers ministry chief chiefs commander
    commanders mayor administrator director head president spokesman spokeswoman spokesperson
    police army military agency authorities authority office council coroner prosecutor
    prosecutors lawmaker officer officers"""
_OFFICES = frozenset(_OFFICE_WORDS.split())


def _can_speak(head: Any, hits: list[Hit[Source]]) -> bool:
    """Whether a noun phrase names someone who can be a source: a person or body the parse
    names, a lexicon source, an unnamed source ("a security official") or an office."""
    return (
        head.pos_ == "PROPN"
        or head.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
        or head.lower_ in _UNNAMED_HEADS
        or head.lower_ in _OFFICES
        or head.lower_ in _DOCUMENTS
        or _source_in(head, hits) is not None
    )


#: "X told Reuters", "with X telling AFP": the one told relays X.
_TOLD = frozenset({"told", "tells", "tell", "telling"})
#: Participles that hang a relaying outlet on a source: "sources quoted by AFP", "officials
#: cited by Reuters", "a resident speaking to the BBC", "sources who told AFP".
_RELAYED = frozenset({"quoted", "cited", "speaking", "talking", "told", "telling", "spoke"})


def _relayed_by(source: Any, hits: list[Hit[Source]]) -> str | None:
    """The outlet that relays a source, named in a clause hung on it ("security sources
    quoted by AFP", "local officials speaking to Reuters"); None when there is none."""
    for c in source.children:
        if c.dep_ in {"acl", "relcl"} and c.lower_ in _RELAYED:
            relay = _source_in(c, hits)
            if relay is not None:
                return relay
    return None


def _told_next(text: str, end: int, hits: list[Hit[Source]]) -> str | None:
    """The outlet named right after a source by "told", "quoted by", "speaking to" ...:
    "according to hospital sources told Reuters", where the parse lost the clause."""
    told = _TOLD_AFTER.match(text, end)
    if told is None:
        return None
    return next((h.entry.name for h in hits if h.start == told.end()), None)


def _sharper_names(
    attributions: list[Attribution], forces: dict[str, set[str]] | None = None
) -> dict[str, str]:
    """Bare unnamed sources the report names more fully elsewhere: "officials said" in the
    lead, "according to police officials" below; "activists said", then "pro-democracy
    activists said". Only one fuller name with the same head word sharpens a bare one.
    `forces` maps a head word to the forces it was said of ("police officials" resolve to
    the country's police), which count as fuller names too."""
    names = {a.claimant for a in attributions if a.explicit}
    out = {}
    for bare in names:
        if bare.lower() not in _UNNAMED_HEADS:
            continue
        fuller = {n for n in names if n.lower().endswith(" " + bare.lower()) and len(n) < 60}
        fuller |= (forces or {}).get(bare.lower(), set())
        if len(fuller) == 1:
            out[bare] = fuller.pop()
    return out


def _renamed(attribution: Attribution, names: dict[str, str]) -> Attribution:
    name = names.get(attribution.claimant)
    return attribution if name is None else Attribution(name, attribution.via, True)


def _trailing_speaker(verb: Any) -> Any | None:
    """The speaker of a sentence-final "..., police and medical sources said." that the parse
    left without a subject (it often hangs the noun phrase on the reported clause).

    The speaker is the noun phrase opening one of the comma-separated stretches just before
    the verb; a stretch that opens with a verb ("known as ...") is an aside, skipped.
    """
    doc = verb.doc
    if not _ends_sentence(verb):
        return None
    start = verb.i
    while start > 0 and verb.i - start < 24 and doc[start - 1].text not in {".", "!", "?", "\n"}:
        start -= 1
    commas = [x.i for x in doc[start : verb.i] if x.text == ","][::-1][:3]
    for c in commas:
        first = doc[c + 1]
        if verb.i - c > 16:
            return None
        if first.i >= verb.i or first.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "PRON"}:
            continue
        stretch = [x for x in doc[c + 1 : verb.i] if x.pos_ in {"NOUN", "PROPN"}]
        if not stretch:
            continue
        # The first noun whose head lies outside the noun phrase it opens is its head.
        head = stretch[0]
        while (
            head.head.i != head.i
            and c < head.head.i < verb.i
            and head.dep_
            in {
                "compound",
                "amod",
                "nmod",
                "poss",
            }
        ):
            head = head.head
        return head
    return None


_END = frozenset({".", "!", "?", ";", "\n", "\n\n"})


def _ends_sentence(verb: Any) -> bool:
    """Whether a verb of saying closes its sentence, give or take a short time or manner
    phrase of its own ("..., sources said on Monday.", "..., police said in a statement.").
    """
    doc = verb.doc
    j = verb.i + 1
    tail = []
    while j < len(doc) and doc[j].text not in _END and len(tail) <= 6:
        tail.append(doc[j])
        j += 1
    if j < len(doc) and doc[j].text not in _END:
        return False
    if len(tail) > 5:
        return False
    # Every word of the tail hangs from the verb through a preposition or a time adverb.
    for x in tail:
        if x.pos_ in {"VERB", "AUX"} or x.text in {",", '"', "“", "”", ":"}:
            return False
        node = x
        while node.i != verb.i and node.head.i != node.i:
            if node.dep_ not in {"prep", "pobj", "npadvmod", "advmod", "det", "amod", "compound",
                                 "nummod", "poss"}:  # fmt: skip
                return False
            node = node.head
        if node.i != verb.i:
            return False
    return True


def _span(head: Any) -> tuple[int, int]:
    """Character span of the noun phrase a head stands for, with the office an apposition
    gives it ("Abbot X, vicar general of the diocese of Dori, said"): where a speaker holds
    office is no place of what it tells."""
    kept = _phrase(head) + [
        x for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN" for x in c.subtree
    ]
    return min(x.idx for x in kept), max(x.idx + len(x) for x in kept)


def _governs_sentence(t: Any) -> bool:
    "Whether a verb of saying (or 'according to') heads the whole sentence."
    if t.lower_ == "according":
        return t.head.dep_ == "ROOT"
    return t.dep_ == "ROOT"


def _source_in(token: Any, hits: list[Hit[Source]]) -> str | None:
    "The canonical name of a lexicon source inside the token's phrase, if any."
    lo = min(x.idx for x in token.subtree)
    hi = max(x.idx + len(x) for x in token.subtree)
    inside = [h for h in hits if lo <= h.start and h.end <= hi]
    return inside[0].entry.name if inside else None


def _speaker(
    head: Any,
    text: str,
    hits: list[Hit[Source]],
    actor_at: Callable[[int, int], str | None],
    last: Attribution | None,
    seen: Sequence[str] = (),
) -> str | None:
    """The canonical name of the source a noun phrase names (None: not a source).

    An actor names the source only when the phrase's head is the actor ("the Nigerian
    Police said"); "a local VDP leader" or "Somali military official Mohamed Abdi" is a
    person, named in the report's words. A surname ("Katuo said") or a definite title ("the
    commissioner said") points back at the source named in full before it.
    """
    if head.lower_ in _DOCUMENTS:
        # "a report in Wednesday's issue of the newssheet 'Carta de Mocambique'", "a
        # statement from the Nigerian Army": a document's source is who issued it.
        author = _author(head)
        if author is not None:
            return _speaker(author, text, hits, actor_at, last, seen)
    kept = _phrase(head)
    if not kept:
        return None
    lo = min(x.idx for x in kept)
    hi = max(x.idx + len(x) for x in kept)
    if all(x.is_upper or not x.is_alpha for x in kept) and not (
        len(kept) == 1 and not _dateline(kept[0], hits, actor_at)
    ):
        return None  # "BAGHDAD (Reuters) - police said": a dateline, not a source
    inside = [h for h in hits if lo <= h.start and h.end <= hi]
    # "Doctors Without Borders said": a name that runs past the phrase the parse gives its
    # head (the preposition inside the name cut off) is still the source named.
    inside = inside or [h for h in hits if lo <= h.start <= head.idx < h.end]
    if inside:
        words = {x.lower_ for x in kept}
        if inside[0].entry.name == "UN" and words & _MISSION_WORDS and not words & _INQUIRY:
            return UN_MISSION  # "the UN mission", "UN peacekeepers": whose, by the country
        return inside[0].entry.name
    # "Rami Abdel Rahman, who heads the monitoring organisation": the clause points back.
    clause_words = {x.lower_ for x in head.subtree if x not in kept}
    if last is not None and clause_words & {"monitor", "monitoring", "observatory", "group"}:
        return last.claimant
    if (
        head.lower_ in ANAPHORS
        and (head.pos_ == "PRON" or _definite(head))
        # "the information ministry said" names which ministry: no pointer back to the
        # police quoted before it ("the ministry said" is one)
        and not any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in head.children)
    ):
        if last is not None:
            return last.claimant
        if head.pos_ == "PRON":
            return None
    spokes = next((x for x in kept if x.lower_ in _SPOKES), None) or next(
        (c for c in head.children if c.dep_ == "appos" and c.lower_ in _SPOKES), None
    )
    if spokes is not None:
        # "Dhaka Metropolitan Police spokesman Faruk Hossain", "a spokesman for the Kabul
        # police": a spokesman's words are the organisation's, by office.
        body = _spoken_for(spokes, kept, text, hits, actor_at)
        if body is not None:
            return body
    actor = actor_at(lo, hi)
    # An actor that ends before the head qualifies it ("VDP leader", "police officials").
    # A document speaks for its author ("an army statement" is the army's).
    qualifies = (
        actor is not None and head.lower_ not in _DOCUMENTS and actor_at(lo, head.idx) is not None
    )
    if (
        actor is not None
        and not qualifies
        and not actor.startswith(("Civilians", "Protesters", "Rioters"))
    ):
        return actor
    if qualifies and (force := _force_of(head, lo, actor_at)) is not None:
        return force
    if earlier := _named_before(head, kept, seen):
        return earlier
    before = [x for x in kept if x.i <= head.i]
    if head.lower_ in _UNNAMED_HEADS and not any(x.pos_ == "PROPN" for x in before):
        # "a Syrian source in Idlib", "local officials": the source is not named; say so.
        return _unnamed(text[min(x.idx for x in before) : head.idx + len(head)])
    # "one Pibor resident said" is a Pibor resident: "one" counts the speaker, as "a" does.
    words = [x for x in kept if not (x.dep_ in {"det", "nummod"} and x.lower_ in _ARTICLES)]
    phrase = text[min(x.idx for x in words) : max(x.idx + len(x) for x in words)] if words else ""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:'\"“”’")
    phrase = re.sub(r"\b(media|press)\s+reports?$", r"\1", phrase, flags=re.I)  # the media says
    if not phrase or head.pos_ == "PRON":
        return None
    if head.lower_ in _DOCUMENTS and not any(
        x.pos_ in {"NOUN", "PROPN"} for x in words if x.i != head.i
    ):
        return None  # "according to a report": no one is named
    # "Emergency Medicine and Support Center of the Health Ministry of the Libyan
    # Government": a body with a name of its own is named without the bodies above it.
    if own := _OWN_NAME.match(phrase):
        phrase = own.group(1)
    return regional(_governor(phrase[:1].upper() + phrase[1:], head.sent.text, text))


def _force_of(head: Any, lo: int, actor_at: Callable[[int, int], str | None]) -> str | None:
    """The police or army whose unnamed members speak: "police sources", "army officials",
    "a military source" say what the force says, as "police officials" and "a police
    spokesman" do. The force must be the whole qualifier just before the head word: "police
    and medical sources" are two sources, and "a VDP leader" speaks as a person."""
    if head.lower_ not in _UNNAMED_HEADS or head.i == 0:
        return None
    previous = head.doc[head.i - 1]
    force = actor_at(lo, previous.idx + len(previous))
    if force is None or actor_at(lo, previous.idx) is not None:
        return None  # no force, or one that ends before the word next to the head
    return force if force.startswith(("Police Forces of", "Military Forces of")) else None


#: Words before a speaker's description that only count or point: not part of its name.
_ARTICLES = frozenset({"the", "a", "an", "this", "one"})


#: A name of three or more capitalised words before "of the" and another capitalised name.
_OWN_NAME = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:(?:and|&)\s+)?){2,}[A-Z][\w'’-]*)\s+of\s+the\s+(?=[A-Z])"
)


#: "Prosecutors in the Donetsk region", "the governor of Kharkiv oblast": an office of a region.
_OFFICE_IN_REGION = re.compile(
    r"(?i:(?:the\s+)?(?P<office>(?:[a-z]+\s+){0,2}?(?:prosecutors?|governor|"
    r"governor's office|administration|police|authorities|officials|prosecutor's office|"
    r"emergency services?|health department|council))\s+(?:in|of|for)\s+(?:the\s+)?)"
    r"(?P<region>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?P<unit>(?i:region|oblast|province))",
)


_GOVERNOR = re.compile(
    r"(?:(?P<region>[A-Z][\w'’-]+)\s+(?:[Rr]egional\s+|[Rr]egion\s+)?)?[Gg]overnor\s+[A-Z][\w'’.-]+"
    r"(?:\s+[A-Z][\w'’.-]+){0,3}"
)


def _governor(name: str, sentence: str, text: str) -> str:
    """A regional governor speaks as the office, the contract's "Kharkiv regional governor":
    "Belgorod Governor Vyacheslav Gladkov" when the report calls Belgorod a region, and
    "governor Ivan Fyodorov" in a sentence set "In the Zaporizhzhia region". A governor whose
    region the report does not name as one keeps the person's name."""
    m = _GOVERNOR.fullmatch(name)
    if m is None:
        return name
    region = m["region"]
    if region is None:
        place = re.search(r"\b(?i:in|of)\s+the\s+([A-Z][\w'’-]+)\s+(?i:region|oblast)\b", sentence)
        region = place.group(1) if place else None
    elif not re.search(
        rf"\b{re.escape(region)}\s+(?:region|oblast)\b", text, re.I
    ) and not re.search(r"\s[Rr]egion(?:al)?\s", name):
        return name
    return f"{region} regional governor" if region else name


def regional(name: str) -> str:
    """A regional office under one name however the report words it: "Prosecutors in the
    Donetsk region" is "Donetsk regional prosecutors", as the contract writes claimants
    ("Kharkiv regional governor"). Other names are left as they are."""
    m = _OFFICE_IN_REGION.fullmatch(name)
    if m is None:
        return name
    unit = "provincial" if m["unit"].lower() == "province" else "regional"
    return f"{m['region']} {unit} {m['office'].lower()}"


#: Who speaks for an organisation by office.
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen"})


def _spoken_for(
    spokes: Any,
    kept: list[Any],
    text: str,
    hits: list[Hit[Source]],
    actor_at: Callable[[int, int], str | None],
) -> str | None:
    """The organisation a spokesman speaks for: named before the word ("the army
    spokesman") or after "for"/"of" ("spokesman for the Kabul police"), as a source or an
    actor; None when the phrase names none."""
    spans: list[tuple[int, int]] = []
    before = [
        x
        for x in (kept if spokes in kept else spokes.subtree)
        if x.i < spokes.i and x.pos_ in {"PROPN", "NOUN", "ADJ"}
    ]
    if before:
        spans.append((min(x.idx for x in before), spokes.idx))
    for c in spokes.children:
        if c.dep_ == "prep" and c.lower_ in {"for", "of"}:
            for x in c.children:
                if x.dep_ == "pobj":
                    words = list(x.subtree)
                    spans.append((min(w.idx for w in words), max(w.idx + len(w) for w in words)))
    for lo, hi in spans:
        inside = [h for h in hits if lo <= h.start and h.end <= hi]
        if inside:
            return inside[0].entry.name
        actor = actor_at(lo, hi)
        if actor is not None and not actor.startswith(("Civilians", "Protesters", "Rioters")):
            return actor
    return None


#: Days and months: a proper noun that dates a document, never its author.
_CALENDAR = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday", "january", "february", "march", "april", "may", "june", "july",
                       "august", "september", "october", "november", "december"})  # fmt: skip


def _named(token: Any) -> bool:
    "Whether a noun phrase's head names someone: a proper noun, or one before it."
    words = [token, *(c for c in token.children if c.dep_ in {"compound", "nmod"})]
    return any(w.pos_ == "PROPN" and w.lower_ not in _CALENDAR for w in words)


def _author(document: Any, depth: int = 0) -> Any | None:
    """The named issuer of a document, by its prepositions ("a statement from the army", "a
    report in the Daily Trust", "an issue of the newssheet 'Carta'") or an apposition: the
    first named noun phrase down the chain (None when the document names no one)."""
    if depth > 3:
        return None
    for c in document.children:
        if c.dep_ == "appos" and _named(c):
            return c
    for c in document.children:
        if c.dep_ != "prep" or c.lower_ not in {"by", "from", "of", "in"}:
            continue
        for x in c.children:
            if x.dep_ != "pobj":
                continue
            named = next((a for a in x.children if a.dep_ == "appos" and _named(a)), None)
            if named is not None:
                return named
            if _named(x):
                return x
            deeper = _author(x, depth + 1)
            if deeper is not None:
                return deeper
    return None


#: What an organisation issues: its words are the organisation's own.
_DOCUMENTS = frozenset(
    {
        "statement",
        "statements",
        "communique",
        "communiqué",
        "release",
        "report",
        "reports",
        "tweet",
        "post",
        "bulletin",
        "announcement",
        "letter",
        "video",
        "message",
        "briefing",
    }
)


def _named_before(head: Any, kept: list[Any], seen: Sequence[str]) -> str | None:
    "A source named in full before: 'Katuo' -> 'Kinos Katuo', 'the commissioner' -> ..."
    if not seen:
        return None
    proper = [x for x in kept if x.pos_ == "PROPN"]
    if proper and len(proper) == len([x for x in kept if x.is_alpha]) and len(proper) <= 2:
        surname = proper[-1].lower_
        for name in reversed(seen):
            words = name.lower().split()
            if len(words) > len(proper) and words[-1] == surname:
                return name
        return None
    if not proper and _definite(head) and head.pos_ == "NOUN":
        for name in reversed(seen):
            if head.lower_ in name.lower().split():
                return name
    return None


#: Prepositions whose object belongs to a speaker's phrase: "the head of X", "officials in
#: X", "a spokesman for X", "a source at the police command", "an official from the army".
_OWN_PREPS = frozenset({"of", "in", "for", "at", "from"})


def _phrase(head: Any) -> list[Any]:
    "The noun phrase a head stands for, without its relative clauses and asides."
    keep: list[Any] = [head]
    stack = [c for c in head.children]
    while stack:
        c = stack.pop()
        if c.dep_ in _CLAUSE_DEPS and not (c.dep_ == "prep" and c.lower_ in _OWN_PREPS):
            continue
        if c.dep_ == "appos":
            continue
        keep.append(c)
        stack.extend(c.children)
    keep.sort(key=lambda x: x.i)
    # Keep one contiguous run around the head.
    run = [x for x in keep if abs(x.i - head.i) <= 8]
    return run


def _sentence_antecedent(verb: Any, pronoun: Any) -> Any | None:
    """The named subject a pronoun speaker stands for within its own sentence: "X published
    a list of people it said were killed". The verb of saying hangs in a relative or
    adverbial clause of a verb whose subject is a noun phrase (not itself a pronoun)."""
    if pronoun.lower_ not in {"it", "they"} or verb.dep_ not in {"relcl", "advcl", "acl"}:
        return None
    head = verb.head
    while head.dep_ not in {"ROOT"} and head.pos_ not in {"VERB", "AUX"}:
        head = head.head
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" or subject.i > verb.i:
        return None
    return subject


def _anaphoric(head: Any, hits: list[Hit[Source]]) -> bool:
    "A pronoun or a bare definite description ('the source', 'the monitor') with no name."
    if head.lower_ not in ANAPHORS or _source_in(head, hits) is not None:
        return False
    if head.pos_ == "PRON":
        return True
    return _definite(head) and not any(
        c.dep_ in {"compound", "amod", "poss"} for c in head.children
    )


#: What a report calls an aid organisation or a rights monitor it has named: "the charity",
#: "the aid group", "the rights organisation", "the NGO".
_CHARITY_HEADS = frozenset({"charity", "ngo", "group", "organisation", "organization", "agency"})
_CHARITY_WORDS = frozenset(
    {"aid", "rights", "relief", "humanitarian", "medical", "charity", "monitoring", "watchdog"}
)


def _the_charity(head: Any, last: Attribution, hits: list[Hit[Source]]) -> bool:
    """'Doctors Without Borders said its clinic was hit ... Nineteen people were killed, the
    charity said': a definite description of an aid or rights organisation points back to the
    last source when that source is one (the lexicon's monitors and other bodies), not to a
    police force or an outlet named in between."""
    if head.lower_ not in _CHARITY_HEADS or not _definite(head):
        return False
    modifiers = [c for c in head.children if c.dep_ in {"compound", "amod"}]
    if any(c.lower_ not in _CHARITY_WORDS for c in modifiers):
        return False
    if head.lower_ in {"group", "organisation", "organization", "agency"} and not modifiers:
        return False  # bare "the group": already an anaphor (`_anaphoric`)
    return any(h.entry.name == last.claimant and h.entry.kind in {"other", "monitor"} for h in hits)


def _definite(head: Any) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in head.children)


#: A sentence that ends on its verb of saying: "..., the army said in a statement."
_ENDS_SAID = re.compile(
    r"\b(?:said|says|added|told\s+[\w.]+(?:\s+\w+)?|reported|stated|confirmed|announced)"
    r"(?:\s+(?:on|late on|early on)\s+\w+|\s+in\s+a\s+statement|\s+\w+day)?[\s.\"”’']*$",
    re.I,
)


def _paragraph_said(text: str, sentences: list[tuple[int, int]], main: list[Attribution]) -> None:
    """A paragraph that ends on a source's words credits that source with the paragraph.

    'Five soldiers died at the base. Three attackers were shot. The army said in a
    statement.' Reporters close a paragraph with whom it comes from; sentences of the
    paragraph that name no source of their own are that source's.
    """
    paragraphs: list[list[int]] = []
    for i, (s, _e) in enumerate(sentences):
        if i == 0 or "\n" in text[sentences[i - 1][1] : s + 1]:
            paragraphs.append([i])
        else:
            paragraphs[-1].append(i)
    for members in paragraphs:
        last = main[members[-1]]
        ls, le = sentences[members[-1]]
        if len(members) < 2 or not last.explicit or not _ENDS_SAID.search(text[ls:le]):
            continue
        for k in members[:-1]:
            if not main[k].explicit:
                main[k] = last


#: A sentence that opens on who tells it: "Witnesses reported that ...", "Residents said the
#: gunmen ...", "Local officials told AFP that ...".
_OPENS_SAID = re.compile(
    r"^\W*[A-Z][\w'’-]*\s+(?:[\w'’-]+\s+){0,6}?"
    r"(?:reported|said|told\s+[\w.]+(?:\s+\w+)?|confirmed|stated)\s+(?:that\b)?",
)


def _lead_sourced_next(
    text: str, sentences: list[tuple[int, int]], main: list[Attribution]
) -> None:
    """A lead that names no source is the source's that the next sentence opens on.

    'Drone strikes on Kuro killed 40 civilians. Residents and witnesses reported that the
    victims were farmers ...': the wire states the toll first and says whose it is next.
    """
    if len(sentences) < 2 or main[0].explicit or not main[1].explicit:
        return
    s, e = sentences[1]
    if _OPENS_SAID.match(text[s:e]):
        main[0] = main[1]


def _one_source_retold(
    main: list[Attribution],
    scopes: list[list[Scope]],
    outlet: str | None,
    hits: list[Hit[Source]],
) -> None:
    """A report retold from another outlet's is that outlet's throughout.

    'Gunmen killed five herders near Pibor, according to a report in the weekly X. Two more
    were shot on the road to Boma.' When the lead credits another news outlet and the
    article credits no one else anywhere, the outlet is retelling that outlet's report:
    sentences that name no source of their own are its too. A lead that credits a party
    (the army, the police) is not retold: the outlet adds what it knows itself ('a similar
    clash last month killed six').
    """
    lead = next((a for a in main[:2] if a.explicit), None)
    outlets = {h.entry.name for h in hits if h.entry.kind == "outlet"}
    if lead is None or lead.claimant == outlet or lead.claimant not in outlets:
        return
    named = {a.claimant for a in main if a.explicit}
    named |= {sc.attribution.claimant for x in scopes for sc in x if sc.attribution.explicit}
    if named != {lead.claimant}:
        return
    for k, a in enumerate(main):
        if not a.explicit:
            main[k] = lead


def _spread_quotes(text: str, sentences: list[tuple[int, int]], main: list[Attribution]) -> None:
    """A quotation over several sentences is credited to whoever the closing one names.

    '"Three fighters were killed. The convoy was hit twice," the group said.' The first
    sentence has no verb of saying of its own; the quotation it opens ends in the second.
    """
    i = 0
    while i < len(sentences):
        s, e = sentences[i]
        chunk = text[s:e]
        opens = chunk.count('"') % 2 == 1 or chunk.count("“") > chunk.count("”")
        if not opens or main[i].explicit:
            i += 1
            continue
        for j in range(i + 1, min(i + 6, len(sentences))):
            between = text[sentences[i][1] : sentences[j][0]]
            if "\n\n" in between:
                break
            if main[j].explicit:
                for k in range(i, j):
                    main[k] = main[j]
                break
        i += 1
