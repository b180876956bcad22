"""Fatalities, wounded and captured: low/best/high, qualifiers and per-party breakdown.

`read_figures` finds the counted figures of a stretch of text: a number expression next to
a cue ("killed", "lost their lives", "wounded", "captured"), the cue either just before it
("killing 5 civilians") or after its noun phrase ("44 HTS members ... were killed"). Figures
joined by "and" share the cue of the last one ("44 HTS members and 16 from allied groups
were killed"). A figure after "including" or before "of them", one joined by "and" to such a
figure ("including 11 children and five women"), and one the text puts "among the dead" is a
subset: recorded, never added. `read_toll` turns the figures of one event into a `Count`
(parts given per party add up when they do not overlap, and a total such as "nearly 100"
bounds them) and says what part each figure plays in it (`Role`), so that reconciliation
lets only the event's own totals vote on an incident's range; `combine` is its Count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from sitrep.extract.discourse import CHARGED
from sitrep.extract.numbers import Figure, find_figures
from sitrep.models import Count, Evidence, Share

Field = Literal["fatalities", "wounded", "captured"]
#: What a figure is to its event's toll:
#: - "total": the toll of the whole event as one claimant gives it ("at least 10 civilians");
#: - "part": one party's share that adds up with the others ("37 soldiers" of 44 + 16 + 37);
#: - "subset": a share already inside another figure ("including three children");
#: - "aside": a figure the toll leaves out: another order of magnitude than the report's
#:   own figure (a week's total beside a day's toll), a crowd word ("thousands"), or a
#:   figure a coder's explicit one overrides.
Role = Literal["total", "part", "subset", "aside"]

#: Vague figures this large ("thousands") describe a crowd or a war, not one incident's toll.
VAGUE_TOLL_CAP = 1000

PERSON = (
    r"(?:civilians?|people|persons?|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|babies|baby|"
    r"infants?|teenagers?|youths?|residents?|villagers?|farmers?|herders?|soldiers?|troops|"
    r"servicem[ae]n|fighters?|members?|militants?|militiam[ae]n|rebels?|officers?|policem[ae]n|"
    r"police ?officers?|guards?|personnel|insurgents?|gunm[ae]n|attackers?|assailants?|"
    r"jihadists?|combatants?|recruits?|commanders?|leaders?|students?|workers?|journalists?|"
    r"doctors?|nurses?|medics?|teachers?|traders?|passengers?|drivers?|worshippers?|"
    r"pilgrims?|shepherds?|fishermen|miners?|motorists?|individuals?|family members|relatives|"
    r"brothers?|sisters?|sons?|daughters?|fathers?|mothers?|husbands?|wives|wife|elders?|chiefs?|"
    r"protesters?|demonstrators?|rioters?|prisoners?|detainees?|inmates?|refugees?|migrants?|"
    r"displaced|staff|employees?|officials?|volunteers?|paramedics?|bodies|corpses|victims?|"
    r"casualties|dead|others?|persons|humanitarian workers?|aid workers?|peacekeepers?|"
    # trades and offices a report names one victim by ("shot dead a street vendor")
    r"vendors?|hawkers?|shopkeepers?|businessm[ae]n|labou?rers?|herdsm[ae]n|tribesm[ae]n|"
    r"hunters?|bystanders?|suspects?|activists?|bloggers?|lawyers?|judges?|politicians?|"
    r"candidates?|mayors?|councill?ors?|lawmakers?|legislators?|clerics?|imams?|priests?|"
    r"pastors?|monks?|nuns?|engineers?|contractors?|truckers?|vigilantes?|ministers?|"
    r"governors?|headm[ae]n|chairm[ae]n|informers?|informants?|administrators?)"
)

_LEFT_CUES: list[tuple[Field, re.Pattern[str]]] = [
    (
        "fatalities",
        re.compile(
            r"(?:killed|killing|kills|kill|executed|executing|massacred|beheaded|beheading|"
            r"claimed the lives of|claiming the lives of|lives of|deaths? of|bodies of|"
            r"death toll (?:\w+ ){0,6}?(?:to|of|at|reached|stands at|is)|"
            r"toll (?:\w+ ){0,2}(?:to|of|at)|"
            r"coded (?:as|to|at)|shot dead|shooting dead|gunned down|murdered|"
            r"assassinated|slaughtered|dead including|lost)"
            # "killed all five attackers", "killing all of the 12 crew": every one of them
            r"(?:\s+all(?:\s+(?:of\s+)?the)?)?\s*$",
            re.I,
        ),
    ),
    (
        "wounded",
        re.compile(
            r"(?:wounded|wounding|injured|injuring|injures|wounds|hurt|hurting|maimed)"
            r"(?:\s+all(?:\s+(?:of\s+)?the)?)?\s*$",
            re.I,
        ),
    ),
    (
        "captured",
        re.compile(
            r"(?:captured|capturing|abducted|abducting|kidnapped|kidnapping|seized|took|taking|"
            r"taken|held|holding|detained|detaining|arrested|arresting)\s*(?:hostage\s*)?$",
            re.I,
        ),
    ),
]

_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
#: A sentence that totals a conflict over months or years.
_CUMULATIVE = re.compile(
    rf"\bsince\s+(?:then|(?:19|20)\d\d|(?:early\s+|late\s+|mid-?)?(?:{_MONTH_NAMES})\b|"
    r"the\s+(?:start|beginning|outbreak)\b|the\s+(?:war|conflict|fighting|insurgency|uprising|"
    r"violence|offensive|revolution)\b|(?-i:[A-Z][\w-]+)\s+(?:began|started)\b)|"
    r"\b(?:has|have|had)\s+since\b|\bwhich\s+began\s+in\s+(?:19|20)\d\d\b|"
    r"\bso\s+far\s+this\s+year\b|\bin\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decades?)\b|"
    # "Russia has so far lost at least 12 soldiers in the Syrian war": a war's running total
    r"\bso\s+far\b(?=.*\bin\s+the\s+(?:[\w-]+\s+){0,2}(?:war|conflict|campaign|insurgency)\b)",
    re.I,
)
#: Nouns that make a figure a count of things, not of people.
_OBJECT_AFTER = re.compile(
    r"^\s+(?:(?!(?:in|on|at|by|from|during|after|with|of|and|or|as)\b)[\w-]+\s+)?(?:car\s+)?(?:bombs?|rockets?|missiles?|shells?|mortars?|drones?|"
    r"jets|planes|warplanes|helicopters|bombers|tanks|aircraft|"
    r"explosions?|blasts?|vehicles?|trucks?|houses?|homes?|buildings?|airstrikes?|air strikes?|"
    r"strikes?|raids?|grenades?|mines?|IEDs?|projectiles?|rounds?|km|kilometres?|kilometers?|"
    r"miles?|hours?|days?|weeks?|months?|years?|"
    # places and things attacked, in the plural ("attacked two villages, killing 12"; "a
    # district police chief" is a person)
    r"villages|towns|communities|neighbou?rhoods|districts|camps|bases|posts|checkpoints|"
    r"positions|schools|hospitals|markets|churches|mosques|shops|cars|buses|boats|ships|"
    r"farms|settlements)\b",
    re.I,
)
_TOLL_ROSE = re.compile(
    r"\b(?:risen|rose|climbed|jumped|increased|grown|grew|reached|hit)\s+(?:to\s+)?$", re.I
)
_DEATH_TOLL = re.compile(r"\b(?:death|casualty|fatality)\s+toll\b|\btoll\b", re.I)

_RIGHT_CUES: list[tuple[Field, re.Pattern[str]]] = [
    (
        "fatalities",
        re.compile(
            r"\b(?:killed|dead|died|dying|die|deaths|fatalities|fatality|"
            r"lost (?:their|his|her) lives?|"
            r"perished|slain|killings|executed|bodies|were massacred|were beheaded|shot dead|"
            r"killing|kia|martyred|lost their life)\b",
            re.I,
        ),
    ),
    (
        "wounded",
        re.compile(
            r"\b(?:wounded|injured|injuries|hurt|wounding|injuring|sustained (?:\w+ )?injuries|"
            r"hospitali[sz]ed|maimed)\b",
            re.I,
        ),
    ),
    (
        "captured",
        re.compile(
            r"\b(?:captured|abducted|kidnapped|taken (?:prisoner|captive|hostage)|held hostage|"
            r"taken|seized|detained|arrested|missing|hostages?|prisoners? of war|pows?)\b",
            re.I,
        ),
    ),
]

_CODED = re.compile(r"coded (?:as|to|at)\s*$", re.I)
# Four digits at most: int() refuses over 4,300, and no toll is split across 10,000 events.
_SPLIT = re.compile(r"\bsplit (?:between|among|across) (?P<n>\d{1,4}) events\b", re.I)
_SUBSET_BEFORE = re.compile(
    r"(?:including|includ\w+|among them|among whom|of whom|of them|incl\.?|among the dead|"
    r"among those killed|among the victims|among the casualties|of which|mostly)"
    r"\s*(?:at least\s*)?$",
    re.I,
)
_SUBSET_AFTER = re.compile(r"^\s*(?:of (?:them|whom|those|which|the dead|the victims))\b", re.I)
#: After a figure's noun: "(three children and two women) were among the dead".
_AMONG_AFTER = re.compile(
    r"^(?:\s*(?:,|and|as well as)\s+(?:[\w'’-]+\s+){1,4}?)?\s*(?:were|was|are|is)\s+"
    r"(?:also\s+|reportedly\s+)?among\s+(?:the|those|them)\b",
    re.I,
)
#: Between a subset figure and the next: "(including 11 children) and (five women)".
_SUBSET_JOIN = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,3}?(?:and|,|as well as)\s*(?:at least\s*|also\s*)?$", re.I
)
#: Between two coordinated figures: the first's noun and "and" ("two soldiers and three
#: rebels"), no verb of its own.
_NOUN_AND = re.compile(
    r"\s+(?:(?!(?:including|among|of|whom|in|on|at|near|around|from|to|by|with)\b)[\w-]+\s+)"
    r"{0,3}?and\s+(?:at least\s+)?",
    re.I,
)
_COORD = re.compile(
    r"^[^.;:!?]*?(?:\band\b|,|\bas well as\b|\bplus\b|\bincluding|\bamong them|\bamong whom|"
    r"\bof whom|\bof them)\s*(?:at least\s*)?$",
    re.I,
)
_NO_COUNT = re.compile(
    r"\b(?:no|neither|without|nor)\s+(?:\w+\s+){0,2}(?:fatalities|casualties|deaths|"
    r"injuries|one was (?:killed|hurt|injured))|\bno (?:reported )?(?:fatalities|casualties)"
    r"|\bwithout (?:causing )?casualties\b|\bno one was (?:killed|hurt)|\bno deaths\b",
    re.I,
)
_SINGLE = re.compile(
    r"\b(?P<verb>killed|shot dead|shot and killed|beheaded|murdered|assassinated|executed|"
    r"stabbed to death|gunned down|hacked to death|lynched|abducted|kidnapped|injured|wounded)"
    # "killed Afghanistan's refugees minister": a country's office-holder is one person
    r"\s+(?:a|an|one|the|his|her|their|a local|an elderly|a young|another|"
    r"(?-i:[A-Z][a-z]+)['’]s)\s+"
    r"(?:(?:[\w-]+|(?:[A-Z]\.){2,})\s+){0,2}?"
    rf"{PERSON}\b|\b(?:a|an|one|the|another)\s+(?:(?:[\w-]+|(?:[A-Z]\.){{2,}})\s+){{0,2}}?"
    rf"{PERSON}\s+"
    r"(?:was|has been|had been|got)\s+(?P<pverb>killed|shot dead|murdered|beheaded|"
    r"assassinated|executed|stabbed to death|gunned down|abducted|kidnapped|injured|wounded|"
    r"captured)\b"
    # "the body of a man was found": one death
    rf"|\bthe (?P<body>body) of (?:a|an|one|the)\s+(?:[\w-]+\s+){{0,3}}?{PERSON}\b",
    re.I,
)
_AND_ANOTHER = re.compile(
    rf"\s+and\s+(?:another|a second|an?|one)\s+(?:[\w-]+\s+){{0,2}}?{PERSON}\b", re.I
)
#: A word before the person noun: "a local", "an off-duty", or an initialism ("a U.S.").
_MODIFIER = r"(?:[\w'-]+|(?:[A-Z]\.){2,})"
_PERSON_AFTER = re.compile(rf"^\s+(?:{_MODIFIER}\s+){{0,3}}?{PERSON}\b", re.I)
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}", re.I)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s+$", re.I)
_UNIT_AFTER = re.compile(
    r"^\s*(?:-|\s)?(?:km|kilomet|mile|met|mm\b|percent|per cent|%|years?|days?|hours?|weeks?|"
    r"months?|minutes?|am\b|pm\b|gmt|utc|local time|o'clock|\$|dollars?|usd|tons?|tonnes?|"
    r"vehicles?|trucks?|tanks?|houses?|homes?|buildings?|shells|rockets?|missiles?|mortars?|"
    r"rounds?|drones?|villages?|towns?|areas?|points?|positions?|times|th|st|nd|rd)\b",
    re.I,
)
_FIELD_VERB = {
    "killed": "fatalities",
    "shot dead": "fatalities",
    "shot and killed": "fatalities",
    "beheaded": "fatalities",
    "murdered": "fatalities",
    "assassinated": "fatalities",
    "executed": "fatalities",
    "stabbed to death": "fatalities",
    "gunned down": "fatalities",
    "hacked to death": "fatalities",
    "lynched": "fatalities",
    "abducted": "captured",
    "kidnapped": "captured",
    "captured": "captured",
    "injured": "wounded",
    "wounded": "wounded",
}


@dataclass(frozen=True, slots=True)
class Counted:
    "A figure that counts people in one field, with its party and whether it is a subset."

    field: Field
    figure: Figure
    evidence: Evidence
    party: str | None
    subset: bool
    noun: str = ""
    part: bool = False
    sentence: int = 0  # offset of the sentence it stands in
    coded: bool = False  # a coder's explicit figure: "fatalities coded as 10"
    update: bool = False  # a toll that "rose to" it: the incident's latest count


Party = Callable[[int, int], str | None]


def read_figures(
    text: str, start: int, end: int, *, party: Party, doc: Any = None
) -> list[Counted]:
    """Counted figures in text[start:end]; `party(start, end)` names who a span refers to.

    The words around a figure decide its field; when they say nothing, the parse (`doc`, when
    given) does: "five villagers in ... of Plateau state, northern Nigeria, have been killed"
    puts the verb too far from the figure for any window, but its noun is the verb's subject.
    """
    segment = text[start:end]
    if _CUMULATIVE.search(segment):
        return []  # "has killed more than 40,000 people since 2009": a war's total, no event's
    figures = [
        f
        for f in find_figures(segment, start)
        if not _is_year_or_unit(text, f)
        and _plausible_small(text, f)
        and not _ANSWERED_TOLL.search(text, start, f.start)
    ]
    fields: list[Field | None] = []
    for i, fig in enumerate(figures):
        limit = figures[i + 1].start if i + 1 < len(figures) else end
        # "8 persons killed 58 others injured": the verb after "8 persons" is theirs, so
        # it cannot also be the left cue of the 58.
        after_previous = (
            i > 0
            and fields[i - 1] is not None  # "A bomb wounded 12": "A" counted no one
            and fig.start - figures[i - 1].end < 30
            and not re.search(r"\band\b|,", text[figures[i - 1].end : fig.start])
        )
        field = _field_of(text, fig, limit, start, left=not after_previous)
        if field is None and doc is not None:
            field = _parsed_field(doc, fig)
        fields.append(field)
    # Coordinated figures without a cue share the cue of the next one ("44 X and 16 Y killed").
    for i in range(len(figures) - 2, -1, -1):
        if re.match(r"\s+casualties\b", text[figures[i].end : figures[i].end + 12], re.I):
            continue  # "12 casualties, including three dead": the dead and the hurt together
        if fields[i] is None and fields[i + 1] is not None:
            if _SUBSET_AFTER.match(text[figures[i + 1].end : figures[i + 1].end + 20]):
                continue  # "12 people ..., two of whom died": the share's cue is its own
            between = text[figures[i].end : figures[i + 1].start]
            if _COORD.match(between) and len(between) < 60:
                fields[i] = fields[i + 1]
    # "killing two soldiers and three rebels": a verb before the first of two coordinated
    # figures counts the second too.
    for i in range(1, len(figures)):
        if fields[i] is not None or fields[i - 1] is None:
            continue
        between = text[figures[i - 1].end : figures[i].start]
        before = text[max(start, figures[i - 1].start - 45) : figures[i - 1].start]
        if _NOUN_AND.fullmatch(between) and any(
            p.search(before) for f, p in _LEFT_CUES if f == fields[i - 1]
        ):
            fields[i] = fields[i - 1]
    out: list[Counted] = []
    paired: list[tuple[int, int]] = []
    for fig, field in zip(figures, fields, strict=True):
        if field is None:
            continue
        before = text[max(start, fig.start - 40) : fig.start]
        after = text[fig.end : min(end, fig.end + 20)]
        noun_end = _noun_phrase_end(text, fig.end, end)
        subset = bool(
            _SUBSET_BEFORE.search(before)
            or _SUBSET_AFTER.match(after)
            or _AMONG_AFTER.match(text[noun_end : min(end, noun_end + 80)])
            # "some of their bodies", "several of them": a share of people already counted
            or (fig.qualifier == "vague" and _PARTITIVE.match(text[fig.end : fig.end + 20]))
        )
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.subset
            and _SUBSET_JOIN.match(text[previous.figure.end : fig.start])
        ):
            subset = True  # "including 11 children and five women": both are shares
        owner = re.match(
            r"\s+(?:of|from)\s+(?:the\s+)?(?:so-called\s+)?(?:[\w'’-]+\s+){0,5}", text[noun_end:end]
        )
        who = party(fig.end, noun_end + (owner.end() if owner else 0))
        noun = text[fig.end : noun_end].strip()
        pair = (
            _AND_ANOTHER.match(text, noun_end, end)
            if text[fig.start : fig.end].lower() in {"a", "an", "one"}
            else None
        )
        if pair and not (
            re.match(r"\s+and\s+(?:another|a second)\b", pair.group(0), re.I)
            or party(noun_end, pair.end()) == who
        ):
            pair = None  # "a soldier and a civilian": two parties, counted apart
        if pair:
            # "killing a district police chief and another officer": two people, one each.
            fig = Figure(fig.start, fig.end, 2, 2, 2, fig.qualifier)
            paired.append((noun_end, pair.end()))
            noun_end = pair.end()
        elif any(a <= fig.start < b for a, b in paired):
            continue
        out.append(
            Counted(
                field=field,
                figure=fig,
                evidence=Evidence.at(text, fig.start, noun_end),
                party=who,
                subset=subset,
                noun=noun,
                part=_is_part(who, noun, text[noun_end : min(end, noun_end + 40)]),
                sentence=start,
                coded=bool(_CODED.search(before)),
                update=bool(_TOLL_ROSE.search(before) and _DEATH_TOLL.search(before)),
            )
        )
    covered = [(c.figure.start, c.evidence.end) for c in out]
    for match in _SINGLE.finditer(segment):
        s, e = match.start() + start, match.end() + start
        if any(cs < e and s < ce for cs, ce in covered):
            continue
        verb = (match.group("verb") or match.group("pverb") or "killed").lower()
        field = _FIELD_VERB.get(verb)
        if field is None:
            continue
        fig = Figure(s, e, 1, 1, 1, "exact")
        out.append(Counted(field, fig, Evidence.at(text, s, e), party(s, e), False, sentence=start))
    for match in _NO_COUNT.finditer(segment):
        s, e = match.start() + start, match.end() + start
        fig = Figure(s, e, 0, 0, 0, "exact")
        label = match.group(0).lower()
        field = "wounded" if "injur" in label and "fatal" not in label else "fatalities"
        out.append(Counted(field, fig, Evidence.at(text, s, e), None, False, sentence=start))
    return sorted(out, key=lambda c: c.figure.start)


#: "The strike was in response to an attack that killed three soldiers last month": the
#: toll of what an act answered belongs to that earlier incident, never to the act.
_ANSWERED_TOLL = re.compile(
    r"\b(?:retaliation|revenge|reprisal|response|retribution)\s+(?:for|to)\s+"
    r"(?:[\w'’-]+\s+){1,8}?(?:that|which)\s+(?:had\s+)?(?:killed|wounded|injured|left|"
    r"claimed\s+the\s+lives\s+of)\s+(?:at\s+least\s+|more\s+than\s+|about\s+|nearly\s+)?$",
    re.I,
)
_PARTITIVE = re.compile(r"\s+of\s+(?:the|their|them|those|these|whom|which)\b", re.I)

_COMBATANT = re.compile(
    r"\b(?:soldiers?|troops|servicem[ae]n|fighters?|members?|militants?|militiam[ae]n|rebels?|"
    r"officers?|policem[ae]n|police|personnel|insurgents?|gunm[ae]n|attackers?|assailants?|"
    r"jihadists?|combatants?|guards?|recruits?|commanders?|civilians?|child(?:ren)?|wom[ae]n)\b",
    re.I,
)


def _same_key(a: Counted, b: Counted) -> bool:
    return (a.party or a.noun.lower()) == (b.party or b.noun.lower())


def split_count(count: Count | None, text: str) -> Count | None:
    "ACLED notes that split a toll across events ('Fatalities split between 2 events')."
    match = _SPLIT.search(text)
    if count is None or match is None or int(match.group("n")) < 2:
        return count
    n = int(match.group("n"))
    return replace(count, best=count.best // n, low=count.low // n, high=count.high // n)


#: Nouns of those who carried an attack out: their dead are no part of the attacked's toll.
_ATTACKERS = re.compile(
    r"\b(?:attackers?|assailants?|gunm[ae]n|bombers?|perpetrators?|raiders?|insurgents|"
    r"militants|jihadists)\b",
    re.I,
)


def _lead_total(totals: list[Counted]) -> tuple[Count | None, list[Counted]]:
    """The toll of the event across the totals reported for it, and the totals it rests on.

    The first figure given is the report's own (a lead states its toll first; later
    sentences restate it or cite other claimants). Other figures of the same order widen
    the range: low is the smallest claim, high the largest, so a dispute shows in the range.
    A figure of another order (a week's total beside a day's toll) is left aside.
    """
    if not totals:
        return None, []
    ordered = sorted(totals, key=lambda c: c.figure.start)
    # A number beats a word: "killing scores of people ... at least 100 were killed".
    lead = next(
        (c for c in ordered if c.figure.best > 0 and c.figure.qualifier != "vague"),
        next((c for c in ordered if c.figure.best > 0), ordered[0]),
    ).figure
    # "The death toll rose to 53": the incident's latest count is its toll, the first one
    # the low end of its range.
    risen = [c.figure for c in ordered if c.update and c.figure.best > lead.best]
    if risen and risen[-1].best <= lead.best * 4:
        lead = risen[-1]
    # A word ("scores", "dozens") beside a number is no claim of its own: it widens nothing.
    worded = lead.qualifier != "vague"
    peers = [
        c
        for c in ordered
        if c.figure is lead
        or (
            lead.best / 4 <= c.figure.best <= lead.best * 4
            and not (worded and c.figure.qualifier == "vague")
        )
    ]
    # "A bomber killed the minister ... Five other people died": those counted as "other"
    # after the lead's figure are more dead, added to it (once: the largest such figure).
    start = next(c.figure.start for c in ordered if c.figure is lead)
    # Only others told right after the lead: "15 were killed in X while six others died
    # in Y" are the rest of a toll already given, not more of it.
    more = [
        c
        for k, c in enumerate(ordered)
        if c.figure.start > start
        and k > 0
        and ordered[k - 1].figure is lead
        and _OTHERS.match(c.noun)
        and c.figure.qualifier != "vague"
    ]
    if _OTHERS.match(next(c.noun for c in ordered if c.figure is lead)):
        more = []
    peers = [c for c in peers if c not in more]
    low = min(c.figure.low for c in peers)
    high = max(max(c.figure.high for c in peers), lead.best)
    if more:
        extra = max(more, key=lambda c: c.figure.best).figure
        best = lead.best + extra.best
        return Count(best=best, low=min(low, lead.best) + extra.low, high=high + extra.high), [
            *peers,
            *more,
        ]
    return Count(best=lead.best, low=min(low, lead.best), high=high), peers


#: The noun of people counted beside those already counted: "five other people", "others".
_OTHERS = re.compile(r"^(?:other|others)\b", re.I)


def _is_part(party: str | None, noun: str, after: str) -> bool:
    "A figure for one side ('44 HTS members', '16 from allied groups'), not a total."
    if re.match(
        r"^(?:\w+\s+){0,2}?(?:fatalities|deaths|people|persons|casualties|dead|bodies|"
        r"victims|lives|others)\b(?!['’]s)",  # "New People's Army fighters" is a side
        noun,
        re.I,
    ):
        return False
    if party is not None or _COMBATANT.search(noun):
        return True
    return bool(
        re.match(
            r"^\s*(?:from|of|among)\s+(?:the\s+)?(?:allied|other|rival|their|its|"
            r"opposing|[A-Z])",
            after,
        )
    )


def _is_year_or_unit(text: str, fig: Figure) -> bool:
    "Years, days of a month ('28 April', 'May 3') and measures ('14.5mm', '30 km') are not counts."
    surface = text[fig.start : fig.end]
    if surface.isdigit() and 1900 <= int(surface) <= 2100:
        return True
    if _MONTH_AFTER.match(text[fig.end : fig.end + 12]) or _MONTH_BEFORE.search(
        text[max(0, fig.start - 12) : fig.start]
    ):
        return True
    if _MODEL_BEFORE.search(text[max(0, fig.start - 5) : fig.start]):
        return True  # "F-16 jets", "a T-72 tank", "AK-47 rifles": a model's number
    return bool(_UNIT_AFTER.match(text[fig.end : fig.end + 14]))


_UNKNOWN_NUMBER = re.compile(
    r"\s+(?:unknown|undisclosed|unspecified|undetermined|unconfirmed|unclear)\s+number\b", re.I
)
#: A weapon's or aircraft's model before its number: "F-16", "Su-24", "MiG-29", "AK-47".
_MODEL_BEFORE = re.compile(r"\b[A-Z][A-Za-z]{0,2}-$")


def _plausible_small(text: str, fig: Figure) -> bool:
    "'a'/'an'/'one' count only when a person noun follows ('a civilian', 'one soldier')."
    surface = text[fig.start : fig.end].lower()
    if surface in {"a", "an", "one", "single", "no"}:
        if _UNKNOWN_NUMBER.match(text, fig.end):
            return False  # "an unknown number of militants": no count at all
        return bool(
            _PERSON_AFTER.match(text[fig.end : fig.end + 40])
            # "four soldiers were hurt, one of whom later died": one of the people counted
            or (surface == "one" and _DIED_LATER.match(text, fig.end))
            or re.match(r"\s+(?:fatality|death)\b", text[fig.end : fig.end + 12], re.I)
        )
    if re.match(r"^\s*(?:-|–)?\s*(?:year|month|week|day|hour)", text[fig.end : fig.end + 8], re.I):
        return False
    if fig.qualifier == "vague" or surface in {"dozen", "a dozen", "hundreds", "dozens"}:
        return True  # "dozens of civilians"
    return (
        not re.match(r"^\s*(?:of|in|per)\b", text[fig.end : fig.end + 5], re.I)
        # "killed four in Khan Younis": the verb's object, its place after it (not "one in
        # five", "two in the morning")
        or bool(
            re.search(
                r"\b(?:killed|killing|wounded|wounding|injured|injuring)\s+$",
                text[max(0, fig.start - 12) : fig.start],
            )
        )
        or bool(re.match(r"^\s*of (?:them|whom)\b", text[fig.end : fig.end + 12], re.I))
        # "the deaths of four of its members", "killed four of the attackers": people of
        # a side
        or bool(_OF_THEIR_PEOPLE.match(text[fig.end : fig.end + 50]))
    )


#: Verbs whose passive subject suffered the field ("were killed"), as the text spells them
#: (the pipeline runs no lemmatizer).
_PASSIVE_FIELD: dict[str, Field] = {
    "killed": "fatalities",
    "murdered": "fatalities",
    "beheaded": "fatalities",
    "executed": "fatalities",
    "wounded": "wounded",
    "injured": "wounded",
    "abducted": "captured",
    "kidnapped": "captured",
}


def _parsed_field(doc: Any, fig: Figure) -> Field | None:
    """The field the parse gives a figure: its noun is a person and the passive subject of a
    casualty verb ("five villagers ... have been killed"), or the subject of "died"."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    number = span[-1]
    noun = number.head
    if number.dep_ != "nummod" or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    if not re.fullmatch(PERSON, noun.lower_, re.I):
        return None
    verb = noun.head
    if noun.dep_ == "nsubjpass":
        return _PASSIVE_FIELD.get(verb.lower_)
    if noun.dep_ == "nsubj" and verb.lower_ in {"died", "perished"}:
        return "fatalities"
    return None


