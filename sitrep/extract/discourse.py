"""Discourse: which sentences report an incident, and which tell background.

A news report mixes the incident it is about with what surrounds it: a war's running total
("the war has killed more than 300,000 people since 2011"), history ("the insurgency had
killed 17,000 people between 1996 and 2006"), anniversaries, threats and forecasts ("could
signal the start of a major offensive"), denials and calls ("urged the army to restore
calm"). Only incident reports open events, and only their figures become tolls.

The signals come from the parse spaCy has already computed for the article, not from
character windows:
- aspect and tense from the tagger (`has killed` is perfect; `killed on Tuesday` is not),
- the temporal modifiers attached to the verb ("since 2011", "so far this year"),
- the subject of a casualty verb ("the war has killed", "the conflict has claimed"),
- modal auxiliaries and verbs of intent governing a trigger ("will attack", "threatened to
  storm", "vowed to retaliate"), and verbs of denial.

`RuleDiscourse` is the default stage; anything with the same `label`/`unreal` methods (a
learned classifier, say) can replace it in the Kit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from sitrep.extract.dates import SPEECH_BEFORE
from sitrep.extract.lowered import finditer, lowered_text, search

Label = Literal["incident", "background", "threat", "denial", "statement"]

#: Labels whose sentences may open an event or give it a toll.
REPORTS = frozenset({"incident"})

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
#: A period long enough to make a figure a running total, not an incident's toll.
_LONG_PERIOD = re.compile(
    rf"\bsince\s+(?:(?:early|late|mid-?)\s+)?(?:(?:{_MONTHS})\s+)?(?P<year>(?:19|20)\d\d)\b|"
    r"\bsince\s+the\s+(?:start|beginning|outbreak|onset)\b|"
    r"\bsince\s+(?:the\s+)?(?:war|conflict|insurgency|uprising|revolution|crisis|coup)\b|"
    # "since it began", "since a U.S.-brokered truce collapsed": a count from a turning point
    r"\bsince\s+(?:the\s+|it\s+|its\s+|an?\s+)?(?:[\w'’.-]+\s+){0,8}?(?:began|started|"
    r"erupted|broke out|collapsed|was launched|took effect)\b|"
    # A run of violence counted by its age: "as protests enter their third week", "a war now in
    # its sixth year" (a day's count, "as the offensive entered its fourth day", may be one).
    r"\b(?:enters?|entered|entering|into|in)\s+(?:its|their)\s+(?:second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:week|month|year)\b|"
    # Several incidents' total: "died in a spate of raids by bandits" (a series
    # struck by, "hit by a series of air raids", is told as one event).
    r"\b(?:in|during)\s+a\s+(?:series|spate|string)\s+of\s+(?:[\w-]+\s+){0,2}?(?:attacks|"
    r"bombings|raids|killings|assaults|blasts|explosions)\b|"
    # A period's total told as a headline: "300 dead in a single week", "in a week of
    # bombing" (not "a day": "300 were executed in one day" is one incident).
    r"\b(?:in|within|over)\s+(?:one|a\s+single)\s+(?:week|month)\b|"
    r"\b(?:in|after|during)\s+(?:a|one)\s+(?:week|month)\s+of\s+(?:\w+\s+)?(?:fighting|clashes|"
    r"air ?strikes|raids|bombardment|shelling|violence|attacks|strikes|bombing)\b|"
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|\w+teen|\w+ty)\s+years\s+of\s+"
    r"(?:war|conflict|fighting|violence|insurgency|civil war|crisis|bombardment|shelling|"
    r"siege|air ?strikes|bombing|turmoil|unrest|bloodshed)\b|"
    r"\b(?:so far|to date|thus far)\s+(?:this|in)\s+(?:year|month)\b|\bso far this year\b|"
    r"\bthis year alone\b|"
    # "fighting displaced 60,000 people this year": the year's running total ("earlier this
    # year, gunmen stormed ..." recalls one incident, and "the deadliest attack this year"
    # compares)
    r"(?<!earlier )(?<!later )(?<!since )\bthis year\b|"
    r"\bin (?:total|all)\b(?=[^.]*\b(?:since|years?|months?)\b)|"
    r"\bbetween\s+(?:19|20)\d\d\s+and\s+(?:19|20)\d\d\b|"
    r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years?|decades?|months?)\b|"
    r"\bover the years\b|\bsince independence\b|\bthroughout the (?:war|conflict)\b|"
    # Several days' running total: "seven days of airstrikes had left 75 dead", "in five
    # days of heavy fighting", "in the past week".
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+(?:days|weeks)\s+of\s+"
    r"(?:\w+\s+)?(?:fighting|clashes|air ?strikes|raids|bombardment|shelling|violence|"
    r"attacks|strikes|protests|unrest|battles?)\b|"
    r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:weeks?|days)\b|"
    # "in recent weeks", "more than 70 times this year": a pattern over a period
    r"\b(?:in|over)\s+recent\s+(?:days|weeks|months)\b|"
    r"\b(?:\d+|dozens\s+of|several|many|hundreds\s+of)\s+times\s+(?:this|last|a)\s+"
    r"(?:year|month|week)\b|"
    # A total counted from a recent day on: "since Saturday at least 68 civilians have been
    # killed", "since last week".
    r"\bsince\s+(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"week|weekend|then)\b|"
    # "since May 1", "since the withdrawal of foreign troops": a count from a turning point
    rf"\bsince\s+(?:{_MONTHS})\s+\d{{1,2}}\b|\bsince\s+\d{{1,2}}\s+(?:{_MONTHS})\b|"
    r"\bsince\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,2}?(?:withdrawal|departure|"
    r"takeover|election|ceasefire|truce|arrival|fall|ouster|invasion)\b",
    re.I,
)
#: "the deadliest attack since 2019" compares; it does not total.
_COMPARES = re.compile(
    r"\b(?:deadliest|worst|biggest|largest|bloodiest|heaviest|first|highest|most\s+\w+)\b"
    r"[^.;]{0,60}\b(?:since|this year)\b",
    re.I,
)
_ANNIVERSARY = re.compile(
    r"\b(?:anniversary|commemorat\w*|marks? (?:the )?(?:\w+ )?years?|years? (?:ago|after|since)|"
    r"previous(?:ly)?|last year|in past years|in recent years|"
    # An earlier incident recalled without its day: "some months ago", "recalls that". One
    # recalled with it ("last month, air raids hit ...") is an incident of its own.
    r"(?:weeks|months) ago|recall(?:s|ed)? that|"
    # how a conflict came about: "the uprising began as peaceful protests"
    r"(?:began|started)\s+as\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:protests?|movement|"
    r"uprising|revolt|demonstrations?|dispute|conflict|insurgency|rebellion))\b",
    re.I,
)
#: A picture's caption ("In this photo taken on June 8 ...", "These images sent from the
#: city show deserted streets", "The footage shows airstrikes"): it shows what the report
#: tells elsewhere, or an older scene; it reports no incident of its own, whatever day it names.
_CAPTION = re.compile(
    r"\bin\s+this\s+(?:[\w.,]+\s+){0,4}?(?:photos?|images?|pictures?|video\s+(?:grab|still))\b|"
    r"\b(?:these|this|the)\s+(?:\w+\s+)?(?:images?|photos?|photographs?|pictures?|footage)\b"
    r"(?:\s+[\w.,'’-]+){0,14}?\s+(?:shows?|showed|showing)\b",
    re.I,
)
#: A picture's credit closing a sentence ("A boy sits in the rubble of his home after a raid
#: ... (AFP)", "Rescuers search a collapsed building ... (Reuters)"): the sentence is the
#: picture's caption, in the present of a picture. (A dateline's credit opens the text it
#: heads: "KABUL (AP) - ...".)
_CREDIT_END = re.compile(
    r"\((?:AFP|AP|Reuters|REUTERS|Getty\s+Images|(?:AFP\s+|AP\s+|Reuters\s+)?Photo"
    r"(?:\s*[:/]?\s*[\w .,/-]{0,40})?)\)\.?\s*$"
)
#: A list of other reports' headlines run into the text ("Print Tweet Views 1430 Related
#: Syria's Assad says ... 43 civilians dead in bombardment ..."): from the marker to the end of
#: the sentence nothing is this report's.
_LINKS = re.compile(
    r"\b(?:Related(?:\s+(?:Coverage|Articles|Stories|News|Content))?:?|Read\s+(?:Also|also|more"
    r"(?:\s+here)?):?|See\s+also:?|Also\s+read:?)\s+(?=[A-Z\d\"“])"
)


def own_end(text: str, start: int, end: int) -> int:
    """Where the sentence text[start:end] stops telling this report: at a list of other
    reports' headlines ("Related ...", "Read more here ..."), else at its end."""
    found = _LINKS.search(text, start, end)
    return found.start() if found else end


