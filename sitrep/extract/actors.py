"""Actors: canonical ACLED-style names, kinds, country codes and roles.

Two kinds of actor mention are found:
- named actors from the alias lexicon (lexicons/actors.tsv): "HTS", "Houthis", "CODECO";
- generic ones from rules that need the country: "Syrian army" -> "Military Forces of
  Syria (2000-)", "police" -> "Police Forces of X", "gunmen" -> "Unidentified Armed Group
  (X)", "protesters" -> "Protesters (X)", "villagers" -> "Civilians (X)".
Loaded wording ("terrorists", "foreign-backed militants") is never resolved to a name here;
claims.py keeps it as the source's words.

Roles follow the ACLED convention: actor1 is the side that acts in the event's trigger
clause, actor2 the side acted on; further actors on the same side are associates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from sitrep.extract.lowered import finditer, lowered_text
from sitrep.extract.roles import Sides
from sitrep.lexicons import Country, Hit, NamedActor, auxiliaries, branches, named_actors
from sitrep.models import Actor, Evidence, Role


@dataclass(frozen=True, slots=True)
class ActorMention:
    "An actor named in the text, already resolved to its canonical name."

    start: int
    end: int
    name: str
    kind: str
    country: str | None
    generic: bool
    evidence: Evidence

    @property
    def armed(self) -> bool:
        return self.kind not in {"civilians", "protesters", "rioters"}

    def as_actor(self, role: Role, *, cited: bool = True) -> Actor:
        """This mention as an event's actor in `role`. Its span is the actor's evidence, unless
        the actor is implied (no span) or `cited` is False: taken from a sentence that is not
        the event's (a round-up's lead, the one air force a report names)."""
        return Actor(
            role=role,
            name=self.name,
            kind=self.kind,  # type: ignore[arg-type]
            country=self.country,
            mentions=(self.evidence,) if cited and self.start >= 0 else (),
        )


_MIL_HEAD = (
    r"(?:pro-)?government forces|regime forces|government troops|regime troops|"
    r"loyalist forces|army|military|armed forces|forces|troops|soldiers?|servicem[ae]n|"
    r"air ?forces?|navy|warplanes?|war ?planes|fighter jets|jets|aircraft|helicopters?|"
    r"drones?|gunboats?|artillery|border guards?|special forces|security forces|"
    r"paratroopers|marines|national guard|gendarmerie|gendarmes|military personnel|"
    r"forces personnel|personnel|units?|battalions?|brigades?|positions|air ?strikes?|"
    r"air raids?|drone strikes?|strikes?|raids?|shelling|bombardment|artillery fire|"
    r"missiles?|rockets?|(?:guided|glide|aerial|barrel|cluster)\s+bombs?|"
    r"officers?|fighter jets|bombers|navy ships|warships|tanks|"
    # "Russia's defence ministry said it struck": the ministry speaks for the forces it runs
    r"defen[cs]e ministry|ministry of defen[cs]e"
)
_MIL_BARE = (
    r"(?:pro-)?government forces|regime forces|government troops|regime troops|"
    r"loyalist forces|(?:the )?army|(?:the )military|armed forces|troops|soldiers?|"
    r"security forces|gendarmerie|gendarmes|servicem[ae]n|military personnel|"
    r"regime(?:'s)?|army officers?|military officers?|lieutenants?|colonels?|sergeants?|"
    r"the air ?force|"
    # "federal forces retook the town": a federation's army (Ethiopia, Somalia, Nigeria)
    r"federal (?:government )?(?:forces|troops|soldiers|army)|"
    # "government shelling", "pro-government air strikes": the state's arms, by their use.
    r"(?:pro-)?government(?=\s+(?:shelling|air ?strikes?|air raids?|airstrikes?|bombardment|"
    r"warplanes?|aircraft|helicopters?|artillery|barrel bombs?|jets|tanks|rocket fire|"
    r"shells|snipers?|offensive)\b)|"
    # "rebels shelled government positions": the state's forces hold them.
    r"government(?:al)?(?=\s+(?:positions|posts|outposts|checkpoints?|bases?|troops|"
    r"soldiers))|"
    # "attacked a military base": the forces that hold it are who was attacked.
    r"military(?=\s+(?:bases?|posts?|outposts?|camps?|barracks|convoys?|vehicles?|patrols?|"
    r"checkpoints?))"
)
_POLICE = (
    r"police(?:\s+(?:forces?|officers?|personnel|men|officials|units?|command|"
    r"headquarters|department))?"
    # "accused of being a police informer": a civilian the police used, not the police
    r"(?!\s+(?:informers?|informants?|spy|spies|collaborators?))|policem[ae]n|"
    r"riot police|anti-riot police|"
    # The interior ministry runs a country's police: its staff are the state's police,
    # never civilians ("a vehicle transporting Interior Ministry officials").
    r"(?:interior ministry|ministry of (?:the )?interior)\s+(?:officials|officers|employees|"
    r"staff(?:ers)?|personnel|forces|troops|commandos|guards)"
)
_UAG = (
    r"(?:(?:unidentified|unknown|suspected|masked|armed|a group of|group of|heavily armed)\s+)*"
    r"(?:gunm[ae]n|armed m[ae]n|assailants|attackers|bandits|kidnappers|abductors|"
    r"armed groups?|military groups?|armed individuals|perpetrators|insurgents|militants|"
    r"militiam[ae]n|"
    r"jihadists|armed elements|unidentified armed group|unknown persons?|unidentified persons?|"
    r"(?<=unidentified )(?:people|men|individuals)|(?<=unknown )(?:people|men|individuals)|"
    r"(?<=masked )(?:men|individuals)|(?<=hooded )(?:men|individuals)|"
    r"hoodlums|armed youths|herdsmen|cult members|cultists|extremists|jihadis|terrorists|"
    r"islamists|islamist fighters|"
    # Who fights the police as a trade: "suspected criminals shot first", "police
    # operations targeting alleged drug traffickers".
    r"(?:armed |suspected |alleged )?criminals|drug (?:traffickers|dealers|lords)|"
    r"(?<=alleged )traffickers|(?<=suspected )traffickers|"
    # "soldiers detained a wanted kidnapping kingpin", "police held five armed robbers".
    r"(?:kidnapping|kidnap|bandit|gang|cartel) (?:kingpins?|leaders?|bosses)|armed robbers|"
    # "plainclothes men armed with pistols": armed men, in the other order.
    r"(?:m[ae]n|individuals|people|youths) armed with)"
)
#: ACLED codes a criminal gang it cannot name as "Unidentified Gang (country)".
_GANG = r"gangs?|gang members|gangsters|gangmen|criminal gangs?|armed gangs?|cartel gunmen"
_PROTEST = r"protesters|protestors|demonstrators|protests?|demonstrations?|rall(?:y|ies)|sit-ins?"
_RIOT = r"rioters|riots?|rioted|mobs?|angry (?:crowds?|residents|youths|villagers)"
_CIVIL = (
    r"civilians?|residents?|villagers?|people|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|"
    r"farmers?|herders?|shepherds?|traders?|worshippers?|passengers?|journalists?|"
    r"youths|drivers?|motorists?|pedestrians?|fishermen|miners|pilgrims|"
    r"doctors?|students?|teachers?|workers?|families|family|displaced persons|refugees|"
    # a charity's or a hospital's staff are civilians; "military staff" are not
    r"staff(?:ers)?(?=\s+(?:members\s+)?of\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:charity|"
    r"NGO|aid|humanitarian|organi[sz]ation|hospital|clinic|company|firm|school))|"
    r"nurses?|medics?|vendors?|labou?rers?|"
    r"civilian (?:areas|homes|houses|targets|vehicles?|cars?)|residential (?:areas|neighbou?rhoods|"
    r"buildings)|homes|houses|hospitals?|schools?|markets?|mosques?|churches|clinics?|"
    r"health cent(?:re|er)s?"
)
#: Not a bare "opposition": a party and its supporters are no rebels.
_REBEL = (
    r"rebels?|rebel (?:fighters|forces|groups?)|opposition (?:fighters|factions|forces)|"
    r"armed opposition(?: groups)?"
)


@dataclass(frozen=True, slots=True)
class GenericRules:
    "Compiled generic-actor patterns; country words are found by the Kit's country index."

    military_after: re.Pattern[str]  # what follows a country word: "'s army", " forces"
    police_after: re.Pattern[str]
    police_bare: re.Pattern[str]
    military_bare: re.Pattern[str]
    others: tuple[tuple[re.Pattern[str], str, str], ...]  # (pattern, template, kind)


@cache
def generic_rules() -> GenericRules:
    "The rules, compiled once per process."
    return GenericRules(
        # "Syrian army", "Ukraine's army", "Syrian-Russian air forces"; not "a Syrian
        # military source said", which names a claimant.
        military_after=re.compile(
            r"(?:'s|’s)?(?:\s+(?:government|regime|state|national|led|federal))?"
            # "a Russian ballistic missile", "Israeli attack drones": a kind of weapon
            # between the country word and the arm still names the country's forces.
            r"(?:\s+(?:ballistic|cruise|hypersonic|long-range|short-range|guided|kamikaze|"
            rf"attack|unmanned|combat|military))?\s+(?:{_MIL_HEAD})\b"
            r"(?!\s+(?:sources?|spokes\w+|officials?|statement|media)\b)",
            re.I,
        ),
        police_after=re.compile(rf"(?:'s|’s)?\s+(?:{_POLICE})\b", re.I),
        police_bare=re.compile(rf"\b(?:{_POLICE})\b", re.I),
        military_bare=re.compile(rf"\b(?:{_MIL_BARE})\b", re.I),
        others=(
            (re.compile(rf"\b(?:{_GANG})\b", re.I), "Unidentified Gang ({})", "political militia"),
            (
                re.compile(rf"\b{_UAG}\b", re.I),
                "Unidentified Armed Group ({})",
                "political militia",
            ),
            (re.compile(rf"\b(?:{_PROTEST})\b", re.I), "Protesters ({})", "protesters"),
            (re.compile(rf"\b(?:{_RIOT})\b", re.I), "Rioters ({})", "rioters"),
            (re.compile(rf"\b(?:{_REBEL})\b", re.I), "Opposition Rebels ({})", "rebel group"),
            (re.compile(rf"\b(?:{_CIVIL})\b", re.I), "Civilians ({})", "civilians"),
        ),
    )


#: Unnamed fighters after a nationality: "Palestinian militants", "Somali gunmen".
_NATIONAL_UAG = re.compile(rf"\s+{_UAG}\b", re.I)

#: A capitalised possessive inside a proper name ("New People's Army", "the Donbass People's
#: Militia"): no crowd and no civilians.
_IN_A_NAME = re.compile(r"[A-Z]\w*['’]s\s+[A-Z]")

#: A force word and "of" before a country's name: "the armed forces of Armenia".
_FORCES_OF = re.compile(
    r"\b(?P<force>(?:military|armed|security|government|defen[cs]e|police)\s+forces|"
    r"army|troops|soldiers|military|police)\s+of\s+(?:the\s+)?$",
    re.I,
)

_GROUP_KINDS = frozenset({"rebel group", "political militia", "identity militia"})
_DEFINITE_GROUP = re.compile(
    r"\b[Tt]he\s+(?:[\w-]+\s+){0,3}?(?:group|movement|militia|organi[sz]ation|outfit|faction)\b"
)

_JOINED = re.compile(r"^(?:-|–|\s+and\s+|\s*/\s*)$")
#: What follows a group's name when the phrase names another group tied to it.
_KIN = re.compile(
    r"(?:['’]?s)?(?:\s+|-)(?:affiliates?|affiliated|linked|allied|aligned|inspired|offshoots?|"
    r"splinter(?:\s+group)?)\b"
    # "Al-Qaeda's Syrian arm, the Nusra Front": the group's branch is named next.
    r"|['’]?s\s+(?:former\s+)?(?:[A-Z][\w-]*\s+)?(?:arm|branch|franchise)\b",
    re.I,
)

#: The fighters a "<network>-linked" phrase names: "IS-linked insurgents", "al Qaeda-affiliated
#: jihadist fighters".
_FIGHTERS = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:militants?|insurgents?|fighters?|jihadists?|extremists?|"
    r"gunmen|rebels?|militiamen|Islamists?|assailants|attackers)\b",
    re.I,
)


#: Communities whose militias ACLED names "<community> Ethnic (or Clan) Militia (<country>)":
#: the ones actors.tsv names so, whatever country the report is about.
_ETHNIC_KINDS = {
    m.group(1): m.group(2)
    for _, actor in named_actors()
    if (m := re.fullmatch(r"(\w[\w ]*?) (Ethnic|Clan) Militia \(.+\)", actor.name))
}


@cache
def _ethnic_armed() -> re.Pattern[str]:
    """A community's armed men: "Fulani gunmen", "armed Nuer youths", "suspected Fulani
    herdsmen", "armed youths from the Murle community". Herders, youths and men are armed
    only when the report says so ("armed", "suspected"): "Fulani herders were killed" are
    civilians."""
    words = "|".join(sorted(map(re.escape, _ETHNIC_KINDS), key=len, reverse=True))
    armed = r"gunm[ae]n|militiam[ae]n|militias?|fighters|raiders|attackers|assailants"
    held = r"youths?|herdsm[ae]n|herders|m[ae]n"
    return re.compile(
        rf"\b(?:(?i:armed|suspected)\s+(?:[A-Z]\w+\s+)?(?P<a>{words})(?:\s+(?:armed\s+)?"
        rf"(?:{held}|{armed}))"
        rf"|(?P<b>{words})\s+(?:armed\s+(?:{held})|{armed})"
        rf"|(?i:armed\s+(?:youths|m[ae]n)|{armed}|herdsm[ae]n)\s+(?:from|of|belonging\s+to)\s+"
        rf"(?:the\s+)?(?:neighbou?ring\s+)?(?P<c>{words})\s+(?:community|communities|ethnic\s+"
        rf"group|tribe|clan))\b"
    )


def _has_branch(entry: NamedActor, country: str | None, countries: dict[str, Country]) -> bool:
    """Whether a network ("Islamic State", "Al Qaeda") has a branch where the report is:
    one branches.tsv gives, or a lexicon group of that country the localised name names
    ("Islamic State (Mozambique)")."""
    if country is None:
        return False
    if (entry.name.split(" (")[0], country) in branches():
        return True
    name = _localise(entry.name, entry.country, country, countries)
    return any(a.name == name and a.country == country for _, a in named_actors())


def find_actors(
    text: str,
    *,
    named: list[Hit[NamedActor]],
    country_hits: list[Hit[str]],
    rules: GenericRules,
    countries: dict[str, Country],
    country: str | None,
) -> list[ActorMention]:
    """Named and generic actor mentions in the whole text, in text order.

    `named` are the alias-lexicon hits (found once per article); generic rules fill in
    what the lexicon does not name, never overlapping a named mention.
    """
    found: list[ActorMention] = []
    for hit in named:
        end = hit.end
        if kin := _KIN.match(text, hit.end):
            # "a former Al-Qaeda affiliate", "IS-linked fighters": another group, unless
            # the network has one branch where the report is ("Islamic State-linked
            # insurgents" in Mozambique, "al Qaeda-linked militants" in Mali).
            fighters = _FIGHTERS.match(text, kin.end())
            if fighters is None or not _has_branch(hit.entry, country, countries):
                continue
            end = fighters.end()
        if text[max(0, hit.start - 5) : hit.start].lower().endswith("anti-"):
            continue  # "anti-Houthi forces", "an anti-Taliban militia": its opponents
        entry = hit.entry
        name = _localise(entry.name, entry.country, country, countries)
        # A localised name ("Islamic State (Burkina Faso)") is that country's branch.
        iso3 = country if name != entry.name else entry.country
        evidence = Evidence.at(text, hit.start, end)
        found.append(ActorMention(hit.start, end, name, entry.kind, iso3, False, evidence))
    home = countries.get(country) if country else None
    auxiliary = auxiliaries().get(country or "")
    if auxiliary is not None:
        # "12 soldiers and four army auxiliaries died": the militia the army arms
        # where the report is, not the army.
        for hit in _AUXILIARIES.finditer(text):
            if not any(m.start <= hit.start() < m.end for m in found):
                evidence = Evidence.at(text, hit.start(), hit.end())
                found.append(
                    ActorMention(
                        hit.start(),
                        hit.end(),
                        auxiliary,
                        "political militia",
                        country,
                        False,
                        evidence,
                    )
                )
        found.sort(key=lambda m: m.start)
    if home is not None:
        # "armed Lou Nuer youths", "suspected Fulani herdsmen", "gunmen from the Murle
        # community": the community's armed men are its militia, as ACLED names it.
        for m in _ethnic_armed().finditer(text):
            s, e = m.span()
            if not any(x.start < e and s < x.end for x in found):
                word = next(w for w in (m["a"], m["b"], m["c"]) if w)
                name = f"{word} {_ETHNIC_KINDS[word]} Militia ({home.name})"
                evidence = Evidence.at(text, s, e)
                found.append(
                    ActorMention(s, e, name, "identity militia", home.iso3, False, evidence)
                )
        found.sort(key=lambda m: m.start)
    taken = [(m.start, m.end, m.name) for m in found]

    named_ends = {m.end for m in found}

    def add(s: int, e: int, name: str, kind: str, iso3: str | None) -> None:
        # A compound ("Syrian-Russian air forces") names two actors over one span.
        for ts, te, tname in taken:
            if ts < e and s < te and not (ts == s and te == e and tname != name):
                return
        if kind not in _CROWD_KINDS and _after_a_name(text, s, named_ends):
            # "Houthi rebels", "RSF soldiers", "Boko Haram insurgents": the force word
            # describes the group just named, it is not a second actor.
            return
        taken.append((s, e, name))
        found.append(ActorMention(s, e, name, kind, iso3, True, Evidence.at(text, s, e)))

    # Country words ("Syrian", "Ukraine", "U.S.") come from the Kit's Aho-Corasick index;
    # a force word after them, or after a compound ("Syrian-Russian"), names their forces.
    k = 0
    while k < len(country_hits):
        group = [country_hits[k]]
        while k + 1 < len(country_hits) and _JOINED.match(
            text[group[-1].end : country_hits[k + 1].start]
        ):
            k += 1
            group.append(country_hits[k])
        k += 1
        tail = group[-1].end
        isos = [h.entry for h in group if h.entry in countries]
        if m := rules.military_after.match(text, tail):
            for iso3 in isos:
                add(group[0].start, m.end(), countries[iso3].military, "state forces", iso3)
        elif m := rules.police_after.match(text, tail):
            for iso3 in isos:
                add(group[0].start, m.end(), countries[iso3].police, "state forces", iso3)
        elif len(isos) == 1 and (m := _NATIONAL_UAG.match(text, tail)):
            # "Palestinian militants fired rockets at Israel": unnamed fighters a report
            # gives a nationality are that country's, wherever they struck.
            (iso3,) = isos
            name = f"Unidentified Armed Group ({countries[iso3].name})"
            add(group[0].start, m.end(), name, "political militia", iso3)
        elif len(isos) == 1 and (
            m := _FORCES_OF.search(text, max(0, group[0].start - 40), group[0].start)
        ):
            # "the military forces of Armenia", "the police of Haiti": the same forces,
            # named the other way round.
            (iso3,) = isos
            police = m["force"].lower().startswith("police")
            force = countries[iso3].police if police else countries[iso3].military
            add(m.start("force"), tail, force, "state forces", iso3)
    if country in _WAR_COALITIONS:
        # "coalition warplanes struck the market": the coalition that flies the war's air
        # strikes where the report is, unless a name says whose ("US-led coalition ...").
        name, iso3 = _WAR_COALITIONS[country]
        for m in _COALITION_AIR.finditer(text):
            add(m.start(), m.end(), name, "external force", iso3)
    qualified = sorted(found, key=lambda m: m.start)
    for m in _DEFINITE_GROUP.finditer(text):
        # "The Shiite movement said it fired rockets", "the group claimed the attack": a
        # definite description points back at the armed group last named before it.
        before = [x for x in qualified if x.end <= m.start() and x.kind in _GROUP_KINDS]
        if before and not before[-1].generic:
            last = before[-1]
            add(m.start(), m.end(), last.name, last.kind, last.country)
    # The case-insensitive rules search a lowered copy (sitrep.extract.lowered): the same
    # spans in less time; a match's words are read from `text`.
    lowered = lowered_text(text)
    for bare, prefix in ((rules.police_bare, "Police Forces"), (rules.military_bare, "Military")):
        for m in finditer(bare, text, lowered):
            # "the army", "the air force" with no country word: the state forces last named
            # with one, when the report names only one country's (an Israeli strike in a
            # report on Lebanon, then "the air force said"); else the home country's, as
            # "the regime", "government forces" or bare "troops" always are.
            before = {
                (x.name, x.country)
                for x in qualified
                if x.end <= m.start() and x.kind == "state forces" and x.name.startswith(prefix)
            }
            words = text[m.start() : m.end()]
            definite = re.fullmatch(r"the (?:army|military|air ?force)", words, re.I)
            if (
                definite
                and len(before) == 1
                and (home is None or home.iso3 not in {c for _, c in before})
            ):
                ((name, iso3),) = before
                add(m.start(), m.end(), name, "state forces", iso3)
            elif home:
                force = home.police if prefix == "Police Forces" else home.military
                add(m.start(), m.end(), force, "state forces", home.iso3)
    if home:
        for pattern, template, kind in rules.others:
            for m in finditer(pattern, text, lowered):
                if _IN_A_NAME.match(text, m.start()):
                    continue  # "the Donbass People's Militia", "People's Party": a name
                add(m.start(), m.end(), template.format(home.name), kind, home.iso3)
        # "killing two Syrians", "wounded three Afghans": people counted by their
        # nationality as the ones harmed are civilians, of the country where it happened (as
        # villagers are). Only as the object of the harm: "three Palestinians were killed"
        # often restates a toll the report already gave.
        for m in _counted_nationals(countries).finditer(text):
            s, e = m.span("who")
            add(s, e, f"Civilians ({home.name})", "civilians", home.iso3)
    return sorted(found, key=lambda m: m.start)


#: The coalition whose aircraft fly a war's air strikes, by the country it is fought in:
#: the Saudi-led one over Yemen, the US-led one against the Islamic State over Syria and
#: Iraq. "Coalition warplanes" means a different coalition in each.
_WAR_COALITIONS: dict[str, tuple[str, str | None]] = {
    "YEM": ("Operation Restoring Hope", "SAU"),
    "SYR": ("Global Coalition Against Daesh", None),
    "IRQ": ("Global Coalition Against Daesh", None),
}
_COALITION_AIR = re.compile(
    r"\bcoalition\s+(?:war ?planes?|jets|aircraft|air ?strikes?|airstrikes?|air raids?|"
    r"bombers|drones?|helicopters?)\b",
    re.I,
)


#: Kinds of actor that a group's name before them does not absorb ("PTI protesters" are
#: the crowd of a protest, whichever party they back).
_CROWD_KINDS = frozenset({"protesters", "rioters", "civilians"})
_NAME_GAP = re.compile(r"(?:'s|’s)?\s+")


def _after_a_name(text: str, start: int, named_ends: set[int]) -> bool:
    "Whether the words at `start` follow a named actor directly ('Houthi| rebels')."
    return any(
        _NAME_GAP.fullmatch(text, e, start)
        for e in range(max(0, start - 4), start)
        if e in named_ends
    )


_COUNT_WORDS = (
    r"\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens of|"
    r"scores of|hundreds of|several|many"
)
_HARMED = (
    r"kill(?:ing|ed)|wound(?:ing|ed)|injur(?:ing|ed)|shot dead|shooting dead|abduct(?:ing|ed)|"
    r"kidnapp(?:ing|ed)|detain(?:ing|ed)|arrest(?:ing|ed)"
)


@cache
def _counted_nationals_of(demonyms: tuple[str, ...]) -> re.Pattern[str]:
    plural = "|".join(re.escape(d) + "s" for d in sorted(demonyms, key=len, reverse=True))
    return re.compile(
        rf"\b(?:{_HARMED})\s+(?:at least\s+|more than\s+|up to\s+)?"
        rf"(?P<who>(?:{_COUNT_WORDS})\s+(?:other\s+|more\s+)?(?:{plural}))\b(?![-’'])",
        re.I,
    )


def _counted_nationals(countries: dict[str, Country]) -> re.Pattern[str]:
    "A count of a nationality's people harmed: 'killing two Syrians', 'wounded 12 Afghans'."
    return _counted_nationals_of(
        tuple(sorted({d for c in countries.values() for d in c.demonyms if not d.endswith("s")}))
    )


def _localise(
    name: str, home: str | None, country: str | None, countries: dict[str, Country]
) -> str:
    """'Islamic State (Syria)' in a report about Iraq is 'Islamic State (Iraq)'; in a report
    about Nigeria it is ISWAP, and "al Qaeda" in one about Mali is JNIM (branches.tsv). A
    community's militia is named for the country it fights in."""
    if not country or country == home or country not in countries:
        return name
    match = re.fullmatch(r"(Islamic State) \((\w[\w ]*)\)", name)
    network = match.group(1) if match else name
    if (branch := branches().get((network, country))) is not None:
        return branch.name
    if match and home is not None:
        return f"{match.group(1)} ({countries[country].name})"
    # "Fulani gunmen" in a report about Mali: the community's militia there.
    if ethnic := re.fullmatch(r"(\w[\w ]*? Ethnic Militia) \(.+\)", name):
        return f"{ethnic.group(1)} ({countries[country].name})"
    return name