_OF_THEIR_PEOPLE = re.compile(
    rf"^\s*of\s+(?:its|their|his|her|our|the)\s+(?:[\w'-]+\s+){{0,2}}?{PERSON}\b", re.I
)


def _field_of(text: str, fig: Figure, limit: int, start: int, *, left: bool = True) -> Field | None:
    if _OBJECT_AFTER.match(text[fig.end : fig.end + 40]):
        return None  # "Two car bombs exploded ..., killing 20": the two are bombs
    if _DIED_LATER.match(text, fig.end):
        # "hurt five, a guard among them who later died", "one of whom died in hospital":
        # the hurt who died are counted among the dead.
        return "fatalities"
    before = text[max(start, fig.start - 45) : fig.start]
    if _CHARGED_WITH.search(before) and re.search(r"\b\w+ing\s+(?:\w+\s+)?$", before):
        return None  # "accused of killing a soldier": a charge, not a toll
    if left and _TOLL_ROSE.search(before) and _DEATH_TOLL.search(text[start : fig.start]):
        return "fatalities"  # "the death toll from ... attacks ... has risen to 198"
    if left and _LEFT_BEHIND.search(before):
        return _left_outcome(text[fig.end : min(limit, fig.end + 60)])
    for field, pattern in _LEFT_CUES if left else ():
        if pattern.search(before):
            if field == "captured" and not _PERSON_AFTER.match(text[fig.end : fig.end + 40]):
                continue
            return field
    window_end = min(limit, fig.end + 90)
    window = text[fig.end : window_end]
    stop = re.search(r"[.;:!?]|\b(?:while|whereas|but|after|when|as)\b", window)
    if stop:
        window = window[: stop.start()]
    best: tuple[int, Field] | None = None
    for field, pattern in _RIGHT_CUES:
        m = pattern.search(window)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), field)
    if best is None:
        return None
    if re.search(r"\b(?:including|among them|of whom|of which)\b", window[: best[0]], re.I):
        return None  # "five casualties, including one fatality": the cue is the subset's
    if _CHARGED_WITH.search(window[: best[0]]):
        return None  # "two men accused of killing a soldier": the men are not the dead
    if _active_agent(window[: best[0]], text[fig.end + best[0] : fig.end + best[0] + 60]):
        return None
    if text[fig.start : fig.end].lower() in {"a", "an"} and not _OWN_CLAUSE.fullmatch(
        window[: best[0]]
    ):
        return None  # "a local aid worker who helped collect bodies said ...": a witness
    bare = re.fullmatch(r"\s*(?:were|was|have been|had been|are|being)?\s*", window[: best[0]])
    if best[1] == "captured" and not bare and not _PERSON_AFTER.match(text[fig.end : fig.end + 40]):
        return None
    return best[1]