#: Violence told as a routine, not an incident: "exacerbated by regular government
#: bombardment", "the shelling is daily and intense" (a sentence that names a day is still
#: a report: `_dated_now` comes first).
_ROUTINE = re.compile(
    r"\b(?:regular|daily|near-daily|almost\s+daily|nightly|frequent|routine|constant)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:bombardments?|shelling|air\s?strikes|raids|attacks|bombings?|"
    r"clashes|fighting|strikes|gunfire)\b|"
    r"\b(?:bombardment|shelling|fighting|clashes|air\s?strikes|raids|attacks)\s+(?:is|are)\s+"
    r"(?:\w+\s+)?(?:daily|constant|routine|a\s+daily\s+occurrence)\b",
    re.I,
)
#: Nouns that name a whole conflict: as the subject of a casualty verb they total it.
_CONFLICT_NOUNS = frozenset(
    {
        "war",
        "conflict",
        "insurgency",
        "violence",
        "crisis",
        "campaign",
        "uprising",
        "revolution",
        "rebellion",
        "unrest",
        "fighting",
        "clashes",
        "attacks",
        "bloodshed",
        "hostilities",
        "offensive",
        "crackdown",
        "war's",
    }
)
#: Nouns of a whole war: "killed in the war" totals it ("killed in clashes" does not).
_WARS = frozenset({"war", "conflict", "insurgency", "uprising", "revolution", "turmoil", "unrest"})
#: Deaths that are no armed incident's: disease, hunger, disaster ("a cholera outbreak
#: that has killed 2,000 people").
_NOT_VIOLENCE = frozenset(
    {
        "outbreak",
        "cholera",
        "epidemic",
        "pandemic",
        "disease",
        "diseases",
        "famine",
        "hunger",
        "malnutrition",
        "starvation",
        "drought",
        "floods",
        "flooding",
        "earthquake",
        "virus",
        "covid-19",
    }
)
#: Heads of a relative clause that give a group's record ("the group, which has killed
#: hundreds"), not one incident's toll.
_GROUP_NOUNS = frozenset(
    {
        "group",
        "groups",
        "militia",
        "militias",
        "movement",
        "insurgents",
        "militants",
        "jihadists",
        "rebels",
        "organisation",
        "organization",
        "network",
        "gangs",
    }
)
_HAVE = frozenset({"has", "have", "had", "'s", "’s", "'ve", "’ve"})
_CASUALTY_VERBS = frozenset(
    {"killed", "claimed", "left", "displaced", "cost", "wounded", "injured", "forced"}
)
#: Verbs of intent or warning: a trigger in their complement has not happened.
_INTENT = frozenset(
    {
        "threaten",
        "threatens",
        "threatened",
        "threatening",
        "vow",
        "vows",
        "vowed",
        "plan",
        "plans",
        "planned",
        "planning",
        "intend",
        "intends",
        "intended",
        "prepare",
        "prepares",
        "prepared",
        "preparing",
        "warn",
        "warns",
        "warned",
        "aim",
        "aims",
        "aimed",
        "want",
        "wants",
        "wanted",
        "seek",
        "seeks",
        "sought",
        "fear",
        "fears",
        "feared",
        "expect",
        "expects",
        "expected",
        "pledge",
        "pledged",
        "promise",
        "promised",
        "signal",
        "signals",
        "call",
        "calls",
        "called",
        "urge",
        "urges",
        "urged",
        "demand",
        "demands",
        "demanded",
        "appeal",
        "appealed",
        "ask",
        "asked",
        "order",
        "ordered",
        "refuse",
        "refused",
        "due",
        "scheduled",
        "try",
        "tries",
        "tried",
        "trying",
        "attempt",
        "attempts",
        "attempting",
        "struggling",
        # Reactions whose object is an event not (yet) told as one. Not "condemned": "X
        # condemned the attack that killed five" is how many reports lead.
        "criticised",
        "criticized",
        "deplored",
        "mourned",
        "welcomed",
        "investigating",
        "monitoring",
    }
)
#: Verbs whose "to" complement did happen ("managed to retake", "went on to attack").
_DONE = frozenset(
    {
        "managed",
        "manage",
        "manages",
        "succeeded",
        "went",
        "continued",
        "continue",
        "continues",
        "began",
        "begin",
        "begins",
        "started",
        "proceeded",
        "used",
        "came",
    }
)
_PREDICATES = frozenset({"VERB", "ADJ"})  # "threatened to", "is due to"
_TELLING = frozenset({"VERB", "AUX", "ADJ"})  # "did not say", "it was not known"
_MODALS = frozenset(
    {"will", "would", "could", "might", "may", "shall", "'ll", "’ll", "can", "must", "should"}
)
#: Verbs of telling and knowing: negated, they deny the telling, not what is told.
_TELL_WORDS = """mention mentions mentioned say says said report reports reported comment comments
    commented disclose disclosed specify specified give gave given provide provided elaborate
    elaborated confirm confirmed reveal revealed detail detailed identify identified name
    named explain explained know knew known"""