# --- roles ---------------------------------------------------------------------------


def assign_roles(
    mentions: list[ActorMention],
    *,
    trigger_start: int,
    trigger_end: int,
    clause_start: int,
    clause_end: int,
    event_type: str,
    sub_event_type: str,
    country: Country | None,
    text: str,
    sides: Sides | None = None,
) -> tuple[Actor, ...]:
    """Actors with roles for one event.

    An actor inside the trigger's acting or acted-on phrase in the parse (`sides`, from the
    role stage) takes that side. Otherwise agents are the actors before the trigger in its
    clause, or after "by"; targets are those after it. Protests and riots always have their
    crowd as actor1; violence against civilians has the civilians as actor2.
    """
    in_clause = [m for m in mentions if clause_start <= m.start < clause_end]
    others = [m for m in mentions if m not in in_clause]
    named_nonstate = any(not m.generic and m.kind != "state forces" for m in mentions)
    usable = [
        m
        for m in in_clause + others
        if not (
            m.generic
            and m.kind in {"political militia", "rebel group"}
            and named_nonstate
            and not re.search(r"unidentified|unknown", m.evidence.text, re.I)
            # "an attack by suspected jihadists": the parse names them as who acted.
            and not (sides is not None and sides.side_of(m.start, m.end) == "agent")
            # "The group said it had captured the base": a definite description of the
            # group named before is that group (`find_actors`), no unnamed stand-in.
            and not _DEFINITE_GROUP.fullmatch(m.evidence.text)
        )
    ]
    agents: list[ActorMention] = []
    targets: list[ActorMention] = []

    def by_agent(m: ActorMention) -> bool:
        "'... were killed by Taliban militants': the actor after 'by' acts."
        return bool(
            re.search(
                r"\bby\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", text[max(0, m.start - 25) : m.start]
            )
        )

    passive = any(
        clause_start <= m.start < clause_end and m.start >= trigger_end and by_agent(m)
        for m in usable
    )
    # The parse's sides lead: an actor the parse puts on a side outranks one placed there
    # only by its position in the sentence.
    read_agents: list[ActorMention] = []
    read_targets: list[ActorMention] = []
    for m in usable:
        in_trigger_clause = clause_start <= m.start < clause_end
        side = sides.side_of(m.start, m.end) if sides is not None and m.start >= 0 else None
        if side == "agent":
            read_agents.append(m)
        elif side == "target":
            read_targets.append(m)
        elif sides is not None and m.start >= 0 and sides.apart(m.start, m.end):
            continue  # "..., a day after Houthi rebels fired a missile": another event's
        elif sides is not None and not m.armed and sides.fell_fighting(m.start, m.end):
            # "Five villagers were killed in clashes with ADF rebels": the fallen unarmed
            # were who it was done to, though named before the trigger.
            targets.append(m)
        elif in_trigger_clause and passive:
            (agents if m.start >= trigger_end and by_agent(m) else targets).append(m)
        elif in_trigger_clause and (m.end <= trigger_start or m.start < trigger_end <= m.end):
            agents.append(m)  # before the trigger, or naming it ("Russian air raids")
        elif in_trigger_clause and m.start >= trigger_end:
            targets.append(m)
        elif sub_event_type == "Air/drone strike" and m.armed and m.kind != "state forces":
            # Outside the strike's clause, a group is no air force: "residents denied the
            # presence of any Fano fighters" names neither who flew nor, surely, who was hit.
            continue
        else:
            placed = targets or agents or read_targets or read_agents
            (agents if m.armed and not placed else targets).append(m)
    # The parse outranks position for one actor too: "gunmen stormed a police station and
    # killed a police officer" puts the police where they were hit, not beside the gunmen.
    read_target_names = {m.name for m in read_targets if not _FACILITY.match(text, m.end)}
    read_agent_names = {m.name for m in read_agents}
    agents = read_agents + [m for m in agents if m.name not in read_target_names]
    targets = read_targets + [m for m in targets if m.name not in read_agent_names]
    # "Police found the bodies of nine men": who finds the dead did not kill them.
    agents = [m for m in agents if not _FINDER.match(text, m.end)]
    # "Al Shabaab fighters stormed a police station ... after clashes with soldiers": a force
    # named only by the post it holds, placed before the trigger by position alone, is
    # where the attack went, not beside the attackers.
    held = [m for m in agents if m not in read_agents and _FACILITY.match(text, m.end)]
    if held:
        agents = [m for m in agents if m not in held]
        targets = targets + [m for m in held if m not in targets]
    if event_type in {"Protests", "Riots"}:
        crowd_kind = "protesters" if event_type == "Protests" else "rioters"
        crowd = next((m for m in usable if m.kind == crowd_kind), None)
        home = country.name if country else None
        if crowd is None and home:
            template = "Protesters ({})" if event_type == "Protests" else "Rioters ({})"
            lead = [_synthetic(template.format(home), crowd_kind, country)]
        else:
            lead = [crowd] if crowd else []
        rest = [m for m in usable if m.kind in {"state forces"} and m is not crowd]
        if not rest and sub_event_type == "Excessive force against protesters":
            # "gunmen opened fire on protesters": who fired is named; no police are implied.
            rest = [m for m in in_clause if m.armed and m is not crowd]
        if not rest and sub_event_type == "Protest with intervention":
            # "men armed with pistols attacked a protest march": the parse names who did.
            rest = [m for m in read_agents if m.armed and m is not crowd]
        if sub_event_type == "Peaceful protest":
            rest = []
        elif not rest and country is not None and sub_event_type in _MET_BY_FORCES:
            # "150 protesters were arrested": someone stepped in, and ACLED codes the
            # police of the country when the report does not name who.
            rest = [_synthetic(country.police, "state forces", country)]
        if (
            sub_event_type == "Mob violence"
            and not rest
            and lead
            and _RIVAL_CROWDS.search(text, clause_start, clause_end)
        ):
            # "Supporters of two rival parties clashed with machetes": rioters fought
            # rioters; ACLED codes the crowd on both sides.
            return (*_roles(lead, []), replace(lead[0].as_actor("actor2"), mentions=()))
        return _roles(lead, rest[:1])
    if event_type == "Violence against civilians":
        victims = [m for m in targets if m.kind == "civilians"] or [
            m for m in usable if m.kind == "civilians"
        ]
        perpetrators = [m for m in agents if m.armed] or [
            m for m in targets if m.armed and m.name.startswith("Unidentified")
        ]
        lead = perpetrators[0] if perpetrators else None
        armed_victims = [
            m
            for m in targets
            if m.armed and m is not lead and m.name != getattr(lead, "name", None)
        ]
        # Whom the parse says it was done to decides: "gunmen attacked a gendarmerie and a
        # police station ... killing five security forces and four civilians" is a clash.
        armed_read = [m for m in armed_victims if m in read_targets]
        if armed_read:
            armed_victims = armed_read + [m for m in armed_victims if m not in armed_read]
        if (
            lead is not None
            and lead.kind == "state forces"
            and lead.start >= 0
            and _RUN_BY.match(text, lead.end)
            and all(m.evidence.text.lower() in _ANYONE for m in victims if m.start >= 0)
        ):
            # "Two police raids against suspected gang members left 12 people dead": the
            # force's operation was against the armed men it names, and its dead fell in
            # that fighting (as `_RUN_BY` reads a battle's trigger). Dead
            # the report calls civilians ("killed three civilians") stay its victims.
            hunted = [
                m for m in in_clause if m.armed and m.kind != "state forces" and m.name != lead.name
            ]
            if hunted:
                armed_read = armed_victims = hunted + [m for m in armed_victims if m not in hunted]
        if (not any(m.kind == "civilians" for m in targets) or armed_read) and armed_victims:
            # An attack on soldiers or fighters is a clash in ACLED's terms (see extract._refine).
            if lead is None and country is not None:
                lead = _synthetic(
                    f"Unidentified Armed Group ({country.name})", "political militia", country
                )
            return _roles([lead] if lead else [], armed_victims[:1])
        if not victims and country is not None:
            victims = [_synthetic(f"Civilians ({country.name})", "civilians", country)]
        if not perpetrators and country is not None:
            # ACLED codes an attack on civilians by no named side to an unidentified group.
            unknown = f"Unidentified Armed Group ({country.name})"
            perpetrators = [_synthetic(unknown, "political militia", country)]
        return _roles(perpetrators[:1], victims[:1])
    if sub_event_type == "Disrupted weapons use" and country is not None:
        # "Air defences shot down four Ukrainian drones over the Belgorod region": the side
        # that downs them is the country's own forces, whose weapons they were is the other.
        owners = [
            m for m in read_targets or targets if m.armed and m.country not in (None, country.iso3)
        ]
        # "Ukrainian air defences shot down 30 Russian drones": the defences named are the
        # country's forces; unnamed, ACLED codes its military.
        own = [m for m in agents if m.armed and m not in owners and m.country == country.iso3]
        if owners and not any(m.armed and m not in owners and m not in own for m in agents):
            defender = own[0] if own else _synthetic(country.military, "state forces", country)
            return _roles([defender], owners[:1])
    if sub_event_type == "Arrests" and not any(m.armed for m in agents):
        # "Four Boko Haram collaborators were arrested": the passive names who was held, not
        # who held them. Arrests are made by the state's forces (or whoever holds the ground,
        # who would be named acting); unnamed, ACLED codes the country's police.
        held = read_targets + [m for m in targets if m not in read_targets]
        forces = [m for m in usable if m.kind == "state forces" and m not in read_targets]
        if not forces and country is not None:
            forces = [_synthetic(country.police, "state forces", country)]
        victims = [m for m in held if m is not (forces[0] if forces else None)]
        if not victims and country is not None:
            victims = [_synthetic(f"Civilians ({country.name})", "civilians", country)]
        return _roles(forces[:1], victims[:1])
    if event_type == "Strategic developments":
        lead = [m for m in agents if m.armed] or [m for m in usable if m.armed]
        victims = [m for m in targets if m is not (lead[0] if lead else None)]
        if (
            sub_event_type in {"Looting/property destruction", "Arrests"}
            and not victims
            and country
        ):
            victims = [_synthetic(f"Civilians ({country.name})", "civilians", country)]
        if sub_event_type == "Agreement" and not victims and len(lead) > 1:
            # "the army and the RSF agreed to a ceasefire": the parties are its two sides.
            return _roles(lead[:1], lead[1:2])
        return _roles(lead[:2], victims[:1])
    armed_agents = [m for m in agents if m.armed]
    armed_targets = [m for m in targets if m.armed]
    civil_targets = [m for m in targets if m.kind == "civilians"]
    fell_before = sides is not None and any(
        clause_start <= s and e <= trigger_start for s, e in sides.fell
    )
    running = [m for m in armed_targets if m.kind == "state forces" and _RUN_BY.match(text, m.end)]
    if not armed_agents and running and event_type == "Battles" and country is not None:
        # "a police operation near Recife that left nine dead": the force
        # that names the operation ran it, and whom it fought, unnamed, is an armed group.
        armed_agents = running[:1]
        armed_targets = [m for m in armed_targets if m not in running] or [
            _synthetic(f"Unidentified Armed Group ({country.name})", "political militia", country)
        ]
    if not armed_agents and armed_targets:
        # "Five villagers were killed in clashes with ADF rebels": the words before the
        # trigger are its dead, no unnamed attacker, and the group named is who fought.
        planted = sub_event_type in _PLANTED and any(m in read_targets for m in armed_targets)
        if (
            (_has_subject(text[clause_start:trigger_start]) or planted)
            and not fell_before
            and country is not None
        ):
            # "A bomb targeting a police van wounded six officers": the bomb's target is
            # who was hit; whoever planted it is unnamed.
            # "Terrorists attacked an army checkpoint": someone unnamed acted on the army.
            unknown = f"Unidentified Armed Group ({country.name})"
            armed_agents = [_synthetic(unknown, "political militia", country)]
        else:  # "clashes between X and Y": symmetric, the first named leads
            armed_agents, armed_targets = armed_targets[:1], armed_targets[1:]
    side2 = armed_targets or (civil_targets if event_type != "Battles" else [])
    if event_type == "Battles" and not side2 and len(armed_agents) > 1:
        # "Two soldiers and four NPA fighters were killed in a clash": a battle has two
        # sides, and an army and a rebel group named together are not one of them.
        kinds = {armed_agents[0].kind, armed_agents[1].kind}
        if kinds == {"state forces", "rebel group"}:
            armed_agents, side2 = armed_agents[:1], armed_agents[1:2]
    elif event_type == "Battles" and len(armed_agents) > 1:
        # "The militia said its men overran the barracks and killed 15 troops", the group and
        # the army named before it elsewhere too: an army and a rebel group both before the
        # trigger, each also named after it, are its two sides, the first one leading.
        first, second = armed_agents[0], armed_agents[1]
        both = {first.name, second.name}
        if {first.kind, second.kind} == {"state forces", "rebel group"} and both <= {
            m.name for m in side2
        }:
            armed_agents = [first]
            side2 = [second] + [m for m in side2 if m.name not in both]
    if armed_agents:
        # A side is never its own opponent ("a bombing the group claimed, the group said"
        # names the group twice): who else was hit is the other side.
        side2 = [m for m in side2 if m.name != armed_agents[0].name]
    if not side2 and event_type == "Explosions/Remote violence":
        # "The strikes killed 11 people, including women and children": with no armed side
        # hit, the civilians the report counts are the ones it was done to.
        side2 = [m for m in usable if m.kind == "civilians"][:1]
    # Whom the parse says the trigger acted on comes first ("an air strike that killed two
    # civilians"), before actors merely named later in the frame.
    lead_name = armed_agents[0].name if armed_agents else None
    read = [
        m
        for m in read_targets
        if m.name != lead_name and (m.armed or (m.kind == "civilians" and event_type != "Battles"))
    ]
    if read:
        side2 = read + [m for m in side2 if m not in read]
    if event_type == "Battles" and side2 and _RESPONSE.match(text, trigger_start):
        # "the army repelled the assault", "soldiers fought back": who responds is acted
        # on, and ACLED puts the side that started the fighting first.
        armed_agents, side2 = side2[:1], armed_agents + side2[1:]
    return _roles(armed_agents, side2)