#: A count of the hurt who then died: "(a soldier) who later died", "(one) of whom died of
#: his wounds", "(two) of them later succumbed to their injuries".
_DIED_LATER = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:who|of whom|of them),?\s+(?:later\s+|subsequently\s+|"
    r"since\s+|has\s+since\s+|had\s+since\s+|then\s+)?(?:died|succumbed)\b",
    re.I,
)
#: "the attack left / leaving N ...": the outcome word after the count says which count it
#: is ("leaving two officers injured" counts the hurt; "had left a camp" counts no one).
_LEFT_BEHIND = re.compile(r"\b(?:left|leaving)\s*$", re.I)
_LEFT_OUTCOME = re.compile(
    r"^(?:\s+(?:[\w'’-]+|\([^)]{1,40}\))){0,5}?\s+(?:(?P<dead>dead|killed|slain|"
    r"casualties|fatalities|deaths|bodies)|(?P<hurt>wounded|injured|hurt|maimed))\b",
    re.I,
)


def _left_outcome(after: str) -> Field | None:
    "Which count 'left N ...' gives: the outcome word a few words on, or none."
    m = _LEFT_OUTCOME.match(after)
    if m is None:
        return None
    return "fatalities" if m.group("dead") else "wounded"


#: "accused of", "involved in": a charge, whose verb counts no one (discourse.CHARGED).
_CHARGED_WITH = re.compile(rf"\b(?:{'|'.join(sorted(CHARGED))})\s+(?:of|with|for|in)\b", re.I)
_ACTIVE_VERB = re.compile(
    r"^(?:shot and killed|shot dead|killed|wounded|injured|captured|abducted|kidnapped|"
    r"executed|beheaded|murdered|attacked)\s+(?:a|an|the|one|two|three|\d+|his|her|their|"
    r"at least|[A-Z])",
)


