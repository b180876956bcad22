"""ACLED event and sub-event types, and the split of an article into event frames.

Each sentence is scored against the trigger table (lexicons/triggers.tsv); its strongest
trigger proposes a sub-event type. Violence outranks strategic developments in the same
sentence, and a protest trigger beside an intervention becomes "Protest with intervention".
Sentences are then grouped into frames, one per event: a frame starts at a sentence whose
trigger is strong and differs from the current frame's (another sub-event type, another
acting side, another date); casualty sentences ("37 soldiers lost their lives") and
sentences without a trigger join the frame before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitrep.extract.kit import Trigger

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_NEEDS_PROTEST = {"Protest with intervention", "Excessive force against protesters"}
#: Who makes a protest or a riot: a crowd, not a government or an agency.
_CROWD = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|riot\w*|mobs?|crowds?|youths?|supporters|inmates|"
    r"prisoners|detainees|"
    r"students|marchers|workers|villagers|worshippers|hundreds|thousands|dozens|residents|"
    r"people|women|men|activists|opposition|fans|farmers|traders|teachers|doctors|nurses)\b",
    re.I,
)
#: What follows a crowd word that counts the dead or hurt: "four people killed".
_COUNTED = re.compile(r"\s+(?:were\s+|was\s+|have\s+been\s+)?(?:killed|dead|died|wounded|"
                      r"injured|hurt|missing|abducted|kidnapped)\b", re.I)  # fmt: skip


def _acting_crowd(sentence: str, end: int) -> bool:
    """Whether a crowd word before `end` can be who acts: "four people killed, ... houses
    torched" counts victims, not rioters."""
    return any(not _COUNTED.match(sentence, m.end()) for m in _CROWD.finditer(sentence, 0, end))


#: A crowd acting: the subject of a sentence that burns or wrecks things in a riot.
_CROWD_ACTS = re.compile(
    r"\b(?:protesters|protestors|demonstrators|rioters|mobs?|crowds?|supporters|workers|"
    r"youths|students|marchers|fans)\b(?:\s+\w+){0,3}?\s+(?:also\s+)?(?:damaged|vandali[sz]ed|"
    r"set|torched|burned|burnt|ransacked|looted|smashed|destroyed|attacked)\b",
    re.I,
)
#: Below this weight a trigger only joins an existing frame; it does not open a new one.
WEAK = 0.73