#: What follows a force's name when the phrase is the place it holds ("police station").
_FACILITY = re.compile(
    r"\s+(?:stations?|posts?|outposts?|headquarters|bases?|camps?|barracks|checkpoints?)\b", re.I
)

#: Words for the dead that do not say who they were.
_ANYONE = frozenset({"people", "persons", "person"})

#: What follows a force's name when the phrase is an operation the force ran ("police
#: operation", "army raid", "military offensive").
_RUN_BY = re.compile(r"\s+(?:operations?|raids?|offensives?|crackdowns?)\b", re.I)

#: "army auxiliaries", "civilian auxiliaries", "an auxiliary of the army".
_AUXILIARIES = re.compile(r"\b(?:(?:army|civilian|military)\s+)?auxiliar(?:y|ies)\b", re.I)

#: Verbs of answering an attack: their subject is the side that was attacked.
_RESPONSE = re.compile(
    r"(?:repell?(?:ed|s)?|repuls(?:ed|es?)|fought\s+back|fight\s+back|beat\s+back|"
    r"pushed\s+back|fended\s+off|returned\s+fire|retaliat(?:ed|es?)|responded)\b",
    re.I,
)


#: A verb of finding after an actor: "police found", "soldiers later recovered".
_FINDER = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:found|discovered|recovered|retrieved|exhumed|unearthed)\b", re.I
)