#: Between "a <person>" and its cue: the person's own clause, not a relative clause or a
#: verb of saying ("a local aid worker who helped collect bodies said ..." is a witness).
_OWN_CLAUSE = re.compile(
    r"(?!.*\b(?:who|that|which|whose|said|says|told|reported|added|helped|collect\w*)\b)"
    r"\s+(?:[\w'’,()-]+\s+){0,8}?",
    re.I | re.S,
)


def _active_agent(head: str, tail: str) -> bool:
    "'three gunmen killed a soldier': the figure counts who acted, not who died."
    if not _ACTIVE_VERB.match(tail):
        return False
    return not re.search(r"\b(?:were|was|been|being|are|is|got)\s+(?:\w+\s+)?$", head, re.I)


def _noun_phrase_end(text: str, pos: int, end: int) -> int:
    "The end of the words that say what a figure counts ('44 HTS members')."
    # "four of the attackers", "three of its fighters": the people after the partitive
    partitive = re.match(r"\s+of\s+(?:its|their|his|her|our|the)\b", text[pos:end], re.I)
    if partitive:
        pos += partitive.end()
    m = re.match(r"(?:\s+(?:[A-Za-z][\w'’-]*|\([^)]{1,40}\))){0,6}", text[pos:end])
    words = m.group(0) if m else ""
    cut = re.search(
        r"\s+(?:were|was|have|has|had|are|is|who|which|and|in|on|at|near|during|after|"
        r"killed|died|wounded|injured|lost|dead|captured|from|by|when|while|with|among|including|"
        r"of|for|to|as|since|during|injuring|wounding|killing|leaving|causing|more|than|at)\b",
        words,
    )
    if cut:
        words = words[: cut.start()]
    return pos + len(words.rstrip())