_TELL = frozenset(_TELL_WORDS.split())
_DENY = frozenset({"deny", "denies", "denied", "denying", "rejected", "dismissed", "refuted"})


class Discourse(Protocol):
    "The discourse stage: one label per sentence, and whether a trigger is unreal."

    def label(
        self, doc: Any, text: str, sentences: Sequence[tuple[int, int]], published: date | None
    ) -> list[Label]: ...

    def unreal(self, doc: Any, start: int, end: int) -> bool: ...


@dataclass(frozen=True, slots=True)
class RuleDiscourse:
    "The default discourse stage: rules over the parse, tense and temporal modifiers."

    #: Dates this many days before publication or earlier make a sentence history.
    history_days: int = 365

    def label(
        self, doc: Any, text: str, sentences: Sequence[tuple[int, int]], published: date | None
    ) -> list[Label]:
        "Each sentence's label, in order."
        labels: list[Label] = [
            self._one(text[s:e], words, published)
            for (s, e), words in zip(sentences, sentence_tokens(doc, sentences), strict=True)
        ]
        for i in range(1, len(labels)):
            if (
                labels[i] == "incident"
                and labels[i - 1] == "background"
                and _total_goes_on(text[slice(*sentences[i - 1])], text[slice(*sentences[i])])
            ):
                labels[i] = "background"
        return labels

    def _one(self, sentence: str, tokens: list[Any], published: date | None) -> Label:
        if (
            _totals_a_conflict(tokens)
            or _CAPTION.search(sentence)
            or _CREDIT_END.search(sentence)
            or _TOLL_PART.match(sentence)
        ):
            return "background"
        # The case-insensitive patterns search a lowered copy with case-sensitive twins
        # (sitrep.extract.lowered): the same answers in less time; they read only digits.
        lowered = lowered_text(sentence)
        if _dated_now(sentence, published, lowered):
            # "On 2 May 2020, clashes broke out during a commemoration of 2 May 2014": the
            # sentence reports its own day; what it recalls does not make it history.
            return "incident"
        if (
            search(_ANNIVERSARY, sentence, lowered)
            or _ROUTINE.search(sentence)
            or _vague_total(tokens)
            or _habitual(tokens)
            or _weighed_on(tokens)
        ):
            return "background"
        period = _LONG_PERIOD.search(sentence)
        if period and not search(_COMPARES, sentence, lowered):
            year = period.groupdict().get("year")
            recent = (
                year is not None
                and published is not None
                and int(year) >= published.year
                and not re.search(rf"\bsince\s+{year}\b", sentence)
            )
            if not recent:
                return "background"
        if published is not None and _only_old_years(sentence, published, lowered):
            return "background"
        return "incident"

    def unreal(self, doc: Any, start: int, end: int) -> bool:
        """Whether the trigger at text[start:end] is threatened, planned, forecast or denied.

        Walks from the trigger's token up its heads within the sentence: a modal auxiliary
        on the way ("would attack"), a verb of intent or warning above it ("threatened to
        storm", "could signal the start of an offensive"), or a verb of denial makes it so.
        """
        if doc is None:
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        token = span.root
        if own_end(_text_of(doc), _sentence_of(token).start_char, end) < start:
            # "Related: Air strikes on a market kill 12 in the north": another
            # report's headline, listed as a link.
            return True
        if (
            token.dep_ == "amod"
            and (token.tag_ == "VBN" or (token.tag_ == "JJ" and token.lower_.endswith("ed")))
            and len(span) == 1
        ):
            # "a night of remembrance for three murdered children": the participle names
            # people by what happened to them before; the sentence reports no act.
            return True
        if (
            token.lower_.startswith("demonstrat")
            and token.tag_.startswith("VB")
            and any(c.dep_ in {"dobj", "ccomp"} for c in token.children)
        ):
            # "they are demonstrating more desperation", "demonstrated that the army can
            # strike": to demonstrate something is to show it, not to march.
            return True
        if any(
            t.dep_ == "pobj"
            and t.head.lower_ in {"on", "to", "of", "in"}
            and t.head.head.lower_ in _STOPPED
            for t in (token, span[-1])
        ):
            # "the freeze on fighting", "an end to the clashes", "declared the end of the
            # ceasefire": what is named is what stops, no incident or deal the sentence reports.
            return True
        if token.lower_.startswith(("warn", "declar")) and any(
            c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ in {"of", "about", "against"})
            for c in token.children
        ):
            # "The coalition warned that mass killings undermine a settlement", "warned of
            # dire consequences": what a warning says is a statement, no threat made to anyone.
            return True
        if (
            token.tag_ == "NNS"
            and token.dep_ == "dobj"
            and token.head.lower_.startswith(("condemn", "denounc", "deplor"))
            and not any(c.dep_ in {"det", "poss"} for c in token.children)
        ):
            # "UN condemns Syrian attacks in Aleppo": a kind of act condemned, no incident;
            # "condemned the attack that killed five" names one, and leads many reports.
            return True
        if token.pos_ == "NOUN" and _no_determiner(token):
            return True  # "police made no arrests"; not a noun above it ("no resistance")
        seen = 0
        cause = False  # the walk has passed a word of cause ("after", "due to")
        below = token  # the token the walk came up from
        while seen < 12:
            seen += 1
            if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in _MODALS for c in token.children):
                return True
            if token.tag_.startswith("VB") and _open_question(token):
                # "an inquiry into whether the drone hit a wedding party", "it was not
                # clear if the raids hit the town": asked, not told.
                return True
            if token.i != span.root.i and token.dep_ == "advcl" and _marked(token, {"since"}):
                # "the clinic's third closure since shelling resumed on 4 May": the
                # turning point a count runs from, told in passing, not reported.
                return True
            if token.i != span.root.i and token.lower_ in _HARM_VERBS:
                cause = False  # "closed after an air strike killed ten": a toll is a report
            elif token.i != span.root.i and (
                token.lower_ in _CAUSES
                or (
                    token.dep_ == "advcl"
                    and _marked(token, _CAUSES)
                    # "closed after clashes broke out": the act its own clause narrates
                    and below.dep_ not in {"nsubj", "csubj"}
                )
            ):
                cause = True
            if cause and _closes(token):
                # "Schools in the district will stay shut due to the shelling", "the
                # ministry suspended flights after rocket fire near the airport": what an
                # authority closes is the news; the violence is its cause named in passing.
                return True
            if token.lower_ in _DENY:
                return True
            if (
                token.i != span.root.i
                and token.lower_ in _BACKED
                and token.dep_ in {"acl", "amod"}
                and span.root.head.dep_ == "agent"
            ):
                # "the SDF, backed by air strikes from the coalition, launched an offensive":
                # the support names the force; the report is of what the force did.
                return True
            if token.lower_.startswith(_MORE) and _since(token):
                # "forces intensified air strikes on the city since rebels broke the siege on
                # Saturday": a trend from a turning point, whatever day the turning point had.
                return True
            if (
                token.tag_.startswith("VB")
                and _ongoing(token, span.root)
                and not _names_day(_sentence_of(span.root))
            ):
                # "the coalition is currently carrying out air strikes", "militants who have
                # fought back with car bombs": a pattern or a state, told of no day.
                return True
            if token.i != span.root.i and token.lower_ in _TELL and token.pos_ in _TELLING:
                # "the army did not mention another attack", "it was not known who carried
                # out the attack": what is not told or known still happened. A noun of
                # telling is no verb to negate: "Moscow denied reports that its jets hit the
                # city" walks on from "reports" to the denial that holds it.
                break
            if _negated(token):
                return True
            if token.i != span.root.i and token.lower_ in _INTENT and token.pos_ in _PREDICATES:
                return True
            if token.i != span.root.i and token.pos_ == "NOUN" and token.lower_ in _FORESEEN:
                # "a warning about continued arson attacks", "fears of an offensive".
                return True
            if (
                token.i != span.root.i
                and token.lower_ in CHARGED
                # "The opposition accused government forces of gassing hundreds": a source
                # accusing is a claim about an act, reported as such; only a person's
                # description ("two men accused of killing") is no report.
                and not any(c.dep_ == "nsubj" for c in token.children)
            ):
                # "suspects involved in kidnapping", "accused of attacking a convoy": what a
                # person is charged with or known for characterises them; it reports no act.
                return True
            if (
                token.i != span.root.i
                and token.lower_ in _PRESUPPOSE
                and token.pos_ == "VERB"  # "until the end of the week" ends nothing
                and not (token.head.lower_ in _INTENT and token.head.pos_ in _PREDICATES)
            ):
                # "fired tear gas to break up a protest": what one acts to end is real; what
                # one calls on others to end ("urged the army to halt air strikes") is not
                # reported by the call.
                break
            if (
                token.tag_ == "VB"
                and token.dep_ in {"acl", "relcl", "advcl", "xcomp"}
                and token.head.lower_ not in _DONE
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            ):
                # A purpose: "operations to regain control", "deployed to retake the town".
                return True
            if token.head.i == token.i or token.dep_ in {"ROOT"}:
                break
            if token.dep_ == "relcl" and any(
                c.dep_ in {"aux", "auxpass"} and c.lower_ in _PAST_AUX for c in token.children
            ):
                # "the death of a man who was shot at a rally ... will be investigated": a
                # relative clause in the past tells what happened, whatever the sentence says
                # will be done about it.
                break
            if token.dep_ in {"ccomp", "parataxis"} and token.head.lower_ not in _DENY | _BIDS:
                break  # "X said (that) ...": the report's clause ends at the verb of saying
            below, token = token, token.head
        return False