#: Weapons left or thrown by someone the report need not name.
_PLANTED = frozenset({"Remote explosive/landmine/IED", "Grenade", "Suicide bomb"})

#: Protest sub-event types that mean the state's forces stepped in.
_MET_BY_FORCES = frozenset({"Protest with intervention", "Excessive force against protesters"})

_LEAD_IN = re.compile(
    r"^\s*(?:(?:on|around|late on|early on|in|during|as reported on)\s+)?"
    r"(?:[\w()-]+\s+){0,4}?(?:\d{4}|\w+day|night|morning|evening)[^,]*,\s*",
    re.I,
)


def _has_subject(before: str) -> bool:
    "Whether words stand before the trigger once a leading date phrase is set aside."
    rest = _LEAD_IN.sub("", before)
    return bool(re.search(r"[A-Za-z]{3,}", rest))


#: Two crowds fighting each other: "supporters of two rival parties", "fought each other".
_RIVAL_CROWDS = re.compile(
    r"\b(?:rival|opposing|each\s+other|one\s+another|two\s+(?:political\s+)?(?:parties|camps|"
    r"factions|communities|groups))\b|\bsupporters\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:party|candidate)\s+and\b",
    re.I,
)


def _synthetic(name: str, kind: str, country: Country | None) -> ActorMention:
    "An actor implied by the event type ('Protesters (Sudan)'), with no span of its own."
    return ActorMention(
        -1, -1, name, kind, country.iso3 if country else None, True, Evidence(0, 0, "")
    )


def _roles(side1: list[ActorMention], side2: list[ActorMention]) -> tuple[Actor, ...]:
    out: list[Actor] = []
    seen: set[str] = set()
    for side, (lead, assoc) in (
        (side1, ("actor1", "assoc_actor_1")),
        (side2, ("actor2", "assoc_actor_2")),
    ):
        first = True
        for m in side:
            if m.name in seen:
                continue
            seen.add(m.name)
            role: Role = lead if first else assoc  # type: ignore[assignment]
            first = False
            out.append(m.as_actor(role))
    return tuple(out)


def with_all_mentions(actors: tuple[Actor, ...], mentions: list[ActorMention]) -> tuple[Actor, ...]:
    "Each actor with every span in the event that names it, in text order."
    from dataclasses import replace

    out = []
    for actor in actors:
        spans = tuple(m.evidence for m in mentions if m.name == actor.name and m.start >= 0)
        out.append(replace(actor, mentions=spans or actor.mentions))
    return tuple(out)