#: Words that make a trigger a purpose, threat or plan, not an event: "had used the area to
#: launch attacks on safe towns", "threatened to storm the city".
_UNREAL_BEFORE = re.compile(
    r"\b(?:(?:to|would|could|might|will)\s+(?:launch|carry out|stage|conduct|mount|commit)|"
    r"(?:threaten(?:s|ed)?|vow(?:s|ed)?|plan(?:s|ned|ning)?|intend(?:s|ed)?|prepar(?:es|ed|ing))"
    r"\s+to)\s+(?:\w+\s+){0,2}$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TriggerHit:
    "A trigger matched in a sentence."

    sub_event_type: str
    event_type: str
    weight: float
    start: int
    end: int


@dataclass(slots=True)
class Frame:
    "The sentences that report one event, and the trigger that types it."

    trigger: TriggerHit
    sentences: list[int] = field(default_factory=list)
    trigger_sentence: int = 0
    agent: str | None = None
    date: object | None = None
    #: The sentences that tell the event itself (a trigger or a casualty figure), as against
    #: the context a frame carries along (a quote, a reaction, a background line).
    reports: list[int] = field(default_factory=list)
    #: Every trigger the frame took in, with its sentence: the one that types it may name
    #: no actor ("triggered an hours-long gun battle") where an earlier one did.
    hits: list[tuple[int, TriggerHit]] = field(default_factory=list)
    #: A round-up's lead ("five civilians were killed by Russian shelling in the south and
    #: east") that a frame of bare tolls ("two were killed in Toretsk") takes its kind of
    #: violence and its perpetrator from: the lead's sentence and trigger.
    lead: tuple[int, TriggerHit] | None = None
    #: Opened by a toll of its own at a town the frame before had not named ("The rebels
    #: moved on to the village of X, where four were killed"): another scene, whether or not
    #: the gazetteer knows the town.
    scene: bool = False
    #: Opened by a trigger inside the clause of what the lead "came after" ("The ambush came
    #: a day after rebels killed a soldier in X"): background the report recalls, no event
    #: unless a sentence of its own tells it again.
    background: bool = False
    #: Opened the same way by what the lead "came as" or "came amid" ("The attack came as the
    #: monitor reported that troops had shot 30 detainees earlier this week"): background
    #: when it happened before the report's first incident.
    amid: bool = False


def sentence_trigger(
    sentence: str,
    offset: int,
    triggers: tuple[Trigger, ...],
    unreal: Callable[[int, int], bool] | None = None,
    found: dict[Trigger, list[tuple[int, int]]] | None = None,
) -> TriggerHit | None:
    """The strongest trigger in one sentence, after the cross-type rules.

    `unreal(start, end)` (the discourse stage) vetoes a trigger that is threatened,
    planned, forecast or denied rather than reported. `found` holds, per trigger, the
    spans (relative to the sentence) a search of the whole article already found, so a
    long report is searched once per trigger, not once per trigger and sentence.
    """
    hits: list[TriggerHit] = []
    for trig in triggers:
        if found is not None and not trig.pattern.pattern.startswith("^"):
            spans = found.get(trig, ())
        elif trig.pattern.search(sentence) is None:
            continue  # most triggers are not in a given sentence: no iterator for them
        else:
            spans = [m.span() for m in trig.pattern.finditer(sentence)]
        span = next(
            (
                (a, b)
                for a, b in spans
                if not _UNREAL_BEFORE.search(sentence[max(0, a - 50) : a])
                and not (unreal and unreal(a + offset, b + offset))
            ),
            None,
        )
        if span:
            hits.append(
                TriggerHit(
                    trig.sub_event_type,
                    trig.event_type,
                    trig.weight,
                    span[0] + offset,
                    span[1] + offset,
                )
            )
    # "seizing rifles, grenades and explosives", "recovered two mortars": weapons found or
    # taken are things, not an attack with them.
    hits = [
        h
        for h in hits
        if h.sub_event_type not in _WEAPON_TYPES
        or not _INVENTORY.search(sentence, 0, h.start - offset)
    ]
    if not any(h.sub_event_type == "Peaceful protest" for h in hits):
        # Police dispersing or firing on a crowd is a protest event only when there is a protest.
        hits = [h for h in hits if h.sub_event_type not in _NEEDS_PROTEST]
    if not _CROWD.search(sentence):
        # "The UN condemned the strikes", "residents burned tyres to make smoke cover": a
        # demand or a fire is a protest or a riot only when a crowd makes it.
        # Stones and bottles thrown are a crowd's weapons: they need no crowd word.
        hits = [
            h
            for h in hits
            if not (h.sub_event_type == "Peaceful protest" and h.weight < 0.7)
            and (
                h.sub_event_type != "Violent demonstration"
                or _THROWN.search(sentence[h.start - offset : h.end - offset])
            )
        ]
    # "A UN committee approved a resolution condemning strikes that killed 40 people": a
    # demand or a condemnation is a protest only when a crowd named before it makes it, not
    # when the crowd is only the dead it speaks of.
    hits = [
        h
        for h in hits
        if not (h.sub_event_type == "Peaceful protest" and h.weight < 0.7)
        or _acting_crowd(sentence, h.start - offset)
    ]
    # "Soldiers torched the homes of villagers": the crowd a riot needs is who acts, named
    # before the act, not the people whose homes burned.
    hits = [
        h
        for h in hits
        if h.sub_event_type != "Violent demonstration"
        or _THROWN.search(sentence[h.start - offset : h.end - offset])
        or _acting_crowd(sentence, h.start - offset)
        or _CROWD.search(sentence[h.start - offset : h.end - offset])
    ]
    if _SMOKE_COVER.search(sentence):
        # "residents burned tyres to create smoke and provide cover against air attack":
        # a smokescreen against aircraft, not a riot.
        hits = [
            h
            for h in hits
            if not (
                h.sub_event_type == "Violent demonstration"
                and re.match(r"burn", sentence[h.start - offset : h.end - offset], re.I)
            )
        ]
    if not hits:
        return None
    crowd = _CROWD_ACTS.search(sentence)
    if crowd:
        # "The workers also damaged public property and set police vehicles on fire":
        # property a crowd destroys is its riot (a violent demonstration), not looting by
        # an armed side.
        hits = [
            _as(h, "Violent demonstration", "Riots", h.weight)
            if h.sub_event_type == "Looting/property destruction"
            and h.start - offset > crowd.start()
            else h
            for h in hits
        ]
    # "Soldiers set fire to several houses after the clash": a trigger named as what the act
    # came after or before points back at another event; the act is this sentence's event.
    refs = [
        h
        for h in hits
        if _BACK_REF.search(sentence, max(0, h.start - offset - 40), h.start - offset)
    ]
    if refs and len(refs) == len(hits):
        return None  # "Following the explosion, police cordoned off the area": no new event
    if refs and any(
        h not in refs and h.weight >= 0.8 and h.event_type != r.event_type
        for h in hits
        for r in refs
    ):
        hits = [h for h in hits if h not in refs]
    subs = {h.sub_event_type for h in hits}
    best = max(hits, key=lambda h: (h.weight, -h.start))
    if best.weight >= 0.97:  # an ACLED-style "Category:" prefix is decisive
        return best
    violent = [h for h in hits if h.event_type in VIOLENT]
    protest = [h for h in hits if h.event_type == "Protests"]
    riot = [h for h in hits if h.event_type == "Riots"]
    if protest and ("Peaceful protest" in subs):
        pp = next(h for h in protest if h.sub_event_type == "Peaceful protest")
        if "Excessive force against protesters" in subs:
            return _as(pp, "Excessive force against protesters", "Protests", 0.9)
        if "Protest with intervention" in subs:
            return _as(pp, "Protest with intervention", "Protests", 0.88)
        if riot:
            return max(riot, key=lambda h: h.weight)
        if pp.weight >= 0.8 and not any(
            h.weight >= 0.86 and h.event_type == "Explosions/Remote violence" for h in violent
        ):
            return pp
    if violent and best.event_type == "Strategic developments" and best.weight < 0.97:
        strongest = max(violent, key=lambda h: (h.weight, -h.start))
        # "The air force said it shot down 30 drones": the weaker air words name the
        # weapons downed (or the speaker), no strike of their own.
        downed = (
            best.sub_event_type == "Disrupted weapons use"
            and strongest.sub_event_type == "Air/drone strike"
            and strongest.weight < best.weight
        )
        if (strongest.weight >= 0.7 or best.weight < 0.8) and not downed:
            return strongest
        # "Gunmen stormed the village, shooting residents and looting homes": people shot or
        # killed make the act an attack; the looting beside it is part of it, as ACLED codes.
        if best.sub_event_type == "Looting/property destruction" and _LETHAL.search(sentence):
            return strongest
    return best


#: Words that say people were shot or killed.
_LETHAL = re.compile(
    r"\b(?:kill(?:ed|ing)|shot|shooting|opened fire|massacred|executed|beheaded|murdered)\b",
    re.I,
)


_WEAPON_TYPES = frozenset(
    {"Grenade", "Remote explosive/landmine/IED", "Shelling/artillery/missile attack"}
)
_ARMS = (
    r"(?:guns?|rifles?|pistols?|(?:ak-47|kalashnikov)s?|weapons?|arms|firearms|ammunition|"
    r"rounds|bullets|magazines|grenades?|explosives?|detonators?|(?:bomb-making\s+)?"
    r"materials?|mortars?|rockets?|launchers?|uniforms|vehicles|motorcycles|drugs|cash|"
    r"(?:mobile\s+)?phones|equipment)"
)
#: What precedes a weapon named as a thing seized or found, right up to it: "seizing
#: rifles, grenades and ", "recovered a cache of ", "weapons including ".
_INVENTORY = re.compile(
    r"\b(?:seiz\w*|recover\w*|confiscat\w*|found|discovered|impounded|(?:cache|haul|"
    r"stockpile|stash)s?\s+of|possession\s+of|(?:weapons|arms),?\s+including)\s+"
    r"(?:(?:a|an|the|large|small|several|some|assorted|quantities\s+of|a\s+quantity\s+of|"
    r"\d[\d,]*|two|three|four|five|six|hand|assault|automatic|homemade|improvised)\s+|"
    rf"{_ARMS},?\s+(?:and\s+|as\s+well\s+as\s+)?)*$",
    re.I,
)


def amid_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of `text[start:end]` that tell fighting only as the backdrop of another act:
    "amid clashes with the army", "as fighting with the rebels intensified" (to the next
    comma). Who fights there is no side of the act the sentence reports."""
    return [(m.start(), m.end()) for m in _AMID.finditer(text, start, end)]


#: Fighting told as a backdrop: "amid (heavy) clashes with/between ...", "as (the) fighting
#: with ... intensified".
_AMID = re.compile(
    r"\b(?:amid|amidst|during\s+a\s+lull\s+in)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:clashes|fighting|battles|hostilities|confrontations|skirmishes)\s+"
    r"(?:with|between|against|involving)\b[^,;.]*|"
    r"\bas\s+(?:the\s+)?(?:[\w-]+\s+)?(?:fighting|clashes|battles|hostilities)\s+"
    r"(?:with|between|against)\s+[^,;.]{1,80}?\s+(?:intensified|intensifies|raged|rages|"
    r"escalated|escalates|continued|continues|flared|spread|spreads|worsened|raged\s+on)\b",
    re.I,
)

_BACK_REF = re.compile(
    r"\b(?:after|following|since|before)\s+(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_SMOKE_COVER = re.compile(
    r"\b(?:smoke\s*screens?|(?:create|make|provide|produce)\w*\s+(?:\w+\s+){0,2}?"
    r"(?:smoke|cover))\b",
    re.I,
)
_THROWN = re.compile(r"\b(?:thr[eo]w\w*|hurl\w*|pelt\w*|stone-?pelting)\b", re.I)


def _as(hit: TriggerHit, sub: str, event_type: str, weight: float) -> TriggerHit:
    return TriggerHit(sub, event_type, max(weight, hit.weight), hit.start, hit.end)


def opens_frame(
    current: Frame | None, hit: TriggerHit, agent: str | None, date: object | None
) -> bool:
    "Whether a triggered sentence starts a new event rather than continuing the current one."
    if current is None:
        return True
    cur = current.trigger
    if hit.weight < WEAK and cur.event_type in VIOLENT and hit.event_type in VIOLENT:
        return False
    if hit.weight < 0.6:
        return False
    if date is not None and current.date is not None and date != current.date:
        return True
    if hit.event_type == "Battles" and cur.event_type == "Battles":
        return False
    if hit.sub_event_type != cur.sub_event_type:
        return True
    return bool(agent and current.agent and agent != current.agent)