def _marked(verb: Any, marks: set[str]) -> bool:
    "Whether a clause's verb is introduced by one of `marks` ('whether', 'since')."
    return any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children)


def _open_question(verb: Any) -> bool:
    """Whether a clause is an indirect question or a condition: "to find out whether the
    drone hit a wedding party", "unclear if the raid hit the school", "if troops attack".
    ("As if" compares; it asks nothing.)"""
    return _marked(verb, {"whether"}) or (
        verb.dep_ in {"ccomp", "advcl"}
        and _marked(verb, {"if"})
        and not any(c.dep_ == "advmod" and c.lower_ == "as" for c in verb.children)
    )


#: Words of cause: "closed after", "due to", "because of", "following", "amid".
_CAUSES = frozenset({"after", "due", "because", "following", "amid", "owing"})
#: Verbs of harm: a cause told with its toll ("after an air strike killed ten") is reported.
_HARM_VERBS = frozenset({"killed", "killing", "kills", "kill", "wounded", "wounding", "injured",
                         "injuring", "dead", "died", "left"})  # fmt: skip
#: Words of an authority closing or stopping something: schools, hospitals, work, a road.
_CLOSING = frozenset({"closure", "closures", "closed", "closes", "closing", "suspension",
                      "suspended", "suspends", "shut", "shuts", "shutdown", "cancelled",
                      "canceled", "cancellation", "postponed", "postponement"})  # fmt: skip


