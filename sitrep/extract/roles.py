"""Roles from the parse: who did it and who it was done to, read off the trigger's arguments.

The trigger of an event is a verb ("shelled", "killed", "clashed") or a noun ("air strikes",
"attack", "clashes"). Its arguments in the dependency parse say who acts:
- a verb: its subject acts (unless passive), the "by" agent of a passive acts; its object,
  its passive subject, and "on/against/at X" are acted on; "X clashed with Y": Y is the
  other side;
- a noun: the adjective, compound or possessive before it acts ("Russian air strikes",
  "Hezbollah's attack"), and so does "by X" and the subject of the verb it is the object of
  ("the army launched an offensive", "strikes carried out by Russian warplanes"), and so does
  who announces or claims it ("Hezbollah announcing rocket fire at X") or attacks what it
  names ("gunmen attacked a protest march"); "on X", "against X" are acted on, and so is
  whom it is blamed for killing; "clashes between X and Y" names both sides.

Two more readings help `actors.assign_roles` where word order misleads: the subject of a
clause dated apart ("a day after Houthi rebels fired ...") is another event's side
(`Sides.elsewhere`), and who "were killed in clashes with X" fell on one side of that
fighting (`Sides.fell`).

The stage returns character spans; `actors.assign_roles` puts the actor mentions that fall
in them on their side, before its positional rules decide the rest. `ParseRoles` is the
default stage in the Kit; a learned role labeller can take its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

Span = tuple[int, int]

_TARGET_PREPS = frozenset({"on", "against", "at", "targeting", "upon", "into"})
_SIDE_PREPS = frozenset({"with"})
_LIGHT_VERBS = frozenset(
    {
        "launched",
        "launch",
        "launches",
        "carried",
        "carry",
        "carries",
        "conducted",
        "conduct",
        "conducts",
        "staged",
        "mounted",
        "waged",
        "executed",
        "made",
        "fired",
        "unleashed",
        "began",
        "started",
        "stepped",
        "intensified",
        "escalated",
        # "Hezbollah announced rocket fire at X", "the group claimed the attack": who says
        # it did the deed is the one the report names as acting.
        "announced",
        "announcing",
        "announces",
        "claimed",
        "claiming",
        "claims",
    }
)


@dataclass(frozen=True, slots=True)
class Sides:
    "Character spans of the phrases that act, and of those acted on, for one trigger."

    agents: tuple[Span, ...] = ()
    targets: tuple[Span, ...] = ()
    #: Who acts in a clause dated apart from the trigger's ("a day after Houthi rebels
    #: fired a missile"): another event's side, neither this one's agent nor its target.
    elsewhere: tuple[Span, ...] = ()
    #: Who the sentence says fell in the two-sided fighting the trigger names ("five
    #: villagers were killed in clashes with ADF rebels"): one side, not its attacker.
    fell: tuple[Span, ...] = ()

    def side_of(self, start: int, end: int) -> str | None:
        "'agent', 'target' or None for a mention at text[start:end]."
        # Inside the phrase, or holding it: "Israeli air strike" is one actor mention over
        # the trigger, and the parse marks its "Israeli" as the side that acts.
        for name, spans in (("agent", self.agents), ("target", self.targets)):
            if any((s <= start and end <= e) or (start <= s and e <= end) for s, e in spans):
                return name
        return None

    def fell_fighting(self, start: int, end: int) -> bool:
        "Whether the mention at text[start:end] is among those who fell in the fighting."
        return any(s <= start and end <= e for s, e in self.fell)

    def apart(self, start: int, end: int) -> bool:
        "Whether the mention at text[start:end] acts in a clause dated apart (`elsewhere`)."
        return any(s <= start and end <= e for s, e in self.elsewhere)


class RoleStage(Protocol):
    "The role stage: the acting and acted-on phrases of the trigger at text[start:end]."

    def sides(self, doc: Any, start: int, end: int) -> Sides: ...


class ParseRoles:
    "Roles read from the dependency parse (the default stage)."

    def sides(self, doc: Any, start: int, end: int) -> Sides:
        if doc is None:
            return Sides()
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return Sides()
        trigger = span.root
        while trigger.dep_ in {"compound", "amod"} and trigger.head.pos_ in {"NOUN", "PROPN"}:
            # "rocket" of "announcing rocket fire at X", "explosive" of "an improvised
            # explosive device wounded four soldiers": the phrase's head takes the roles.
            trigger = trigger.head
        agents: list[Any] = []
        targets: list[Any] = []
        if trigger.pos_ in {"NOUN", "PROPN"}:
            self._noun(trigger, span, agents, targets)
        else:
            self._verb(trigger, agents, targets)
        targets.extend(_casualties(trigger, agents))
        return Sides(
            tuple(_extent(t) for t in agents if t is not None),
            tuple(_extent(t) for t in targets if t is not None),
            tuple(_extent(t) for t in _another_time(trigger)),
            tuple(_extent(t) for t in _fell_fighting(trigger)),
        )

    def _verb(self, verb: Any, agents: list[Any], targets: list[Any]) -> None:
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        for c in verb.children:
            if c.dep_ == "nsubj":
                agents.append(c)
            elif c.dep_ == "nsubjpass":
                targets.append(c)
            elif c.dep_ == "agent":
                agents.extend(x for x in c.children if x.dep_ == "pobj")
            elif c.dep_ == "dobj":
                targets.append(c)
            elif c.dep_ == "prep" and c.lower_ in _TARGET_PREPS | _SIDE_PREPS:
                targets.extend(x for x in c.children if x.dep_ == "pobj")
        subjectless = not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
        # "..., killing five civilians": the clause it hangs from names who acts.
        if subjectless and not passive and verb.dep_ in {"advcl", "xcomp", "conj", "acl"}:
            head = verb.head
            agents.extend(c for c in head.children if c.dep_ == "nsubj")
            agents.extend(
                x
                for c in head.children
                if c.dep_ == "agent"
                for x in c.children
                if x.dep_ == "pobj"
            )

    def _noun(self, noun: Any, span: Any, agents: list[Any], targets: list[Any]) -> None:
        inside = {t.i for t in span}
        for c in noun.children:
            if c.dep_ in {"amod", "compound", "poss", "nmod"} and c.i not in inside:
                agents.append(c)
            elif c.dep_ == "prep" and c.lower_ == "by":
                agents.extend(x for x in c.children if x.dep_ == "pobj")
            elif c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                targets.extend(x for x in c.children if x.dep_ == "pobj")
            elif (
                c.dep_ == "prep"
                and c.lower_ in _SIDE_PREPS
                and noun.lower_ in _MUTUAL
                # "Five villagers were killed in clashes with ADF rebels": the rebels are
                # who fought the fallen (`Sides.fell`), the side that acts.
                and not _fallen_in(noun)
            ):
                # "after heavy fighting with Afghan government forces": the other side. Not
                # "clashes with residents": who fights back is armed, whatever the words.
                targets.extend(
                    x for x in c.children if x.dep_ == "pobj" and x.lower_ not in _TOWNSFOLK
                )
            elif c.dep_ == "prep" and c.lower_ == "between":
                sides = [x for x in c.children if x.dep_ == "pobj"]
                for x in sides:
                    agents.append(_first_of(x))
                    targets.extend(y for y in x.children if y.dep_ == "conj")
            elif c.dep_ == "acl":  # "strikes carried out by Russian warplanes"
                agents.extend(
                    x
                    for a in c.children
                    if a.dep_ == "agent"
                    for x in a.children
                    if x.dep_ == "pobj"
                )
                # "an air strike that killed two civilians": what it killed is acted on.
                targets.extend(x for x in c.children if x.dep_ in {"dobj", "nsubjpass"})
        head = noun.head
        if noun.dep_ == "dobj" and head.lower_ in _AIMED:
            # "gunmen attacked a protest march": who attacks it acts on what the noun names.
            agents.extend(c for c in head.children if c.dep_ == "nsubj")
        if noun.dep_ == "dobj" and head.lower_ in _LIGHT_VERBS:
            # "the army launched an offensive on X": the one who launches acts.
            agents.extend(c for c in head.children if c.dep_ == "nsubj")
            targets.extend(_objects(head, _TARGET_PREPS))
        elif noun.dep_ == "nsubj" and head.pos_ == "VERB":
            # "Russian strikes hit a market": what the strikes hit is acted on.
            targets.extend(c for c in head.children if c.dep_ == "dobj")
            targets.extend(_objects(head, _TARGET_PREPS))
        if noun.dep_ in {"nsubj", "nsubjpass"} and head.pos_ == "VERB":
            # "Air raids were blamed for killing 11 civilians": whom the raids are said to
            # have killed is acted on.
            targets.extend(
                x
                for p in head.children
                if p.dep_ == "prep"
                for v in p.children
                if v.dep_ == "pcomp" and v.pos_ == "VERB"
                for x in v.children
                if x.dep_ == "dobj"
            )


#: Words for people of a place who, said to fight, are a side of no known name.
_TOWNSFOLK = frozenset({"residents", "villagers", "locals", "civilians", "people", "youths"})


#: Verbs whose passive subject ("three soldiers were killed") or, for the intransitive
#: ones, subject ("two policemen died") is who suffered the event.
_SUFFERED = frozenset({"killed", "wounded", "injured", "hurt", "abducted", "kidnapped",
                       "shot", "ambushed", "captured", "martyred", "murdered"})  # fmt: skip
_PERISHED = frozenset({"died", "perished"})


#: Nouns of fighting that has two sides: who died in it was one of them, not its target
#: (unlike "died in the attack", "killed in an air strike").
_MUTUAL = frozenset({"clash", "clashes", "fighting", "battle", "battles", "gunfight",
                     "gunfights", "firefight", "firefights", "encounter", "shootout",
                     "skirmish", "skirmishes", "combat", "exchange", "gunbattle"})  # fmt: skip


def suffered(doc: Any, start: int, end: int) -> bool:
    "Whether the parse says the phrase at text[start:end] was killed or hurt ('were killed')."
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None or len(span) == 0:
        return False
    t = span.root
    return (t.dep_ == "nsubjpass" and t.head.lower_ in _SUFFERED) or (
        t.dep_ == "nsubj" and t.head.lower_ in _PERISHED
    )


#: Pronouns that stand for people a sentence before named ("They died in the raids").
_THEY = frozenset({"they", "he", "she"})


def pronoun_casualties(doc: Any, start: int, end: int) -> bool:
    """Whether the sentence holding text[start:end] tells its dead by a pronoun alone:
    "They died in raids flown by the air force", "he died when a shell
    hit his house". Who they were is in the sentence before."""
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None or len(span) == 0:
        return False
    return any(
        t.lower_ in _THEY
        and (
            (t.dep_ == "nsubjpass" and t.head.lower_ in _SUFFERED)
            or (t.dep_ == "nsubj" and t.head.lower_ in _PERISHED)
        )
        for t in span.root.sent
    )