def combine(counted: list[Counted], field: Field) -> Count | None:
    "One Count from the figures of one event (`read_toll` without the roles)."
    return read_toll(counted, field)[0]


def read_toll(
    counted: list[Counted], field: Field
) -> tuple[Count | None, list[tuple[Counted, Role]]]:
    """One Count from the figures of one event, and the role each figure of `field` plays.

    Parts (figures of one party: "44 HTS members", "37 soldiers", "4 civilians") add up,
    each party once at its largest figure; totals ("nearly 100 fatalities", "12 people")
    bound them; subsets ("including four officers") never add. "Nearly 100" over
    44 + 16 + 37 gives low 97, best 97, high 100. A lone party's figure ("11 civilians
    among them three children") is the event's total; the figures the toll leaves out
    are "aside" (see `Role`).
    """
    role: dict[int, Role] = {}

    def roles() -> list[tuple[Counted, Role]]:
        return [(c, role.get(id(c), "aside")) for c in counted if c.field == field]

    # "Thousands", "tens of thousands": a word for a crowd or a war's scale, never one
    # incident's toll as a number (contract: a vague figure's range is a guess).
    mine = [
        c
        for c in counted
        if c.field == field
        and not (c.figure.qualifier == "vague" and c.figure.best >= VAGUE_TOLL_CAP)
    ]
    if not mine:
        return None, roles()
    mentions = tuple(c.evidence for c in mine)
    coded = [c for c in mine if c.coded]
    if coded:  # a coder's explicit figure ("Fatalities coded as 10") settles it
        f = coded[-1].figure
        role[id(coded[-1])] = "total"
        return Count(best=f.best, low=f.low, high=f.high, mentions=mentions), roles()
    main = [c for c in mine if not c.subset] or mine
    for c in mine:
        if c.subset and c not in main:
            role[id(c)] = "subset"
    totals = [c for c in main if not c.part]
    # One party's figures add up within a sentence (4 killed here, 1 there). A later
    # sentence that names the same party, or repeats a figure already given, restates
    # the report's first account, which is kept.
    parts: list[Counted] = []
    restated: list[Counted] = []
    first_sentence: dict[str, int] = {}
    for c in sorted((c for c in main if c.part), key=lambda c: c.figure.start):
        head = c.noun.lower().split()[-1] if c.noun.lower().startswith("of ") else None
        if head and any(head in p.noun.lower().split() for p in parts + restated):
            # "35 IS jihadists were killed ... 22 of the jihadists died in air strikes": a
            # share of people a figure already counts.
            role[id(c)] = "subset"
            continue
        key = c.party or c.noun.lower()
        seen_in = first_sentence.setdefault(key, c.sentence)
        if seen_in != c.sentence or any(
            p.figure.best == c.figure.best and (p.sentence != c.sentence or _same_key(p, c))
            for p in parts
        ):
            restated.append(c)
            continue
        parts.append(c)
    breakdown = tuple(
        Share(actor=c.party, count=c.figure.best, qualifier=c.figure.qualifier) for c in parts
    )
    total, peers = _lead_total(totals)
    if (
        parts
        and total is not None
        and all(c.figure.qualifier == "vague" for c in parts)
        and any(c.figure.qualifier != "vague" for c in peers)
    ):
        # "killed at least 124 people ... scores of villagers": a word does not outweigh a
        # number; the vague shares are left aside.
        parts, breakdown = [], ()
    if not parts:
        assert total is not None
        for c in totals:
            role[id(c)] = "total" if c in peers else "aside"
        return replace(total, mentions=mentions), roles()
    low = sum(c.figure.low for c in parts)
    best = sum(c.figure.best for c in parts)
    high = sum(c.figure.high for c in parts)
    in_order = sorted(main, key=lambda c: c.figure.start)

    def after_a_part(c: Counted) -> bool:
        k = in_order.index(c)
        return k > 0 and in_order[k - 1] in parts

    if total is not None and all(_OTHERS.match(c.noun) and after_a_part(c) for c in peers):
        # "killed a police chief ... Four other people died": the others come on top.
        for c in totals:
            role[id(c)] = "part" if c in peers else "aside"
        for c in parts:
            role[id(c)] = "part"
        return Count(
            best=best + total.best,
            low=low + total.low,
            high=high + total.high,
            breakdown=breakdown,
            mentions=mentions,
        ), roles()
    bounded = total is not None and best <= total.high <= max(2 * best, best + 10)
    if (
        total is not None
        and not bounded
        and best < total.best
        and all(_ATTACKERS.search(c.noun) for c in parts)
    ):
        # "At least 31 people were killed ... Two of the attackers were killed": the toll
        # counts the people attacked; the attackers who died are added to it, as ACLED
        # counts every death of the event.
        for c in totals:
            role[id(c)] = "total" if c in peers else "aside"
        for c in parts:
            role[id(c)] = "part"
        breakdown = tuple(
            Share(actor=c.party, count=c.figure.best, qualifier=c.figure.qualifier) for c in parts
        )
        return Count(
            best=total.best + best,
            low=total.low + low,
            high=total.high + high,
            breakdown=breakdown,
            mentions=mentions,
        ), roles()
    if total is not None and not bounded and best < total.best and any(c.update for c in peers):
        # "By morning the toll had climbed to 210 ... At least 20 civilians were killed in the
        # raids on rural areas": the risen toll is the incident's latest count, all of it;
        # a party's smaller figure is some of those dead.
        for c in totals:
            role[id(c)] = "total" if c in peers else "aside"
        for c in parts:
            role[id(c)] = "subset"
        return replace(total, mentions=mentions), roles()
    if total is not None and bounded:
        best = max(best, total.best)
        low = min(best, max(low, total.low))
        high = max(high, total.high, best)
    # One party's figure alone is the event's toll as its claimant gives it, when nothing
    # bounds it from above; several add up to it, each a share.
    share: Role = "total" if len(parts) == 1 and parts[0].figure.best == best else "part"
    for c in parts:
        role[id(c)] = share
    # A later figure for the same party restates the first account when it repeats its
    # number; a smaller one is some of them ("18 civilians ... a man and his wife"), a larger
    # one a toll this event's account does not take.
    kept = {c.party or c.noun.lower(): c.figure.best for c in parts}
    for c in restated:
        first = kept.get(c.party or c.noun.lower())
        if first is None or c.figure.best == first:
            role[id(c)] = share
        else:
            role[id(c)] = "subset" if c.figure.best < first else "aside"
    # Parts above the total mean the total counted only some of them: keep the parts (the
    # total is then aside, as are totals far above the parts).
    for c in totals:
        role[id(c)] = "total" if bounded and c in peers else "aside"
    count = Count(
        best=best, low=min(low, best), high=max(high, best), breakdown=breakdown, mentions=mentions
    )
    return count, roles()