def _closes(word: Any) -> bool:
    """Whether a word tells a closing ("schools were closed", "the closure of the port") or a
    verb announces one ("ordered the suspension of classes")."""
    return word.lower_ in _CLOSING or (
        word.pos_ in {"VERB", "AUX"}
        and any(
            c.dep_ in {"dobj", "nsubjpass", "nsubj", "attr"} and c.lower_ in _CLOSING
            for c in word.children
        )
    )


#: Auxiliaries of the past: a clause with one tells what happened.
_PAST_AUX = frozenset({"was", "were", "had", "has", "have"})

#: Nouns of what is feared or planned, or of what a body resolves ("a resolution condemning
#: the escalation of attacks"): what hangs from them is no report of an incident.
_FORESEEN = frozenset(
    {"warning", "warnings", "threat", "threats", "fear", "fears", "plan", "plans", "plot",
     "plots", "risk", "prospect", "possibility", "resolution", "resolutions"}
)  # fmt: skip

#: Verbs of demand and warning whose "that" clause is a demand or a warning, not a report:
#: "the draft demands that the authorities end attacks", "warned that mass killings undermine
#: a settlement".
_BIDS = frozenset(
    {"demand", "demands", "demanded", "urge", "urges", "urged", "warn", "warns", "warned",
     "insist", "insists", "insisted"}
)  # fmt: skip

#: Nouns of stopping: what they are "on", "to" or "of" is halted, not reported.
_STOPPED = frozenset(
    {"freeze", "end", "halt", "cessation", "pause", "suspension", "stop", "lull", "moratorium"}
)

#: Words that tie a person to acts as a charge or a trait ("accused of", "involved in"): what
#: follows them is no report of an act, nor its toll (`counts` reads the same words).
CHARGED = frozenset(
    {"accused", "suspected", "charged", "convicted", "guilty", "wanted", "involved",
     "implicated", "specialising", "specializing", "specialised", "specialized", "notorious"}
)  # fmt: skip

#: Verbs that act on something already there: "to break up a protest", "to quell riots".
_PRESUPPOSE = frozenset(
    {"break", "disperse", "quell", "suppress", "contain", "end", "crush", "clear", "halt"}
)


def _weighed_on(tokens: list[Any]) -> bool:
    """'The truce was further strained by coalition strikes on army positions': a sentence
    headed by what weighed on a deal or talks names a past incident as its cause, in
    passing; the incident was news on its own day."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    return (
        root is not None
        and root.lower_ in _STRAINED
        and any(c.dep_ == "auxpass" for c in root.children)
        and any(c.dep_ == "agent" for c in root.children)
    )


def _habitual(tokens: list[Any]) -> bool:
    """'The army has been expanding its forces, arresting civilians and burning houses': a
    sentence headed by a present perfect progressive tells a pattern over time, not an
    incident (unless it names a day, as an incident report would)."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    # "Activists said the regime has recently intensified air attacks on the area": a
    # present perfect with an adverb of frequency or recency tells a trend, said of it.
    heads = [root, *(c for c in root.children if c.dep_ == "ccomp")]
    for head in heads:
        auxes = {c.lower_ for c in head.children if c.dep_ == "aux"}
        adverbs = {c.lower_ for c in head.children if c.dep_ == "advmod"}
        if head.tag_ == "VBN" and {"has", "have"} & auxes and adverbs & _TREND:
            return not any(t.lower_.endswith(("day", "night")) for t in tokens)
    if root.tag_ != "VBG":
        return False
    auxes = {c.lower_ for c in root.children if c.dep_ == "aux"}
    if not ({"has", "have"} & auxes and "been" in auxes):
        return False
    return not any(t.lower_.endswith(("day", "night")) for t in tokens)