#: Verbs whose object is harmed: "shot and killed a civilian", "killing five farmers" (the
#: pipeline has no lemmatiser: the forms are listed).
_HARMING = frozenset({"killed", "killing", "kill", "kills", "wounded", "wounding", "injured",
                      "injuring", "murdered", "murdering", "abducted", "abducting", "kidnapped",
                      "kidnapping", "executed", "executing", "beheaded", "beheading", "shot",
                      "shooting", "massacred", "massacring"})  # fmt: skip


def harmed(doc: Any, start: int, end: int) -> bool:
    """Whether the parse says the phrase at text[start:end] was killed or hurt, as the subject
    of a passive ('were killed', `suffered`) or the object of a verb of harm ('killed a
    civilian')."""
    if suffered(doc, start, end):
        return True
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None or len(span) == 0:
        return False
    t = span.root
    return t.dep_ == "dobj" and t.head.lower_ in _HARMING


#: Verbs of aiming violence at someone: their object was the target.
_AIMED = frozenset({"targeted", "targeting", "targets", "target", "attacked", "bombed",
                    "shelled", "struck", "hit", "hunting", "hunted", "pounded"})  # fmt: skip
_ATTACK_NOUNS = frozenset({"strike", "strikes", "attack", "attacks", "raid", "raids"})