def _ongoing(verb: Any, trigger: Any) -> bool:
    """Whether a verb tells what goes on or has gone on, not what happened once: the
    present progressive ("is currently carrying out strikes", "militants who are fighting
    back with suicide attacks"), the present perfect progressive ("has been using cluster
    bombs"), a present perfect that characterises a noun or runs from a turning point ("who
    have fought back with car bombs", "have since faced suicide bombings"), a present told
    with an adverb of habit ("often refer to", "they regularly shell"), or a present passive
    state ("they are backed by air strikes"). The caller first makes sure the sentence names
    no day: "Russian forces have been shelling the town since Sunday" still reports.

    A present progressive or passive whose subject is the trigger tells the incident going
    on as the report is written ("protesters are marching", "clashes are continuing",
    "protesters are gathered outside parliament"), unless an adverb of habit says otherwise."""
    # "IS claimed": the group's initials are no auxiliary
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"} and not c.is_upper}
    adverbs = {c.lower_ for c in verb.children if c.dep_ == "advmod"}
    if adverbs & _HABIT and (verb.tag_ in {"VBZ", "VBP"} or auxes & (_PRESENT_BE | _PRESENT_HAVE)):
        return True
    below = trigger  # the verb's dependent that holds the trigger
    while below.head.i not in {verb.i, below.i}:
        below = below.head
    going_on = below.head.i == verb.i and below.dep_ in {"nsubj", "nsubjpass"}
    if verb.tag_ == "VBG" and auxes & _PRESENT_BE and verb.lower_ not in _GOING_ON:
        return not going_on
    if verb.tag_ == "VBG" and "been" in auxes and auxes & _PRESENT_HAVE:
        return True
    if (
        verb.tag_ == "VBN"
        and auxes & _PRESENT_HAVE
        and "been" not in auxes
        and (
            verb.dep_ == "relcl"
            or _since(verb)
            # "has faced repeated car bombings", "has seen several rounds of fighting": a
            # record of many, not one incident.
            or any(c.dep_ in {"amod", "nummod"} and c.lower_ in _MANY for c in trigger.children)
            or any(c.dep_ in {"amod", "nummod"} and c.lower_ in _MANY for c in below.children)
        )
    ):
        return True
    if (
        verb.dep_ == "xcomp"
        and verb.head.lower_ in {"continue", "continues", "keep", "keeps"}
        and verb.head.tag_ in {"VBZ", "VBP"}
    ):
        # "Russian warplanes continue to target hospitals": what goes on, in the present.
        return True
    passive = {c.lower_ for c in verb.children if c.dep_ == "auxpass" and not c.is_upper}
    return (
        verb.tag_ == "VBN"
        and bool(passive & _PRESENT_BE)
        and verb.lower_ not in _HARMED | _ACTS
        and not going_on
    )


def _since(verb: Any) -> bool:
    "Whether a verb runs from a turning point: 'have since faced', 'since rebels launched'."
    return any(
        c.lower_ == "since" or (c.dep_ == "advcl" and any(m.lower_ == "since" for m in c.children))
        for c in verb.children
    )


#: Words of many times: "multiple suicide bombings", "several rounds of fighting".
_MANY = frozenset({"multiple", "repeated", "numerous", "several", "countless", "frequent"})

#: Participles of support: "forces backed by air strikes".
_BACKED = frozenset({"backed", "supported", "aided", "assisted", "covered"})
#: Verbs of what weighs on a deal or talks: what they were "strained by" is their cause.
_STRAINED = frozenset({"strained", "overshadowed", "undermined", "jeopardised", "jeopardized",
                       "complicated", "tested", "clouded", "derailed", "threatened"})  # fmt: skip

#: Verbs of more: with a "since", a trend ("intensified", "escalated", "stepped up").
_MORE = ("intensif", "escalat", "stepped", "increas", "ramped")


def _text_of(doc: Any) -> str:
    "A Doc's text, joined once (spaCy joins its tokens anew on every `doc.text`)."
    memo = getattr(doc, "user_data", None)
    if not isinstance(memo, dict):
        return str(doc.text)
    if "sitrep.text" not in memo:
        memo["sitrep.text"] = doc.text
    return str(memo["sitrep.text"])


def _sentence_of(token: Any) -> Any:
    """The parser's sentence of a token; the whole Doc when the pipeline sets no boundaries.

    The sentences' bounds are found once per Doc (kept in its `user_data`): spaCy's
    `token.sent` walks the Doc from its start on every call, and this is asked per trigger."""
    doc = token.doc
    memo = getattr(doc, "user_data", None)
    key = "sitrep.sentence_bounds"
    bounds = memo.get(key) if isinstance(memo, dict) else None
    if bounds is None:
        try:
            bounds = [(sent.start, sent.end) for sent in doc.sents]
        except ValueError:
            bounds = [(0, len(doc))]
        if isinstance(memo, dict):
            memo[key] = bounds
    k = bisect_right(bounds, (token.i, len(doc) + 1)) - 1
    lo, hi = bounds[k] if k >= 0 else (0, len(doc))
    return doc[lo:hi]


def _names_day(sentence: Any) -> bool:
    "Whether a sentence (a spaCy span) names a day: 'on Monday', 'today', 'overnight'."
    return any(t.lower_.endswith(("day", "night")) for t in sentence)