def aimed_at(doc: Any, start: int, end: int) -> bool:
    "Whether the parse makes the phrase at text[start:end] the object of a verb of aiming."
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None or len(span) == 0:
        return False
    t = span.root
    while t.dep_ in {"compound", "amod"} and t.head.i != t.i:
        t = t.head  # "Fano" of "armed Fano militants"
    if t.dep_ in {"dobj", "nsubjpass"}:
        return t.head.lower_ in _AIMED
    if t.dep_ == "pobj" and t.head.lower_ in {"on", "against", "at"}:
        return t.head.head.lower_ in _AIMED | _ATTACK_NOUNS  # "air strikes on X"
    return False


#: Marks of a clause told at another time than its main one.
_OTHER_TIME_MARKS = frozenset({"after", "before", "since"})
#: "a day after", "hours before": the gap that makes the clause another happening.
_TIME_UNITS = frozenset(
    {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"}
)


def other_time(doc: Any, start: int, end: int, trigger: tuple[int, int]) -> bool:
    """Whether the phrase at text[start:end] sits in a clause told at another time than the
    trigger's: "killed 11 civilians, a day after rebels fired a missile at Riyadh", "since
    rebels seized Kidal". Such a clause is another happening, and its place is not the
    event's. "Five were killed after gunmen stormed a church in Jos" tells one happening
    (no gap is given), and its place stands."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    told = doc.char_span(*trigger, alignment_mode="expand")
    if span is None or told is None or len(span) == 0 or len(told) == 0:
        return False
    for verb in span.root.ancestors:
        if verb.dep_ != "advcl":
            continue
        marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
        if not marks & _OTHER_TIME_MARKS or told.root == verb or verb.is_ancestor(told.root):
            continue
        gap = any(c.dep_ == "npadvmod" and c.lower_ in _TIME_UNITS for c in verb.children)
        if "since" in marks or gap:
            return True
    return False


def _casualties(trigger: Any, agents: list[Any]) -> list[Any]:
    """Who the trigger's sentence says was killed or hurt: acted on, whatever their place.

    "Three soldiers were killed when gunmen attacked a checkpoint": the soldiers stand before
    the trigger, where an actor usually acts; the parse says they suffered it. The trigger's
    own subject and its agents' phrases keep their reading.
    """
    out = []
    taken = {t.i for a in agents for t in (a.token if isinstance(a, _Only) else a).subtree}
    for t in trigger.sent:
        dep = t.dep_
        if dep != "nsubj" and dep != "nsubjpass":
            continue  # only a subject can be one; asked first, before spaCy makes t.head
        head = t.head
        if t.i in taken or (head.i == trigger.i and t.dep_ == "nsubj"):
            continue
        if trigger.dep_ == "pobj" and trigger.head.head.i == head.i and trigger.lower_ in _MUTUAL:
            continue  # "were killed in a clash": the fallen took part in what the trigger names
        if (t.dep_ == "nsubjpass" and head.lower_ in _SUFFERED) or (
            t.dep_ == "nsubj" and head.lower_ in _PERISHED
        ):
            out.append(t)
    return out


def _another_time(trigger: Any) -> list[Any]:
    """Subjects of a clause the sentence dates apart from its trigger's (`other_time`).

    "Air raids killed 11 civilians, a day after Houthi rebels fired a missile at Riyadh":
    the rebels act in another event, a day earlier, and the raids did not hit them.
    """
    told = (trigger.idx, trigger.idx + len(trigger))
    return [
        t
        for t in trigger.sent
        if t.dep_ == "nsubj"
        and t.head.i != trigger.i
        and t.head.dep_ == "advcl"  # the subject of a dated clause's own verb
        and other_time(trigger.doc, t.idx, t.idx + len(t), told)
    ]


def _fell_fighting(trigger: Any) -> list[Any]:
    "The subjects of 'were killed in clashes (with X)': who fell in the fighting named."
    if trigger.lower_ not in _MUTUAL or trigger.dep_ != "pobj":
        return []
    verb = trigger.head.head
    if verb.lower_ not in _SUFFERED | _PERISHED:
        return []
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]


def _fallen_in(noun: Any) -> bool:
    "Whether the noun is the fighting someone 'was killed in' or 'died in' (not 'took X in')."
    if noun.dep_ != "pobj":
        return False
    verb = noun.head.head
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    return (passive and verb.lower_ in _SUFFERED) or verb.lower_ in _PERISHED


def _objects(head: Any, preps: frozenset[str]) -> list[Any]:
    "The objects of the head's prepositions among `preps` ('attack on X' -> X)."
    return [
        x
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in preps
        for x in c.children
        if x.dep_ == "pobj"
    ]


def _first_of(token: Any) -> Any:
    "The first conjunct alone ('X' of 'X and Y'), as a token whose extent excludes Y."
    return _Only(token)


@dataclass(frozen=True, slots=True)
class _Only:
    "A token standing for itself and its modifiers, not its conjuncts."

    token: Any


def _extent(token: Any) -> Span:
    "The character span of a token's phrase (without its conjuncts when wrapped in _Only)."
    if isinstance(token, _Only):
        t = token.token
        words = [x for x in t.subtree if not _under_conj(x, t)]
    else:
        words = list(token.subtree)
    return min(x.idx for x in words), max(x.idx + len(x) for x in words)


def _under_conj(x: Any, root: Any) -> bool:
    "Whether x hangs from a conjunct (or a coordinating word) of root."
    # spaCy makes a new Token object on each access: compare positions, never identity.
    while x.i != root.i:
        if x.dep_ in {"conj", "cc"} and x.head.i == root.i:
            return True
        x = x.head
    return False