#: "Clashes are continuing", "the army is engaged in fierce fighting": the incident itself,
#: told as going on when the report is written.
_GOING_ON = frozenset({"continuing", "raging", "taking", "unfolding", "protesting",
                       "marching", "demonstrating", "rallying", "gathering", "chanting",
                       "rioting"})  # fmt: skip
_PRESENT_BE = frozenset({"is", "are", "am", "'re", "’re", "'m", "’m"})
_PRESENT_HAVE = frozenset({"has", "have", "'ve", "’ve"})
#: Adverbs of habit: "often", "regularly", "currently".
_HABIT = frozenset({"often", "usually", "regularly", "routinely", "frequently", "typically",
                    "generally", "sometimes", "always", "constantly", "currently"})  # fmt: skip
#: Participles of acts: "the road is blocked by protesters", "the town is hit by rockets" tell
#: the act, in a headline's or a live report's present.
_ACTS = frozenset({"blocked", "occupied", "hit", "struck", "shelled", "bombed", "attacked",
                   "targeted", "stormed", "raided", "seized", "captured"})  # fmt: skip
#: Participles of harm ("five are killed" heads a report) or of being in the midst of a fight
#: ("troops are locked in fierce fighting"): a present passive of these is no state.
_HARMED = frozenset({"killed", "wounded", "injured", "hurt", "shot", "kidnapped", "abducted",
                     "arrested", "detained", "executed", "engaged", "locked",
                     "caught"})  # fmt: skip


#: Adverbs that make a present perfect a trend: "has recently intensified", "have repeatedly
#: shelled".
_TREND = frozenset({"recently", "increasingly", "repeatedly", "frequently", "lately",
                    "regularly", "routinely", "often"})  # fmt: skip


def _negated(token: Any) -> bool:
    """'did not attack', 'no security personnel were deployed', 'never arrested', 'police
    have arrested no one', 'nobody was hurt': the sentence says it did not happen. ('No
    fewer than 20' is a figure's modifier, not its noun's determiner.)"""
    for c in token.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and (
            c.lower_ in {"nobody", "none"} or _no_determiner(c)
        ):
            return True
    return False


def _no_determiner(token: Any) -> bool:
    return any(d.dep_ == "det" and d.lower_ in {"no", "neither"} for d in token.children)


def sentence_tokens(doc: Any, sentences: Sequence[tuple[int, int]]) -> list[list[Any]]:
    """The tokens of each sentence span, in one pass over the Doc (none without a Doc).

    Kept in the Doc's `user_data`: the discourse and attribution stages both ask, and
    spaCy builds a new Token object on every access."""
    key = ("sitrep.sentence_tokens", tuple(sentences))
    memo = getattr(doc, "user_data", None)
    if isinstance(memo, dict) and key in memo:
        return memo[key]
    tokens = list(doc) if doc is not None else []
    out: list[list[Any]] = []
    k = 0
    for s, e in sentences:
        while k < len(tokens) and tokens[k].idx < s:
            k += 1
        j = k
        while j < len(tokens) and tokens[j].idx < e:
            j += 1
        out.append(tokens[k:j])
    if isinstance(memo, dict):
        memo[key] = out
    return out


def _totals_a_conflict(tokens: list[Any]) -> bool:
    "'The war has killed ...', 'the conflict had claimed ...': a whole conflict's total."
    for t in tokens:
        if t.lower_ not in _CASUALTY_VERBS or t.tag_ not in {"VBN", "VBD", "VBZ", "VBP"}:
            continue
        perfect = any(c.dep_.startswith("aux") and c.lower_ in _HAVE for c in t.children)
        subjects = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
        relative = {"that", "which", "who"}
        if t.dep_ == "relcl" and (not subjects or any(c.lower_ in relative for c in subjects)):
            subjects.append(t.head)  # "the war that has killed ...": the war is the subject
            # "violence linked to al-Qaida and the Islamic State group that's killed
            # thousands": a group's or a conflict's record, up the noun phrase.
            up, steps = t.head, 0
            while perfect and steps < 5:
                if up.lower_ in _CONFLICT_NOUNS or up.lower_ in _GROUP_NOUNS:
                    return True
                if up.dep_ not in {"conj", "pobj", "prep", "acl", "compound"}:
                    break
                up, steps = up.head, steps + 1
        # "a cholera outbreak that (the WHO says) has killed 2,000": up the verb's heads.
        up, steps = t, 0
        while up.head.i != up.i and steps < 4:
            up, steps = up.head, steps + 1
            if up.lower_ in _NOT_VIOLENCE:
                return True
        if perfect and any(
            c.dep_ == "prep"
            and c.lower_ in {"in", "during", "throughout"}
            and any(o.dep_ == "pobj" and o.lower_ in _WARS for o in c.children)
            for c in t.children
        ):
            # "More than 170,000 people have been killed in Syria's civil war": the war's toll.
            return True
        for subj in subjects:
            if subj.lower_ in _NOT_VIOLENCE:
                return True
            if subj.lower_ in _CONFLICT_NOUNS and (perfect or subj.lower_ in {"war", "conflict"}):
                if subj.lower_ in _SPELL_NOUNS and _a_spells_toll(tokens):
                    # "Fighting between the army and a militia has killed at least 20 people
                    # in the town of Lalibela": a spell of fighting's toll, told as one.
                    continue
                return True
    return False


#: Conflict nouns that also name one spell of fighting ("fighting in the town has killed
#: 20"), unlike a war, a conflict or an insurgency.
_SPELL_NOUNS = frozenset({"fighting", "clashes"})


def _a_spells_toll(tokens: list[Any]) -> bool:
    """Whether a sentence's figures are those of one spell of fighting: under a hundred, no
    word of scale ("thousands"), and no period ("since 2011", "this year")."""
    sentence = "".join(t.text_with_ws for t in tokens)
    if _LONG_PERIOD.search(sentence) or any(t.lower_ in _MAGNITUDES for t in tokens):
        return False
    numbers = [t for t in tokens if t.like_num]
    return (
        bool(numbers)
        and all(
            not t.text.replace(",", "").isdigit() or int(t.text.replace(",", "")) < 100
            for t in numbers
        )
        and not any(t.lower_ in {"hundred", "thousand", "million"} for t in numbers)
    )


#: Counts of a war's scale, not of one incident: "thousands have died".
_MAGNITUDES = frozenset({"thousands", "hundreds", "millions", "tens"})


def _vague_total(tokens: list[Any]) -> bool:
    """'Thousands of soldiers and civilians have died': a scale word as the subject of a
    casualty verb in the perfect, with no day in the sentence (checked before), is a total."""
    for t in tokens:
        if t.lower_ not in {"died", "killed", "perished"}:
            continue
        if not any(c.dep_.startswith("aux") and c.lower_ in _HAVE for c in t.children):
            continue
        subjects = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if any(sub.lower_ in _MAGNITUDES for sub in subjects):
            return True
    return False


_YEAR = re.compile(
    rf"\b(?:in|since|from|during|by|of|a|an|the)\s+(?:(?:early|late|mid-?)\s+)?"
    rf"(?:(?:{_MONTHS})\s+)?((?:19|20)\d\d)\b(?!-)",  # "a 2017 ambush", not "the 2023-24"
    re.I,
)
_RECENT = re.compile(
    r"\b(?:on|late|early|last)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:yesterday|today|tonight|overnight|last night|this week|this morning)\b",
    re.I,
)


_FULL_DATE = re.compile(
    rf"\b(?:[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})|(?:{_MONTHS})\s+[0-3]?\d"
    r"(?:st|nd|rd|th)?),?\s+((?:19|20)\d\d)\b",
    re.I,
)


#: After a date that opens a sentence: a capitalised word or a figure with no comma between,
#: maybe after a time, as a stamp run into the text is followed ("9 August 2016 The army said
#: ...", "21 November 2016 19:18 Over 500 ...").
_STAMP_AFTER = re.compile(r"\s+(?:\d{1,2}:\d\d\s+)?[A-Z\d]")
#: Before it: nothing, or the day's name ("Monday 21 November 2016 19:18 Over 500 ...").
_STAMP_BEFORE = re.compile(r"\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?", re.I)


#: A sentence that adds to the total told before it: "Another 300 civilians died ...",
#: "Meanwhile rebel fire killed 900 people", "Of them, 40 were children", "The toll includes".
#: "The total includes 40 people killed by mortar fire": a breakdown of a toll the report
#: told before (a campaign's, a month's), never an incident of its own. Its perpetrator and
#: weapon are the part's, not those of whatever incident the toll sums up.
_TOLL_PART = re.compile(
    r"\s*(?:the|that|this)\s+(?:death\s+|casualty\s+)?(?:toll|total|figure|tally)\s+"
    r"(?:also\s+)?includ(?:es|ed)\b",
    re.I,
)
_ADDS_TO_TOTAL = re.compile(
    r"\s*(?:(?:meanwhile|and|also)\s*,?\s+)?(?:another|a\s+further|of\s+(?:them|these|those)|"
    r"(?:the|that|this)\s+(?:death\s+)?(?:toll|total|figure|tally)s?\s+(?:also\s+)?includ\w*)\b|"
    r"\s*meanwhile\b",
    re.I,
)


def _total_goes_on(before: str, sentence: str) -> bool:
    """Whether a sentence goes on with the period total told in the sentence before it: the
    Observatory "has documented 5,000 deaths over the past year. Meanwhile rebel fire killed
    900 people": the period the first names is the second's too, when the second names no
    day of its own."""
    period = _LONG_PERIOD.search(before)
    if period is None or _COMPARES.search(before):
        return False
    return bool(_ADDS_TO_TOTAL.match(sentence)) and not _RECENT.search(sentence)


def _dated_now(sentence: str, published: date | None, lowered: str | None = None) -> bool:
    """Whether the sentence names the day of something recent: a weekday, 'yesterday', or a
    full date in the publication year (with no publication date: the latest year it names).
    `lowered` is `lowered_text(sentence)`, when the caller has it."""
    if any(
        # "state television said on Thursday": the day of the saying, not of what was said
        not SPEECH_BEFORE.search(sentence, 0, m.start())
        for m in finditer(_RECENT, sentence, lowered)
    ):
        return True
    years = [
        int(m.group(1))
        for m in finditer(_FULL_DATE, sentence, lowered)
        # "August 9 2016 Syria has been at war since 2011": a page's stamp run into the
        # sentence after it (no comma, no preposition) dates the page, not what it tells.
        if not (
            _STAMP_BEFORE.fullmatch(sentence, 0, m.start())
            and _STAMP_AFTER.match(sentence, m.end())
        )
    ]
    if not years:
        return False
    if published is None:
        return max(years) == max(int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", sentence))
    return max(years) >= published.year - (1 if published.month == 1 else 0)


def _only_old_years(sentence: str, published: date, lowered: str | None = None) -> bool:
    "A sentence dated only by years long gone ('in 2014 the group seized ...') is history."
    years = [int(m.group(1)) for m in finditer(_YEAR, sentence, lowered)]
    if not years or search(_RECENT, sentence, lowered):
        return False
    return all(y < published.year - 1 for y in years)
