"""Places: every place mention, the event's own place, and its textual precision.

NER labels are unreliable for small places (spaCy's small model tags Qabtan al-Jabal as a
PERSON), so candidates come from locative phrases ("in X", "near X", "west of X",
"the village of X (Admin2, Admin1)") and from the country lexicon, with NER as a
fallback. The event's place is the first candidate in the clause that carries the event's
trigger. Coordinates are the gazetteer's job; until one resolves the place they stay null
rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from sitrep.gazetteer import Gazetteer, distance_km, variant_key
from sitrep.lexicons import Country, Hit, PhraseIndex, countries, read_tsv
from sitrep.lexicons import fold as _fold
from sitrep.models import Evidence, Place

#: `sitrep.lexicons.fold`, remembered: the stages fold the same few place names again and
#: again (33,700 calls for 150 bench articles), and fold walks a name a character at a time.
fold = lru_cache(maxsize=1 << 16)(_fold)

_PARTICLE = (
    r"(?:al|el|ad|ash|as|an|ar|at|az|adh|ath|ez|es|ed|er|et|ibn|bin|bani|beni|abu|um|umm|de|del|"
    r"dos|da|la|le|les)"
)
_WORD = r"[A-Z][\w'’.]*(?:-[\w'’]+)*"
NAME = rf"(?:{_PARTICLE}[-\s])?{_WORD}(?:[\s-](?:{_PARTICLE}[-\s])?{_WORD}){{0,3}}"
_KIND = (
    r"town|city|village|villages|area|areas|district|neighbou?rhood|province|governorate|region|"
    r"countryside|outskirts|vicinity|suburbs?|camp|LGA|county|state|commune|locality|"
    r"municipality|settlement|hamlet|sub-district|subdistrict|oblast|raion|kebele|woreda|"
    r"zone|territory|chiefdom|prefecture|department|axis|front|countrysides|township"
)
_REL = (
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of|near|nearby|close to|outside|around|on the outskirts of|"
    r"outskirts of|in the vicinity of|vicinity of|off|between)"
)
#: Verbs whose object is often the place itself: "shelled Kafranbel", "raided Jenin".
_VERB = (
    r"shelled|hit|struck|raided|bombed|bombarded|stormed|attacked|targeted|captured|seized|"
    r"overran|entered|besieged|pounded|recaptured|retook|liberated|shelling|striking|hitting|"
    r"enter|storm|attack|shell|target|capture|seize|raid|bomb|strike|reach|reached|"
    # a headline's present tense: "Warplanes pound Syria's Idlib", "Army retakes Palmyra"
    # (not "strikes", "shells", "attacks", "raids": plural nouns as often as verbs)
    r"pound|pounds|pounding|storms|enters|captures|seizes|retake|retakes|recapture|"
    r"recaptures|bombard|bombards|besiege|besieges"
)
_VERBS = set(_VERB.split("|"))
_NOUN_AFTER = re.compile(
    r"^\s+(?!(?:in|on|at|near|and|or|with|from|to|after|before|during|since|as|late|early|"
    r"overnight|killing|wounding|leaving|on|city|town|village)\b)[a-z]"
)
#: "Drones were destroyed over the Kursk region", "over the Bryansk and Kursk regions":
#: "over" places named regions or districts (not "over 20 people", "fighting over
#: Christmas", "a dispute over Kashmir's status").
_OVER_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
_OVER = (
    rf"over(?=\s+(?:the\s+)?{_OVER_NAME}(?:(?:,\s*|,?\s+and\s+){_OVER_NAME})*\s+"
    r"(?:region|oblast|province|district|governorate|raion)s?\b)"
)
#: "an area called Al-Tamana", "a village known as X": the name of a place a report
#: introduces (not "a man called ...": only after a word for a place).
_CALLED = (
    r"(?:(?<=area )|(?<=village )|(?<=town )|(?<=hamlet )|(?<=locality )|(?<=region )|"
    r"(?<=district )|(?<=neighbourhood )|(?<=neighborhood ))(?:called|known\s+as|named)"
)
#: Words a report puts before a place's name to describe it ("in restive Borno state",
#: "in anglophone Northwest province", "in war-torn Idlib"): no part of the name.
_DESCRIBED = (
    r"neighbou?ring|adjacent|downtown|restive|volatile|troubled|embattled|besieged|remote|"
    r"war-torn|war-ravaged|war-hit|conflict-hit|conflict-torn|conflict-ridden|strife-torn|"
    r"violence-hit|violence-wracked|insurgency-hit|anglophone|francophone|lusophone|"
    r"oil-rich|gold-rich|mineral-rich|mountainous|impoverished|sprawling|northernmost|"
    r"southernmost|easternmost|westernmost"
)
LOCATIVE = re.compile(
    rf"\b(?P<prep>{_REL}|in|at|on|into|from|to|toward|towards|across|inside|within|of|capital|"
    rf"stronghold|bastion|{_VERB}|(?-i:In|At|On|Near|Inside|Outside|Around)|{_OVER}|{_CALLED})"
    # "Yemen's capital, Sanaa, was also struck": the capital named in apposition
    rf"(?:(?<=capital),)?\s+"
    rf"(?:the\s+)?(?:(?:{_DESCRIBED})\s+(?=[A-Z]|(?:{_DESCRIBED})\s+[A-Z])){{0,2}}(?P<dir>(?:[a-z]+\s+)?(?:northern|southern|eastern|western|central|north-?eastern|"
    rf"north-?western|south-?eastern|south-?western|rural)\s+(?=[A-Z]))?(?P<region>(?:(?:northern|southern|eastern|western|central|north-?eastern|"
    rf"north-?western|south-?eastern|south-?western|rural)\s+)?(?:countryside|outskirts|"
    rf"suburbs)\s+of\s+)?(?:(?P<kind>{_KIND})\s+of\s+)?(?:(?:militant|rebel|government|"
    rf"opposition|regime)-(?:held|controlled)\s+(?P<dir2>(?:northern|southern|eastern|western|"
    rf"central)\s+)?)?(?P<name>{NAME})(?P<tail>\s+(?:{_KIND}))?"
    rf"(?:\s*\((?P<paren>[^()]{{2,80}})\))?",
)
_STOP = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "his",
    "her",
    "their",
    "its",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "on",
    "in",
    "at",
    "coronavirus",
    "covid",
    "covid-19",
    "ramadan",
    "eid",
    "christmas",
    "islam",
    "god",
    "allah",
    "twitter",
    "facebook",
    "telegram",
    "whatsapp",
    "un",
    "unknown",
    "neither",
    "no",
    "size",
    "both",
    "several",
    "other",
    "one",
    "two",
    "three",
    "some",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "as",
    "after",
    "while",
    "when",
    "and",
    "said",
    "says",
    "terrorist",
    "terrorists",
    "published",
    "posted",
    "updated",
    "tags",
    "video",
    "photo",
    "levant",  # a region of several countries, mostly in the name of a jihadist group
}
#: "in central Baghdad", "in downtown Nairobi": the town's own centre, the town itself.
_CENTRE = re.compile(r"(?:central|downtown)\s", re.I)
#: "in the nearby town of Kisoro", "fled to nearby Dori": the town named, not
#: somewhere near it.
_IN_THE = re.compile(r"\b(?:in|at|to|into|on|from)\s+(?:the\s+)?$", re.I)
_PRECISION_2 = re.compile(
    r"(?:north|south|east|west)|near|close|outside|around|outskirts|vicinity|off|between", re.I
)


@dataclass(frozen=True, slots=True)
class Admin1:
    "A first-level division as ACLED names it, and its country."

    iso3: str
    name: str


#: Admin1 names that are also ordinary words: they count only beside "state", "province",
#: "region" or inside parentheses.
COMMON_ADMIN1 = {
    "north", "south", "east", "west", "centre", "center", "central", "sahel", "delta",
    "plateau", "rivers", "unity", "lakes", "bay", "niger", "lac", "mon", "chin", "van",
    "batman", "vladimir", "est", "nord", "sud", "ouest", "littoral", "adamaoua", "upper",
    "lower", "coast", "northern", "southern", "eastern", "western", "capital", "kano",
    "somali", "afar",
}  # fmt: skip
_ADMIN_CONTEXT = re.compile(r"^\s*(?:state|province|region|governorate|oblast|district)\b", re.I)


@cache
def admin1_index() -> PhraseIndex[Admin1]:
    "Admin1 names, ACLED spellings and news variants (lexicons/admin1.tsv) -> Admin1."
    iso3_of = {c.iso2: c.iso3 for c in countries().values()}
    phrases: list[tuple[str, Admin1]] = []
    for row in read_tsv("admin1.tsv"):
        iso3 = iso3_of.get(row["cc"])
        if iso3 is None:
            continue
        entry = Admin1(iso3, row["acled"])
        for name in {row["geonames"], row["acled"], *row["variants"].split("|")}:
            if name.strip():
                phrases.append((name.strip(), entry))
    return PhraseIndex(phrases)


PARTICLE_CAP = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|ad|ed|es|ez)[-\s][A-Z]")


def find_admin1(text: str, hits: list[Hit[Admin1]], start: int, end: int) -> list[Hit[Admin1]]:
    "Admin1 names in text[start:end], capitalised and, if also common words, in context."
    out = []
    for hit in hits:
        capitalised = (
            hit.text[:1].isupper() or PARTICLE_CAP.match(hit.text) or _compass_country(hit.text)
        )
        if not start <= hit.start < end or not capitalised:
            continue
        if re.match(r"^-[A-Za-z]", text[hit.end : hit.end + 2]):
            continue  # "Katsina-Ala" is a town, not Katsina state
        introduced = _INTRODUCED.search(text, max(0, hit.start - 30), hit.start)
        if _SPEAKS.match(text, hit.end) and not introduced:
            continue  # "as Kyiv said": the government, not the province
        if fold(hit.text) in COMMON_ADMIN1:
            before, after = text[max(0, hit.start - 1) : hit.start], text[hit.end : hit.end + 12]
            # "(Plateau)", "(Bassa LGA, Plateau)": the province closing a coder's note
            listed = re.search(r"\([^()]{1,60},\s*$", text[max(0, hit.start - 62) : hit.start])
            closes = text[hit.end : hit.end + 1] == ")"
            if before != "(" and not (listed and closes) and not _ADMIN_CONTEXT.match(after):
                continue
        out.append(hit)
    return out


#: A compass word in lower case before a country's name is still a province's name where the
#: country has a province called so: "in north Lebanon" (Lebanon's North governorate),
#: "towns of southern Israel" (Israel's Southern District), "eastern Uganda".
_COMPASS_COUNTRY = re.compile(
    r"^(?:north|south|east|west|central|northern|southern|eastern|western)\s+(?P<rest>[A-Z].*)"
)


def _compass_country(name: str) -> bool:
    "'north Lebanon': a lower-case compass word, then a country's name."
    m = _COMPASS_COUNTRY.match(name)
    return m is not None and fold(m.group("rest")) in _country_names()


#: A speech verb after a name makes it the government seated there: "Kyiv said" (not
#: "the blast in Homs has claimed the lives of 40").
_SPEAKS = re.compile(r"\s+(?:said|says|announced|accused|denied|denies|insisted|warned)\b")
#: ... unless a kind word introduces it as a place: "officials in the state of X said" (the
#: officials speak, in X).
_INTRODUCED = re.compile(
    r"\b(?:state|province|region|governorate|oblast|department|county|district)\s+of\s+$", re.I
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    "A place named in the text, with what the phrase around it says."

    start: int
    end: int
    name: str
    precision: int
    admin1: str | None
    admin2: str | None
    evidence: Evidence
    prep: str = "in"
    #: "Raju street of Afrin", "al Nour square in Tripoli": a part of the next place named.
    part_of: bool = False
    kind: str = ""  # the kind word with the name: "village", "LGA", "province"


#: A group noun after a name that "the" opens ("the Takfiri group", "the Kurdish fighters"):
#: the name qualifies the group.
_GROUP_AFTER = re.compile(
    r"\s+(?:group|groups|militias?|movement|fighters|militants|rebels|forces|faction|"
    r"organi[sz]ation|insurgents|jihadists)\b",
    re.I,
)


def find_places(
    text: str, start: int, end: int, *, exclude: list[tuple[int, int]]
) -> list[PlaceMention]:
    "Place mentions in text[start:end], skipping spans that are actors or sources."
    out: list[PlaceMention] = []
    segment = text[start:end]
    for m in LOCATIVE.finditer(segment):
        name = m.group("name")
        first = re.sub(r"['’]s$", "", name.split()[0].lower()).strip("'’.,")
        if first in _STOP or len(name) < 3:  # "Thursday's air raids" is no place either
            continue
        if first in _NOT_IN_NAME or (first.endswith("s") and first[:-1] in _DATE_WORDS):
            continue  # a headline's word ("Car Bomb Kills Four"), "Mondays attack"
        if re.fullmatch(r"[A-Z]{2,}s", name):
            continue  # "ISs fighters": a group's acronym, its apostrophe lost
        if first in _TITLES:  # "the re-election of President Nicolas Maduro": a person
            continue
        s, e = m.start("name") + start, m.end("name") + start
        if _TITLE_BEFORE.search(text[max(0, s - 30) : s]) or _PERSON_OF.search(
            text[max(0, s - 40) : s]
        ):
            continue  # "according to MP Ateekan", "the death of Ana Ruiz": a person
        if any(xs < e and s < xe for xs, xe in exclude):
            continue
        raw = name.split()
        name, e = _trim(name, s)
        owner = _POSSESSOR.match(name)
        if owner and owner.end() < len(name):  # "Nigeria's Plateau state": Plateau
            name, s = name[owner.end() :], s + owner.end()
        flat = name.split()[0]
        if _flat_possessive(flat):
            # "in Yemens Taiz", "Yemens north": a country's possessive whose apostrophe the
            # text lost names the place after it, or none.
            if flat == name:
                continue
            name, s = name[len(flat) + 1 :], s + len(flat) + 1
        head = name.split()[0]
        if head != name and _ADJECTIVE.search(head):
            # "a raid on Rebel-held Douma", "in Turkish-backed Azaz": the compound
            # qualifies the name after it
            name, s = name[len(head) + 1 :], s + len(head) + 1
        if _is_demonym(name) or _ADJECTIVE.search(name):
            continue  # "outside the Rwandan embassy", "from Islamist groups"
        if _KIND_OF_NEXT.match(text, e, end):
            continue  # "the Ecuadorean port city of Manta": the place is after "of"
        if fold(name) in _COMPASS_WORDS and not (m.group("kind") or m.group("tail")):
            continue  # "in the Southern part of the city": a part of a place named next
        if first in _IDIOMS or _initials_of_org(text, s, e):
            continue  # "Clinics out of Service", "Friends of the Children in Need (FCN)"
        if _RULERS_AFTER.match(text[e:end]):
            continue  # "shelling by Assad regime troops", "the Tripoli government": rulers
        if _VESSEL_AFTER.match(text[e:end]) or _WHOSE_HOME.match(text[e:end]):
            continue  # a ship ("the Admiral X aircraft carrier"), a person's home town
        if _PERSON_AFTER.match(text[e:end]):
            continue  # "the death of Ana Ruiz, 32,", "Juan Perez, aka 'El Flaco'": a person
        if _GROUP_AFTER.match(text[e:end]) and (
            re.search(r"\bthe\s+$", text[max(0, s - 5) : s])
            or re.fullmatch(r"[A-Z][a-z]+(?:ish|i|ian|an|ese)", name)
        ):
            # "militants of the Takfiri group ISIL", "fired at Kurdish forces": a word that
            # qualifies a group
            continue
        if (
            not re.search(r"[a-z]", name)
            or re.match(r"(?:[A-Z]\.){2}", name)  # "the U.N.'s inspectors"
            or _MEMBERS_OF.search(text[max(0, s - 30) : s])
        ):
            continue  # "the TMF's checkpoint", "members of Svoboda": organisations
        if _SPEAKER_PLACE.search(text[max(start, s - 70) : s]):
            continue  # where someone spoke, not where anything happened
        if _GROUP_OF.search(text[max(0, s - 30) : s]):
            continue  # "the Army of Conquest", "Soldiers of the Caliphate": a group's name
        prep = m.group("prep").lower()
        if (
            prep in _VERBS
            and _NOUN_AFTER.match(text[e:end])
            and not _BUILDING_AFTER.match(text[e:end])
        ):
            continue  # "hit Islamist positions": the capitalised word describes, not places
        kind = (m.group("kind") or m.group("tail") or "").strip().lower()
        if not kind and re.match(r"called|known|named", prep):
            # "an area called X" is an area, "a village known as X" a village
            kind = text[max(0, m.start("prep") + start - 20) : m.start("prep") + start].split()[-1]
        if not kind and prep == "of":
            # "the northwestern province of Idlib", "the West Bank city of Jenin"
            kind_of = _KIND_OF.search(text[max(0, m.start() + start - 30) : m.start() + start])
            # ("the neighbourhoods of X and Y": each is a neighbourhood)
            kind = re.sub(r"(?<=d|r)s$", "", kind_of.group(1)) if kind_of else ""
        words = name.split()
        # "the National Human Rights Defense Network": a name longer than the pattern
        # takes whose next capitalised word makes it an organisation's
        after = re.match(r"\s+([A-Z][a-z]+)\b", text[m.end("name") + start : end])
        if raw[-1].lower().strip("'’.,") in _ORG_WORDS or (
            after is not None and after.group(1).lower() in _ORG_WORDS
        ):
            # "Donbass People's Militia", "Nigerian Armed Forces"; but "at Kober Prison
            # (Khartoum North)" still says where.
            inner = _paren_place(text, m, start, prep)
            if inner is not None:
                out.append(inner)
            continue
        # "near Taftanaz airport", "Hama front": near the town, not in it.
        facility = bool(_FACILITY_AFTER.match(text[e:end]))
        if len(words) > 1 and words[-1].lower() in _NAMED_FOR_PLACE:
            # "around Rugu Forest", "at Kuda Camp": named for a village nearby; the
            # mention still spans the whole name, so a chain of place words reads on.
            name, facility = " ".join(words[:-1]), True
        shared_kind = _SHARED_KIND.match(text[e:end])  # "Idlib and Latakia countrysides"
        if shared_kind and not kind:
            kind = shared_kind.group(1).lower().rstrip("s")
        council = re.search(r"\s+Local\s+Government(?:\s+Area)?$", name)
        if council and council.start() > 0:  # "Wase Local Government Area": Wase LGA
            kind, name = "lga", name[: council.start()]
            words, e = name.split(), s + council.start()
        if len(words) > 1 and words[-1].lower() in _ADMIN_KINDS:  # "Donetsk Oblast", "Borno State"
            kind = kind or words[-1].lower()
            name = " ".join(words[:-1])
            e = s + len(name)
        precision = 2 if facility else 1
        if (
            (
                _PRECISION_2.search(prep)
                and not (prep == "nearby" and _IN_THE.search(segment, 0, m.start("prep")))
            )
            or m.group("region")
            or (m.group("dir") and not _CENTRE.match(m.group("dir")))
            or m.group("dir2")
            or kind
            in {
                "countryside",
                "outskirts",
                "vicinity",
                "area",
                "areas",
                "axis",
                "front",
                "suburb",
                "suburbs",
                "countrysides",
            }
        ):
            precision = 2
        if kind in {
            "province",
            "governorate",
            "region",
            "state",
            "oblast",
            "prefecture",
            "department",
            "zone",
        }:
            precision = 3
        admin1 = admin2 = None
        if m.group("paren"):
            paren = _CODED_AS.sub("", m.group("paren"))
            parts = [p.strip() for p in paren.split(",") if p.strip()]
            parts = [p for p in parts if re.match(r"^[A-Z]", p) and len(p) < 40]
            if len(parts) >= 2:
                admin2, admin1 = parts[-2], parts[-1]
            elif parts:
                admin1 = parts[0]
        if precision == 3:
            admin1 = admin1 or name
        evidence = Evidence.at(text, s, e)
        part_of = bool(_PART_AFTER.match(text[e:end]))
        if kind in _ADMIN2_KINDS and precision == 1:
            precision = 2  # "in Gwer East LGA": somewhere in the district
        out.append(
            PlaceMention(s, e, name, precision, admin1, admin2, evidence, prep, part_of, kind)
        )
        if precision == 3 and (more := _MORE_REGIONS.match(text, e, end)):
            # "in Ghor and Farah provinces": the other provinces are named too
            for other in _LISTED.finditer(text, *more.span("list")):
                s2, e2, name2 = other.start(), other.end(), other.group()
                out.append(
                    PlaceMention(
                        s2, e2, name2, 3, name2, None, Evidence.at(text, s2, e2), prep, False, kind
                    )
                )
        if (
            precision < 3
            and kind in {"", "city", "town", "village"}
            and not m.group("paren")
            and (prep in _LOCATIVE_PREPS or prep in {"across", "capital"})
            and fold(name) not in _COMPASS
        ):
            after_name = m.end("tail") + start if m.group("tail") else e  # "Idlib city, ..."
            near = 2 if _PRECISION_2.search(prep) else 1  # "near Idlib city, Ariha, Sarmada"
            out += _listed_after(text, after_name, end, prep, exclude, near)
    for m in _OWNED_PLACE.finditer(text, start, end):
        # "in central Mali's remote Douentza area", "Nigeria's northeastern Borno state"
        s, e = m.span("name")
        taken = any(x.start < e and s < x.end for x in out)
        if taken or any(xs < e and s < xe for xs, xe in exclude):
            continue
        name, kind = m.group("name"), m.group("kind").lower()
        if name.split()[0].lower() in _STOP or _is_demonym(name):
            continue
        precision = 2 if kind in _PART_KINDS else 1
        evidence = Evidence.at(text, s, e)
        out.append(PlaceMention(s, e, name, precision, None, None, evidence, "in", False, kind))
    for m in _PAIR_OWNED_PLACE.finditer(text, start, end):
        # "in Jammu and Kashmir's Ganderbal district": the place is the one the pair owns,
        # not the first word of the pair's name.
        s, e = m.span("name")
        if any(xs < e and s < xe for xs, xe in exclude):
            continue
        name, kind = m.group("name"), m.group("kind").lower()
        if name.split()[0].lower() in _STOP or _is_demonym(name):
            continue
        out = [x for x in out if not (m.start() <= x.start < s) and not (x.start < e and s < x.end)]
        region = kind in {"province", "region", "state"}
        precision = 3 if region else 2 if kind in _PART_KINDS else 1
        evidence = Evidence.at(text, s, e)
        admin1 = name if region else None
        out.append(PlaceMention(s, e, name, precision, admin1, None, evidence, "in", False, kind))
    for m in _OFFICE_OF.finditer(text, start, end):
        s, e = m.span("name")
        taken = any(x.start < e and s < x.end for x in out)
        if taken or any(xs < e and s < xe for xs, xe in exclude):
            continue
        name = m.group("name")
        words = name.split()
        if len(words) > 1 and words[0].lower() in _STOP:  # "The Van Governorate"
            s += len(words[0]) + 1
            name, words = " ".join(words[1:]), words[1:]
        if len(words) > 1 and words[-1].lower() in _ADMIN_KINDS:  # "Borno State Governor's"
            name = " ".join(words[:-1])
            e = s + len(name)
        if not any(h.start == 0 and h.end == len(name) for h in admin1_index().find(name)):
            continue  # "the Deputy Governor's Office": a province's name, or no place
        evidence = Evidence.at(text, s, e)
        out.append(PlaceMention(s, e, name, 3, name, None, evidence, "of", False, "province"))
    out.sort(key=lambda x: x.start)
    return _share_admins(text, _coded_as(text, start, end, out))


#: "in the capital", "outside the Iraqi capital": a country's seat of government named by
#: its role alone. A name after it ("the capital Mogadishu", "the capital, Kabul") is a
#: place mention of its own, and "the capital of Borno state" or "the capital's Sadr City"
#: name another place.
_THE_CAPITAL = re.compile(
    r"\b(?P<prep>in|at|inside|across|near|outside|around|on\s+the\s+outskirts\s+of|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+"
    # "the Lebanese capital", "Sudan's capital", "the country's capital"
    r"(?P<phrase>(?:the\s+(?:(?P<demonym>[A-Z][a-z]+)\s+|country['’]s\s+)?|"
    r"(?P<owner>[A-Z][a-z]+)['’]s\s+)capital)\b"
    r"(?!['’]|\s*,?\s*(?:city\s+)?[A-Z]|\s+(?:city\s+)?of\b)"
)


def capital_mentions(
    text: str, start: int, end: int, seat: Callable[[tuple[int, int] | None], str | None]
) -> list[PlaceMention]:
    """ "In the capital": the capital of the report's country, or of the country whose
    demonym qualifies it ("the Lebanese capital"); `seat` names it (None: no such country).
    Where someone spoke ("told reporters in the capital") is no place of an event."""
    out = []
    for m in _THE_CAPITAL.finditer(text, start, end):
        if _SPEAKER_PLACE.search(text[max(start, m.start() - 70) : m.start("phrase")]):
            continue
        qualifier = next((g for g in ("demonym", "owner") if m.group(g)), None)
        name = seat(m.span(qualifier) if qualifier else None)
        if name is None:
            continue
        s, e = m.span("phrase")
        prep = " ".join(m.group("prep").lower().split())
        precision = 2 if _PRECISION_2.search(prep) else 1
        evidence = Evidence.at(text, s, e)
        out.append(
            PlaceMention(s, e, name, precision, None, None, evidence, prep, False, "capital")
        )
    return out


#: After a word, a kind word in lower case and "of" ("the Ecuadorean port city of X", "the
#: Syrian border town of Y"): the word qualifies the place named after "of".
_KIND_OF_NEXT = re.compile(
    r"\s+(?:(?!(?:and|or|the|a|an|in|of|to|at|near|from)\b)[a-z-]+\s+){1,2}?"
    r"(?:city|town|village|capital|province|region|state|district)\s+"
    r"of\s+[A-Z]"
)
#: A kind word in lower case before "of": "the western state of X" (not "Islamic State of").
_KIND_OF = re.compile(
    r"\b(province|governorate|region|state|oblast|prefecture|department|district|county|city|"
    r"town|village|municipality|neighbou?rhoods?|quarters?)\s+$"
)
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: Where a report was filed, heading its first or second line: "LAHORE: ...", "BAGHDAD,
#: June 22 ...", "MOSUL (Reuters) - ...", "Kabul, June 5 (IANS) ...", "Goma, Congo, March
#: 3 (AFP) ...", "Herat (AP) — ...", "Pemba — ...".
_DATELINE_PLACE = [
    re.compile(r"(?P<name>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})(?=\s*(?:,|:\s|\(|[–—-]+\s))"),
    re.compile(
        r"(?P<name>[A-Z][a-z'’.-]+(?:[ -][A-Z][a-z'’.-]+){0,2}),\s+"
        rf"(?:[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?,\s+)?{_MONTHS}\s+\d{{1,2}}\b"
    ),
    re.compile(
        r"(?P<name>[A-Z][a-z'’.-]+(?:[ -][A-Z][a-z'’.-]+){0,2})\s*\([A-Z][^()\n]{0,30}\)\s*[–—-]"
    ),
    re.compile(r"(?P<name>[A-Z][a-z'’.]+(?:[ -][A-Z][a-z'’.]+){0,2})\s+(?:[–—]|--?)\s"),
]
_NOT_DATELINE = frozenset({"and", "of", "the", "update", "breaking", "watch", "video", "photos"})


def find_dateline(text: str) -> PlaceMention | None:
    "The place a report was filed from, when its first or second line begins with one."
    starts = [len(text) - len(text.lstrip())]
    newline = text.find("\n", starts[0])
    if 0 <= newline < 300:
        starts.append(newline + 1 + len(text[newline + 1 :]) - len(text[newline + 1 :].lstrip()))
    for pos in starts:
        for pattern in _DATELINE_PLACE:
            m = pattern.match(text, pos)
            if m is None:
                continue
            name = m.group("name")
            if any(w in _NOT_DATELINE for w in fold(name).split()) or len(name) < 3:
                continue
            s, e = m.span("name")
            return PlaceMention(s, e, name, 1, None, None, Evidence.at(text, s, e), "dateline")
    return None


def report_scene(
    places: list[list[PlaceMention]],
    reporting: list[bool],
    country_mentions: list[tuple[int, int, str]],
    gazetteer: Gazetteer,
    iso3: str | None,
    provinces: list[list[Hit[Admin1]]] | None = None,
) -> Any:
    """The town a report is about: the first town its incident sentences name that the
    gazetteer knows in the report's country ("raids on farms around the town of X"), inside
    a province they name if they name any. A village the gazetteer lacks, told of in the
    same report ("later the gunmen burned the village of Y"), lies near it: it is the best
    point the report gives for one.

    Not a province or a district (those are anchors of their own), not where fire or
    people came from, not a country."""
    if iso3 is None:
        return None
    countries = {(s, e) for s, e, _c in country_mentions}
    named = list(
        dict.fromkeys(
            h.entry.name
            for hits, told in zip(provinces or [], reporting, strict=False)
            if told
            for h in hits
            if h.entry.iso3 == iso3
        )
    )
    for mentions, told in zip(places, reporting, strict=True):
        for m in mentions if told else ():
            if (m.start, m.end) in countries or m.precision == 3 or m.prep in {"from", "to"}:
                continue
            if m.kind in _ADMIN2_KINDS or m.part_of:
                continue
            if gazetteer.canonical_admin1(m.name, country=iso3):
                continue  # "in Anbar": a province, whatever town bears its name
            if not named:
                found = gazetteer.lookup(m.name, country=iso3)
            else:  # of a name's namesakes, the one in the province the report is about
                found = next(
                    (f for p in named if (f := _lookup_name(gazetteer, m.name, iso3, p))), None
                )
            if found is not None:
                return found
    return None


def with_dateline(
    text: str,
    places: list[list[PlaceMention]],
    sentences: list[tuple[int, int]],
    filed: PlaceMention,
    country_mentions: list[tuple[int, int, str]],
    gazetteer: Gazetteer,
    iso3: str | None,
) -> None:
    """A lead that names no place (not even a country) happened where the report was filed:
    "LAHORE: Four dozen party workers were detained ...". The dateline joins the lead's
    place mentions, when the gazetteer knows it in the report's country."""
    k = next((i for i, (s, e) in enumerate(sentences) if s <= filed.start < e), None)
    if k is None:
        return
    if sentences[k][1] - filed.end < 60 and k + 1 < len(sentences):
        k += 1  # a dateline on a line of its own: the lead is the next sentence
    lead = sentences[k]
    if places[k] or any(
        lead[0] <= s < lead[1] and not _INSIDE_NAME_AFTER.match(text, e)
        for s, e, _c in country_mentions
    ):
        return  # (a country inside a name, "the Pakistan Tehreek-e-Insaf party", is none)
    if iso3 is None or gazetteer.lookup(filed.name, country=iso3) is None:
        return
    places[k] = [filed]


_INSIDE_NAME_AFTER = re.compile(r"[ -][A-Z]")
_KIND_AFTER = re.compile(rf"\s+(?:{_KIND}|local government)\b", re.I)
#: Titles before a name make it a person's ("President ...", "Colonel ..."), not a place.
_TITLE_WORDS = """president vice-president prime minister colonel col lieutenant lt major maj
    captain capt mr mrs ms dr senator king queen pope judge brigadier commander ayatollah
    brig gen sgt gov governor mp mayor admiral"""
_TITLES = frozenset(_TITLE_WORDS.split())
#: A title just before the name, also abbreviated or in lower case: "Brig. Gen. X",
#: "Governor X", "MP X", "councillor X", "spokesman X". Not "Sheikh" or "Imam", which begin
#: many places' names ("Sheikh Maqsoud", "Imam Sahib").
_TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gov|Governor|Gen|General|Brig|Brigadier|Col|Lt|Maj|Capt|Sgt|MP|Sen|"
    r"Rep|Pastor|Bishop|Rev|Mayor|Chairman|Commissioner|Minister|"
    r"councillor|councilor|spokesman|spokeswoman|spokesperson|lawyer|commander|chief)\.?\s+$"
)
#: Words before "of" that only a person follows: "the death of X", "the lawyer of X".
_PERSON_OF = re.compile(
    r"\b(?:death|killing|murder|assassination|escape|arrest|detention|release|funeral|"
    r"lawyer|wife|husband|son|daughter|brother|sister|father|mother|widow|birthplace|"
    r"re-election|resignation)\s+of\s+$",
    re.I,
)
#: What follows a person's name, never a place's: an age, an alias, a death.
_PERSON_AFTER = re.compile(
    r"^(?:,\s*\d{1,3}\s*,|,?\s+(?:aka|alias)\b|['’]s\s+(?:death|killing|murder|arrest|"
    r"funeral|family|wife|husband|widow|lawyer|body|release)\b)"
)
#: "-backed", "-led", "-based": a compound that makes the name before it an adjective.
_COMPOUND = (
    r"-(?:backed|led|controlled|held|based|allied|born|made|run|linked|aligned|affiliated|"
    r"owned|funded|sponsored|supported|dominated|installed|appointed)\b"
)
#: "Iran-backed", "Turkish-led": the backer's country, not where anything happened.
BACKER_AFTER = re.compile(_COMPOUND)
#: "Islamist", "Jihadist", "Salafist": a word for a movement's people, not a place; nor
#: "Iran-backed", "Kurdish-led", "Britain-based".
_ADJECTIVE = re.compile(
    rf"^[A-Z][a-z]+ists?$|^[A-Z][\w'’]*{_COMPOUND}$|"
    # "the Kurdish-majority city of X", "a Sunni-dominated district": who lives there
    r"^[A-Z][\w'’]*-(?:majority|minority|populated|inhabited|speaking|dominated)$"
)
#: Capitalised words that idioms put after "in" or "of" in a title-case headline ("Kobani
#: in Ruins", "Hospitals out of Service", "Town in Mourning"): no places on their own.
_IDIOM_WORDS = """ruins service need crisis chaos limbo turmoil shock mourning danger focus
    pictures depth brief full action trouble talks retaliation revenge response flames tatters"""
_IDIOMS = frozenset(_IDIOM_WORDS.split())
#: An acronym in parentheses after a name: "(ACN)".
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z]{3,6})\)")


def _initials_of_org(text: str, start: int, end: int) -> bool:
    """Whether the name ends a longer title whose acronym follows: "Aid to the Church in
    Need (ACN)", "the Foundation for Peace in Kivu (FPK)": an organisation's name, whose
    last word is no place of its own."""
    m = _ACRONYM_AFTER.match(text, end)
    if m is None or fold(text[start:end]) in _country_words():
        return False  # "the Democratic Republic of Congo (DRC)" is the country
    before = re.findall(r"[A-Z][\w'’-]*", text[max(0, start - 60) : start])
    initials = "".join(w[0] for w in before) + text[start]
    return len(initials) > 1 and initials.endswith(m.group(1)) and len(m.group(1)) > 2


#: A ruler's or a seat's name before the word for its rule: "Assad regime forces", "the
#: Maduro government", "the Kabul administration", "Gaddafi loyalists": no place of an act.
_RULERS_AFTER = re.compile(
    r"^\s+(?:regime|government|administration|loyalists)\b(?!\s+(?:building|office|"
    r"compound|headquarters|house|hospital|school|forces\s+(?:in|at|near)\b))",
    re.I,
)
#: A vessel's name: "planes flown from the Admiral Nakhimov aircraft carrier", "the
#: Eisenhower carrier group": a ship, no place on land.
_VESSEL_AFTER = re.compile(
    r"^\s+(?:aircraft\s+|helicopter\s+)?(?:carrier|warship|frigate|destroyer|cruiser|"
    r"corvette|submarine|vessel|tanker|freighter|ship)s?\b",
    re.I,
)
#: "in Assad's hometown", "in the Assad clans hometown": a person's or family's home town,
#: which the text does not name here; the name before it is a person's.
_WHOSE_HOME = re.compile(
    r"^(?:['’]s|s['’])?(?:\s+(?:clan|family|tribe|dynasty)(?:['’]?s|s['’])?)?\s+"
    r"(?:home\s*town|home\s+village|birthplace|native\s+(?:town|village)|ancestral\s+home)\b",
    re.I,
)
_COMPASS_WORDS = frozenset(
    f"{d}{suffix}"
    for d in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
    for suffix in ("", "ern")
) | {"central"}
_COMPASS = frozenset({"north", "south", "east", "west", "central", "northern", "southern"})


@cache
def _country_words() -> frozenset[str]:
    "Every word of a country's name: a list member with one names a region, not a town."
    from sitrep.lexicons import countries

    return frozenset(w for c in countries().values() for w in fold(c.name).split() if len(w) > 3)


#: The next name of a list of places: "in Karachi, Lahore, and Faisalabad".
_LIST_NEXT = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<name>{NAME})(?![\w-])")


def _listed_after(
    text: str, pos: int, end: int, prep: str, exclude: list[tuple[int, int]], precision: int = 1
) -> list[PlaceMention]:
    """The places listed after one a preposition introduced, each a mention of its own.

    Only bare town names: a list that runs into a kind word ("Ghor and Farah
    provinces") or an organisation is left to the rules for those.
    """
    found: list[PlaceMention] = []
    while m := _LIST_NEXT.match(text, pos, end):
        name = m.group("name")
        s, e = m.span("name")
        if name.endswith(".") and len(name.split()[-1]) > 3:
            name, e = name[:-1], e - 1  # "... in Karachi and Lahore.": the sentence's stop
        first = re.sub(r"['’]s$", "", name.split()[0].lower()).strip("'’.,")
        if first in _STOP or len(name) < 3 or any(xs < e and s < xe for xs, xe in exclude):
            break
        after = text[e:end]
        if _SHARED_KIND.match(after) or _KIND_AFTER.match(after):
            break
        if name.split()[-1].lower().strip("'’.,") in _ORG_WORDS or fold(name) in _demonyms():
            break
        if any(w in _country_words() for w in fold(name).split()):
            break  # "North and East Syria": one region's name
        pos = e
        name, e = _trim(name, s)  # "in Cité Soleil, Port-au-Prince Saturday"
        words = name.split()
        kind = words[-1].lower() if len(words) > 1 else ""
        if kind in _ADMIN2_KINDS or kind in _PROVINCE_KINDS:
            # "in Nanza village, Kyauktaga Township, Bago Region": the units that hold it
            name, e = " ".join(words[:-1]), s + len(" ".join(words[:-1]))
            level = 3 if kind in _PROVINCE_KINDS else 2
            evidence = Evidence.at(text, s, e)
            admin1 = name if level == 3 else None
            found.append(PlaceMention(s, e, name, level, admin1, None, evidence, prep, False, kind))
            continue
        evidence = Evidence.at(text, s, e)
        found.append(PlaceMention(s, e, name, precision, None, None, evidence, prep))
    return found


#: Kind words of first-level units, which make a mention a province (precision 3).
_PROVINCE_KINDS = frozenset(
    {"province", "governorate", "region", "state", "oblast", "prefecture", "department"}
)


#: A place named after its country's or province's possessive and lower-case words, with
#: its kind: "Mali's remote Douentza area", "Kenya's coastal Lamu county". (Provinces are
#: found as admin1 names; as mentions they would come before the town the clause names.)
_OWNED_PLACE = re.compile(
    rf"\b[A-Z][\w-]*(?:\s[A-Z][\w-]*)?['’]s\s+(?:[a-z][a-z-]+\s+){{1,2}}(?P<name>{_WORD}"
    rf"(?:[\s-]{_WORD}){{0,2}})\s+(?P<kind>(?i:area|district|county|town|city|village))\b"
)
#: "Jammu and Kashmir's Ganderbal district", "Bosnia and Herzegovina's Mostar region".
_PAIR_OWNED_PLACE = re.compile(
    rf"\b[A-Z][\w-]*\s+and\s+[A-Z][\w-]*['’]s\s+(?:[a-z][a-z-]+\s+){{0,2}}(?P<name>{_WORD}"
    rf"(?:[\s-]{_WORD}){{0,2}})\s+"
    r"(?P<kind>(?i:area|district|county|town|city|village|province|region|state))\b"
)
_PART_KINDS = {"area", "areas", "district", "county", "countryside", "outskirts", "vicinity"}
#: "Van Governor's Office banned ...", "the Bingöl Governorate announced ...": the
#: governor's office speaks for its province, where its measures hold.
_OFFICE_OF = re.compile(
    rf"\b(?P<name>{_WORD}(?:\s{_WORD})?)\s+(?:Governor['’]s\s+Office|Governorship|"
    r"(?:Provincial\s+)?Governorate)\b"
)


#: "... on the Kaduna-Zaria road (coded as Giwa LGA, Kaduna)": a note where the event is
#: placed, after words that no place mention takes in.
_CODED_NOTE = re.compile(r"\((?:coded as|presumed(?: to be)?(?: at| in)?)\s+([^()]{2,80})\)", re.I)


def _coded_as(text: str, start: int, end: int, mentions: list[PlaceMention]) -> list[PlaceMention]:
    "The admin names of a coding note hold for the place mention just before it."
    out = list(mentions)
    for note in _CODED_NOTE.finditer(text, start, end):
        before = [i for i, m in enumerate(out) if m.end <= note.start()]
        if not before:
            continue
        i = before[-1]
        prior = out[i]
        gap = text[prior.end : note.start()]
        if prior.admin1 or prior.admin2 or len(gap) > 60 or re.search(r"[.;:]", gap):
            continue
        parts = [p.strip() for p in note.group(1).split(",") if p.strip()]
        parts = [p for p in parts if re.match(r"^[A-Z]", p) and len(p) < 40]
        if len(parts) >= 2:
            out[i] = replace(prior, admin2=parts[-2], admin1=parts[-1])
        elif parts:
            out[i] = replace(prior, admin1=parts[0])
    return out


#: "targeted the Nabatieh municipality building": a building names the town it stands in.
_BUILDING_AFTER = re.compile(
    r"^\s+(?:municipality|municipal|town hall|city hall|government|governorate|hospital|market|"
    r"mosque|church|school|university|headquarters|police station|station|airport|prison|"
    r"bakery|power plant|refinery|port|bridge|stadium)\b",
    re.I,
)
_POSSESSOR = re.compile(r"^[A-Z][\w-]*(?:\s[A-Z][\w-]*)?(?:['’]s|s['’])\s+(?=[A-Z])")
#: "(coded as Birnin Gwari LGA, Kaduna)", "(presumed Gao)": ACLED's notes on a place.
_CODED_AS = re.compile(r"^\s*(?:coded as|presumed(?: to be)?(?: at| in)?|assumed)\s+", re.I)


def _paren_place(text: str, m: re.Match[str], start: int, prep: str) -> PlaceMention | None:
    "The place in parentheses after a facility or organisation: '(Khartoum North)'."
    paren = m.group("paren")
    if not paren:
        return None
    parts = [p.strip() for p in _CODED_AS.sub("", paren).split(",") if p.strip()]
    if not parts or not re.match(r"^[A-Z][\w'’ -]{2,40}$", parts[0]):
        return None
    if not re.search(r"[a-z]", parts[0]):
        return None  # "the Syrian Democratic Forces (SDF)": the organisation's acronym
    s = start + m.start("paren") + paren.index(parts[0])
    e = s + len(parts[0])
    admin1 = parts[-1] if len(parts) >= 2 else None
    admin2 = parts[-2] if len(parts) >= 3 else None
    return PlaceMention(s, e, parts[0], 1, admin1, admin2, Evidence.at(text, s, e), prep)


def _share_admins(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Admin names in parentheses also hold for the places that a chain of place words leads
    to them from: "in Al Jabaliyah area in western Yemen (At Tuhayat, Al Hudaydah)", "in
    Al-Rawajah village in Garabulli (Almargeb)", "Makad village of As Silm area in Utmah
    district (Dhamar)"; not across a verb ("the Rizwan Adatia Foundation was abducted in
    Matola (Namaacha, Maputo)")."""
    out = list(mentions)
    for i in range(len(out) - 1, 0, -1):
        source = out[i]
        # "resident in Machava village, in Nangade district": a district named after the
        # place holds it too, as a district in parentheses does.
        district = source.kind in _ADMIN2_KINDS | {"municipality"} and source.precision < 3
        if not (source.admin1 or source.admin2 or district):
            continue
        # "X village in Y LGA (Z)": the district is Y itself.
        admin2 = source.admin2 or (source.name if district else None)
        for j in range(i - 1, -1, -1):
            prior = out[j]
            gap = text[prior.end : out[j + 1].start]
            if prior.admin2 or (prior.admin1 and not admin2) or not _PLACE_CHAIN.match(gap):
                break  # (a province shared first does not stop a district: "X in Y LGA of Z")
            if (source.precision == 3 or district) and _CONJUNCT.search(gap):
                break  # "in the city of X and in the Y region": two places, X not in Y
            out[j] = replace(prior, admin1=source.admin1 or prior.admin1, admin2=admin2)
    return out


def _province_or_country(
    gazetteer: Gazetteer,
    provinces: list[Hit[Admin1]],
    country: Country | None,
    countries: dict[str, Country],
) -> Place | None:
    """Where an event that names no place happened, as far as the report says: the province
    it names (the event's own sentences first, then the rest of the report), at its seat
    with precision 3; else the report's country, with no point."""
    iso3 = country.iso3 if country else None
    for hit in provinces:
        if iso3 is not None and hit.entry.iso3 != iso3:
            continue
        seat = _admin1_seat(gazetteer, hit.entry.iso3, hit.entry.name)
        if seat is None:
            continue
        home = countries.get(hit.entry.iso3)
        return Place(
            name=hit.entry.name,
            admin1=hit.entry.name,
            country=home.name if home else None,
            country_code=hit.entry.iso3,
            latitude=seat.latitude,
            longitude=seat.longitude,
            geo_precision=3,
            gazetteer_id=seat.gazetteer_id,
        )
    if country is None:
        return None
    return Place(name=country.name, country=country.name, country_code=country.iso3)


def _resolve(
    chosen: PlaceMention,
    later: list[PlaceMention],
    *,
    gazetteer: Gazetteer,
    iso3: str | None,
    admin1: str | None,
    anchor: str | None,
    also: list[Country],
    weak_country: bool = False,
    stay: bool = False,
    soft: bool = False,
    prefer: str | None = None,
    lead: str | None = None,
    filed: PlaceMention | None = None,
    scene: Any = None,
    named_in: frozenset[str] = frozenset(),
) -> tuple[Any, int, str | None]:
    """Coordinates for the chosen mention: (place or None, geo_precision, country).

    In order: the name in the country (inside the named province when it has one there);
    in another country the article names; the admin2 or admin1 given in parentheses; the
    next place named with it ("Qarfel in the countryside of Tell Abiad"); a fuzzy match in
    the country; the named province's seat. Without any country: a name only one country
    has. Never a same-named place in a country the text does not point to.
    """
    precision = chosen.precision
    if iso3:
        if chosen.kind in _ADMIN2_KINDS:
            seat = gazetteer.admin2_place(iso3, chosen.name, admin1=chosen.admin1 or admin1)
            if seat is not None:
                return seat, 2, iso3
        if precision == 3 and not gazetteer.canonical_admin1(chosen.name, country=iso3):
            # "Camarines Sur province": a second-level unit its country calls a province
            seat = gazetteer.admin2_place(iso3, chosen.name)
            if seat is not None:
                return seat, 3, iso3
        district = (
            gazetteer.admin2_place(iso3, _bare(chosen.admin2), admin1=chosen.admin1 or admin1)
            if chosen.admin2
            else None
        )
        if district is None and chosen.admin2 and (chosen.admin1 or admin1):
            # A district named with a province it does not lie in: the district is the
            # more specific name, so it still chooses among the namesakes.
            district = gazetteer.admin2_place(iso3, _bare(chosen.admin2))
        if district is None and chosen.admin2 and chosen.kind in TOWN_KINDS:
            # "Machava village, in Nangade district": a district the gazetteer holds only as
            # its town still says which of the village's namesakes is meant.
            district = gazetteer.lookup(_bare(chosen.admin2), country=iso3)
        if district is not None:
            # "Tudun Wada (Kaduna North LGA, Kaduna)": of Nigeria's many Tudun Wadas, the one
            # in that district; a village the gazetteer lacks there falls back to its seat.
            found = _nearest(gazetteer, chosen.name, iso3, district, km=_DISTRICT_KM)
            if found is not None:
                return found, precision, iso3
            return district, max(precision, 2), iso3
        found = _lookup(gazetteer, chosen.name, iso3, admin1 or prefer)
        if found is None and not admin1 and prefer:
            # The report's province only prefers its own of several same-named places; but
            # a small place far from the province the report names is a namesake ("al-Midan"
            # in an Aleppo report is not Ma'dan in Raqqa): the anchors after this stand.
            found = _lookup(gazetteer, chosen.name, iso3, None)
            if found is not None and _far_namesake(gazetteer, found, chosen, iso3, prefer):
                found = None
        if found is None and soft:
            town = gazetteer.lookup(chosen.name, country=iso3)
            found = town if town is not None and town.population >= _CITY else None
        if found is not None and (
            _off_scene(gazetteer, found, chosen, iso3, admin1, scene, named_in)
            or _far_quarter(gazetteer, found, chosen, iso3, chosen.admin1 or admin1 or prefer)
        ):
            found = None
        if found is not None and found.population < _HAMLET and weak_country and not stay:
            # "Turkish forces closed Afrin's entrances": the Syrian town, not a Turkish
            # hamlet of that name that only the forces' nationality points to.
            town = gazetteer.lookup(chosen.name)
            if town is not None and town.population >= _TOWN:
                return town, precision, gazetteer.country_of(town)
        if found is not None:
            return found, precision, iso3
        if not chosen.admin1 and not admin1 and not stay:
            for other in also:  # "Iran-backed militias in al-Bukamal" is in Syria
                found = gazetteer.lookup(chosen.name, country=other.iso3)
                if found is not None:
                    return found, precision, other.iso3
        named = chosen.admin1 or admin1
        for other in also if named else ():
            # "the West Bank city of Jenin": a region two of the report's countries name
            # holds the place in the one where the gazetteer finds it.
            twin = gazetteer.canonical_admin1(named, country=other.iso3)
            found = _lookup(gazetteer, chosen.name, other.iso3, twin) if twin else None
            if found is not None:
                return found, precision, other.iso3
        if chosen.admin2:
            found = gazetteer.admin2_place(iso3, _bare(chosen.admin2), admin1=chosen.admin1)
            found = found or gazetteer.lookup(_bare(chosen.admin2), country=iso3)
            if found is not None:
                return found, max(precision, 2), iso3
        for other in later:
            if other.precision < 3:
                found = _in_district(gazetteer, other, iso3, admin1)
                found = found or _lookup(gazetteer, other.name, iso3, admin1)
                if found is not None:
                    return found, 2, iso3
        if weak_country and not stay and not chosen.admin1:
            town = gazetteer.lookup(chosen.name)  # a town this large beats a spelling guess
            if town is not None and town.population >= _TOWN:
                return town, precision, gazetteer.country_of(town)
        found = gazetteer.fuzzy(chosen.name, country=iso3, cutoff=0.88)
        if (
            found is not None
            and (admin1 is None or gazetteer.admin1_name(found) == admin1)
            and not _off_scene(gazetteer, found, chosen, iso3, admin1, scene, named_in)
            and not _far_quarter(gazetteer, found, chosen, iso3, chosen.admin1 or prefer)
        ):
            return found, precision, iso3
        province = chosen.admin1 or admin1 or anchor
        if province:
            found = _admin1_seat(gazetteer, iso3, province)
            if found is not None:
                return found, 3 if chosen.precision == 3 else 2, iso3
        if lead and chosen.kind:
            # A village the report's lead names the province of: placed there, at
            # province level. (A bare name the gazetteer lacks may be no place at all.)
            found = _admin1_seat(gazetteer, iso3, lead)
            if found is not None:
                return found, 3, iso3
        if filed is not None and chosen.kind not in _VILLAGE_KINDS and precision < 3:
            # "LAHORE: ... from different areas of the Civil Lines division": a quarter the
            # gazetteer lacks, in a report filed from a city, is placed at that city.
            found = gazetteer.lookup(filed.name, country=iso3)
            if found is not None and found.population >= _CITY:
                return found, 2, iso3
        return None, precision, iso3
    for rank, mention in enumerate([chosen, *later]):
        # No country in the text: a name that only one country has, or a large town.
        # Exact names first; then a spelling that only the variant key meets ("Rakka").
        places = [p for ps in gazetteer.candidates([fold(mention.name)]).values() for p in ps]
        if not places:
            places = [
                p for ps in gazetteer.candidates([variant_key(mention.name)]).values() for p in ps
            ]
        if places and (len({p.cc for p in places}) == 1 or places[0].population >= 100000):
            return places[0], precision if rank == 0 else 2, gazetteer.country_of(places[0])
        if rank == 0 and (town := _dominant(places, mention.name)) is not None:
            return town, precision, gazetteer.country_of(town)
    return None, precision, None


#: With no country in the text, a town of the name this large, and this many times larger
#: than any town of that name in another country, is the one meant.
_DOMINANT_POPULATION, _DOMINANT_RATIO = 50000, 2.5


def implied_country(mentions: list[PlaceMention], gazetteer: Gazetteer) -> str | None:
    """For a report that names no country: the country of the first place it names that
    only one country has (as its own name, not an alternate one: 'Adu' is an old name of
    Ardabil, and a Nigerian village's), or whose town of the name dwarfs the others
    (`_dominant`). First, though, the country of a province given with a place ("Adu in
    Kwal district (Bassa LGA, Plateau)"): the one country with a first-level unit of that
    name, or of several the one whose district of the given name lies in it."""
    for mention in mentions:
        if mention.admin1 and (home := _admin1_country(mention, gazetteer)) is not None:
            return home
    for mention in mentions:
        if mention.precision == 3 or mention.kind in _ADMIN2_KINDS:
            continue
        places = [p for ps in gazetteer.candidates([fold(mention.name)]).values() for p in ps]
        own = [p for p in places if fold(p.name) == fold(mention.name)]
        if own and len({p.cc for p in places}) == 1:  # its own name, in one country only
            return gazetteer.country_of(own[0])
        town = _dominant(places, mention.name)
        if town is not None:
            return gazetteer.country_of(town)
    return None


def _admin1_country(mention: PlaceMention, gazetteer: Gazetteer) -> str | None:
    "The one country a mention's province (and district, if given) can be in, else None."
    name = mention.admin1 or ""
    homes = sorted(
        {h.entry.iso3 for h in admin1_index().find(name) if h.start == 0 and h.end == len(name)}
    )
    if len(homes) > 1 and mention.admin2:
        district = _bare(mention.admin2)
        homes = [c for c in homes if gazetteer.admin2_place(c, district, admin1=name)]
    return homes[0] if len(homes) == 1 else None


def _dominant(places: list[Any], name: str) -> Any:
    """The town that bears the name (not as an alternate name) and dwarfs its namesakes in
    other countries: 'Southport' in a report that names no country is England's (pop.
    91,700; Queensland's 33,000). None when no one town stands out."""
    own = [p for p in places if fold(p.name) == fold(name)]
    if not own:
        return None
    best = max(own, key=lambda p: p.population)
    others = [p.population for p in own if p.cc != best.cc]
    if best.population < _DOMINANT_POPULATION or any(
        best.population < _DOMINANT_RATIO * n for n in others
    ):
        return None
    return best


#: A country's seat of government after its name: "Kenya's parliament buildings".
_SEAT_OF_STATE = re.compile(
    r"['’]s?\s+(?:national\s+)?(?:parliament|presidential\s+palace|presidency|state\s+house|"
    r"national\s+assembly|capital)\b",
    re.I,
)
#: How far into a report its lead runs, for the province it opens on.
_LEAD_CHARS = 300
#: A hamlet in the article's country yields its name to a town this large elsewhere.
_HAMLET, _TOWN = 1000, 20000
#: How far from a province's seat its places may lie (as in `_lookup`).
_PROVINCE_KM = 150.0
#: A city this large keeps its name even when the clause names another province.
_CITY = 100000
#: How far from its district's seat a place of that district may lie.
_DISTRICT_KM = 60.0
#: Text between two place names that makes the first lie inside the second.
_PLACE_CHAIN = re.compile(
    rf"^(?:[\s,]+|(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{_KIND})\b|"
    rf"\b(?:{_KIND}|in|at|of|near|the|a|an|and|within|on|(?:north|south|east|west|"
    rf"northeast|northwest|southeast|southwest|central)(?:ern)?|part|parts|rural)\b)*$",
    re.I,
)


def generic_name(name: str) -> bool:
    """'Southern District', 'Central Province', 'North Region': compass and kind words only,
    names that several countries give a province; they point at none of them."""
    words = fold(name).split()
    return bool(words) and all(w in _COMPASS_WORDS or w in _ADMIN_KINDS for w in words)


def _is_admin1_somewhere(name: str) -> bool:
    "Whether the name is a first-level unit's of some country ('Plateau': Nigeria's)."
    return any(h.start == 0 and h.end == len(name) for h in admin1_index().find(name))


def _flat_possessive(word: str) -> bool:
    "'Yemens', 'Malis': a country's name with its possessive's apostrophe lost."
    folded = fold(word)
    names = _country_names()
    return folded.endswith("s") and folded not in names and folded[:-1] in names


def _is_demonym(name: str) -> bool:
    "'Rwandan', 'Venezuelans': a people, not a place."
    folded = fold(name)
    return folded in _demonyms() or (folded.endswith("s") and folded[:-1] in _demonyms())


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(fold(d) for c in countries().values() for d in c.demonyms)


@cache
def _country_names() -> frozenset[str]:
    return frozenset(fold(n) for c in countries().values() for n in (c.name, *c.aliases))


def _nearest(gazetteer: Gazetteer, name: str, iso3: str, anchor: Any, *, km: float) -> Any:
    "The place of that name in the country nearest to `anchor`, if within `km`."
    # The name as written first; a place only its variant key meets (a doubled letter, a
    # dropped article) only when no place of that exact name lies near.
    for keys, kind in (([fold(name)], "name"), ([fold(name), variant_key(name)], "any")):
        near = [
            (distance_km(p.latitude, p.longitude, anchor.latitude, anchor.longitude), p)
            for places in gazetteer.candidates(keys, kind=kind).values()
            for p in places
            if gazetteer.country_of(p) == iso3
        ]
        near = [(d, p) for d, p in near if d <= km]
        if near:
            return min(near, key=lambda dp: dp[0])[1]
    return None


def _off_scene(
    gazetteer: Gazetteer,
    found: Any,
    chosen: PlaceMention,
    iso3: str,
    admin1: str | None,
    scene: Any,
    provinces: frozenset[str],
) -> bool:
    """Whether a place of the name is a namesake far from what the report is about: the
    text calls it a village, and it lies more than `_PROVINCE_KM` from the report's town
    (`report_scene`), in a province the report never names, with no province or district
    beside the name. A village told of in a report on a town is not its namesake 1,000 km
    away; the report's own anchors place it. (A bare name keeps its place: reports on
    several provinces name towns far apart.) A neighbourhood is a part of a city: one more
    than `_QUARTER_KM` from the report's town is a namesake ("shells hit the X
    neighbourhood" in a report on a city is that city's X, not a village of the name in
    another province)."""
    if scene is None or admin1 or chosen.admin1 or chosen.admin2:
        return False
    quarter = chosen.kind in _QUARTER_KINDS
    if not (quarter or chosen.kind in _VILLAGE_KINDS) or found.population >= _CITY:
        return False
    if gazetteer.country_of(scene) != iso3 or gazetteer.admin1_name(found) in provinces:
        return False
    far = distance_km(found.latitude, found.longitude, scene.latitude, scene.longitude)
    return far > (_QUARTER_KM if quarter else _PROVINCE_KM)


def _far_namesake(
    gazetteer: Gazetteer, found: Any, chosen: PlaceMention, iso3: str, province: str
) -> bool:
    """Whether a place of the name is a namesake far from the province the report names: a
    small place (or one the text calls a village) beyond `_PROVINCE_KM` of its seat. A city
    keeps its name."""
    seat = _admin1_seat(gazetteer, iso3, province)
    return (
        seat is not None
        and (found.population < _CITY or chosen.kind in _VILLAGE_KINDS)
        and distance_km(found.latitude, found.longitude, seat.latitude, seat.longitude)
        > _PROVINCE_KM
    )


def _far_quarter(
    gazetteer: Gazetteer, found: Any, chosen: PlaceMention, iso3: str, province: str | None
) -> bool:
    """Whether a place of a neighbourhood's name is a namesake outside the province the
    report is about and more than `_QUARTER_KM` from its seat: a report on a province's city
    tells of that city's own quarters ("shells hit the X neighbourhood"), not of a village
    of the name in another province."""
    if chosen.kind not in _QUARTER_KINDS or not province:
        return False
    if gazetteer.admin1_name(found) == province:
        return False
    seat = _admin1_seat(gazetteer, iso3, province)
    return (
        seat is not None
        and distance_km(found.latitude, found.longitude, seat.latitude, seat.longitude)
        > _QUARTER_KM
    )


def _in_district(gazetteer: Gazetteer, mention: PlaceMention, iso3: str, admin1: str | None) -> Any:
    "The place of the mention's name nearest the seat of the district the text gives for it."
    if not mention.admin2 or mention.kind in _ADMIN2_KINDS:
        return None
    district = gazetteer.admin2_place(iso3, _bare(mention.admin2), admin1=mention.admin1 or admin1)
    return _nearest(gazetteer, mention.name, iso3, district, km=_DISTRICT_KM) if district else None


def _bare(admin: str) -> str:
    "An admin name without its kind word: 'Biu LGA' -> 'Biu'."
    words = admin.split()
    if len(words) > 1 and words[-1].lower().strip(".") in _ADMIN_KINDS:
        return " ".join(words[:-1])
    return admin


def _lookup(gazetteer: Gazetteer, name: str, iso3: str, admin1: str | None) -> Any:
    """The place of that name in the country, inside the province the text names when one
    of that name lies there ("Vesele, Donetsk" among Ukraine's many Veseles); else a place
    the name names without its qualifier (see `_qualified`)."""
    found = _lookup_name(gazetteer, name, iso3, admin1)
    return found if found is not None else _qualified(gazetteer, name, iso3, admin1)


#: Arabic place names' qualifiers: east, west, north, south, upper, lower, big, small, middle.
_QUALIFIERS = (
    "sharqi", "sharqiyah", "gharbi", "gharbiyah", "shamali", "shamaliyah", "janubi",
    "janubiyah", "qibli", "fawqani", "foqani", "fouqani", "tahtani", "kabir", "kabirah",
    "kebir", "saghir", "saghirah", "sghir", "wusta",
)  # fmt: skip
#: The qualifiers as variant keys, made once: `_qualified` wants all twenty for every name
#: the gazetteer lacks (39,000 variant_key calls in 150 bench articles, before).
_QUALIFIER_KEYS = tuple(variant_key(q) for q in _QUALIFIERS)
#: Words that begin many Arabic place names (as variant keys): no place's name alone.
_GENERIC = frozenset(
    variant_key(w)
    for w in (
        "kafr", "deir", "jabal", "tall", "ayn", "bayt", "khirbat", "shaykh", "maarat", "abu",
        "umm", "bir", "qasr", "wadi", "ras", "hay", "tal", "al", "beni", "bani",
    )
)  # fmt: skip
#: The places of one name with its different qualifiers lie this close together.
_QUALIFIED_KM = 15.0


def _qualified(gazetteer: Gazetteer, name: str, iso3: str, admin1: str | None) -> Any:
    """News often drops the qualifier of a village that has one: "X" for "X al-Sharqi" or
    "X al-Gharbi", its east or west part. When the gazetteer lacks the bare name,
    the qualified places stand for it if they lie together (one village's parts), not when
    they are far apart (different villages)."""
    base = variant_key(name)
    if not base or not base.isascii() or base in _GENERIC:
        return None  # "Deir", "Kafr": the first word of many names, not one village's name
    keys = [f"{base} {q}" for q in _QUALIFIER_KEYS]
    places = [
        p
        for found in gazetteer.candidates(keys).values()
        for p in found
        if gazetteer.country_of(p) == iso3
        and (admin1 is None or gazetteer.admin1_name(p) == admin1)
    ]
    if not places:
        return None
    best = max(places, key=lambda p: p.rank)
    if any(
        distance_km(p.latitude, p.longitude, best.latitude, best.longitude) > _QUALIFIED_KM
        for p in places
    ):
        return None
    return best


def _lookup_name(gazetteer: Gazetteer, name: str, iso3: str, admin1: str | None) -> Any:
    "The place of exactly that name (in any spelling) in the country and named province."
    if admin1:
        keys = [fold(name), variant_key(name)]
        in_country = [
            p
            for places in gazetteer.candidates(keys).values()
            for p in places
            if gazetteer.country_of(p) == iso3
        ]
        inside = [p for p in in_country if gazetteer.admin1_name(p) == admin1]
        seat = _admin1_seat(gazetteer, iso3, admin1) if in_country else None
        if not inside:
            # Admin codes differ between GeoNames exports, so "inside" also means near the
            # province's seat. A same-named place elsewhere is another place ("Orikhove,
            # Luhansk" is not the Orikhove in Zaporizhzhia): the caller tries nearer anchors.
            inside = [
                p
                for p in in_country
                if seat is not None
                and distance_km(p.latitude, p.longitude, seat.latitude, seat.longitude) < 150
            ]
        if not inside:
            return None
        best = max(inside, key=lambda p: p.rank)
        equal = [p for p in inside if p.rank == best.rank]
        if len(equal) > 1 and seat is not None:
            # Namesakes the gazetteer cannot tell apart (villages with no population): the
            # one nearest the province's seat, the one point the text gives for it.
            best = min(
                equal,
                key=lambda p: distance_km(p.latitude, p.longitude, seat.latitude, seat.longitude),
            )
        return best
    return gazetteer.lookup(name, country=iso3)


def _admin1_seat(gazetteer: Gazetteer, iso3: str, admin1: str) -> object | None:
    "A point for a province: its seat, else a place of the same name in that country."
    seat = getattr(gazetteer, "admin1_place", None)
    if seat is not None:
        found = seat(iso3, admin1)
        if found is not None:
            return found
    return gazetteer.lookup(admin1, country=iso3)


_DATE_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}  # fmt: skip
#: Last words that make a capitalised name an organisation, not a place.
_ORG_WORDS = {
    "army", "militia", "forces", "force", "brigade", "brigades", "division", "front", "centre",
    "center", "service", "services", "ministry", "council", "committee", "union", "party",
    "movement", "hospital", "university", "school", "prison", "police", "corps", "guard",
    "guards", "battalion", "regiment", "organization", "organisation", "agency", "group",
    "network", "observatory", "court", "office", "government", "command", "coalition",
    "association", "church", "mosque", "company", "bank", "league", "commission",
    "foundation", "institute", "trust", "fund", "initiative", "society", "federation",
    "fighters",
}  # fmt: skip
_FACILITY_AFTER = re.compile(
    r"^\s+(?:military\s+)?(?:airport|airbase|air base|base|camp|crossing|checkpoint|dam|bridge|"
    r"road|highway|junction|front|frontline|border|outskirts|port|oil field|field|plain|desert|"
    r"valley|mountains?|forest|lake|river)\b",
    re.I,
)
#: Capitalised last words of names that features take from the place beside them.
_NAMED_FOR_PLACE = {
    "forest", "airport", "airbase", "base", "camp", "dam", "bridge", "junction", "crossing",
    "checkpoint",
}  # fmt: skip
#: "the X neighbourhood in the city": a quarter of the city the report has named, with no
#: name of its own for the city ("in the city of Y" names one).
_IN_THE_CITY = re.compile(
    r"\s+(?:neighbou?rhoods?|quarters?|districts?)\s+(?:in|of)\s+the\s+city\b(?!\s+of\b)", re.I
)
_PART_AFTER = re.compile(
    r"^\s+(?:street|square|roundabout|neighbou?rhood|quarter|market|district|suburb)\s+"
    r"(?:of|in)\s+"
    r"(?:the\s+)?(?:city\s+of\s+)?[A-Z]",
    re.I,
)
#: Words before a name that make it an organisation or people's origin, not the event's place.
#: "Speaking to local media in the capital Mogadishu, the army chief ...", "told reporters
#: in Abuja": where someone spoke, not where anything happened.
_SPEAKER_PLACE = re.compile(
    r"\b(?:speaking|spoke|briefing|told\s+(?:reporters|journalists|a\s+news\s+conference)|"
    r"said|says|addressing|press\s+conference)\b(?:\s+(?:to|with)(?:\s+[\w-]+){1,3}?)?"
    r"\s+(?:in|from|at)\s+(?:the\s+)?(?:(?:capital|city|town)(?:\s+of)?\s+)?$",
    re.I,
)
#: A body and "in" before a name, a speech verb after it: "the defence ministry in
#: Moscow said", "officials in Kabul announced on Monday": the seat the body speaks from.
_BODY_IN = re.compile(
    r"\b(?:ministry|ministries|officials?|spokes(?:man|woman|person)|command|authorities|"
    r"government|embassy|headquarters|presidency|diplomats?|sources?|military|army|police|"
    r"office|observatory|monitor)\s+(?:based\s+)?(?:in|from)\s+(?:the\s+)?$",
    re.I,
)
_THEN_SPEAKS = re.compile(
    r"(?:\s*,)?\s+(?:(?:late\s+|early\s+)?on\s+[A-Z][a-z]+\s+|also\s+|later\s+|had\s+|has\s+)?"
    r"(?:said|says|announced|reported|stated|claimed|confirmed|told|added|denied|insisted|"
    r"warned|accused)\b"
)


def speakers_seat(text: str, mention: PlaceMention) -> bool:
    "Whether the text names the place as where a speaking body sits ('officials in X said')."
    return bool(
        _BODY_IN.search(text, max(0, mention.start - 40), mention.start)
        and _THEN_SPEAKS.match(text, mention.end)
    )


_MEMBERS_OF = re.compile(
    r"\b(?:members?|supporters?|leaders?|officials?|spokesman|spokesperson|head|"
    r"(?:armed|military|political|youth|women's)\s+wing|fighters|militants|commanders?|"
    r"(?:chief\s+)?executive|director|owner|manager|chairman|chairwoman|president|"
    r"founder|employees?|staff)\s+of\s+"
    r"(?:the\s+)?$|"
    # "gunmen loyal to Ismael Zambada", "a faction linked to the SDF": a leader or a group
    r"\b(?:loyal|allied|linked|close|affiliated|belonging|faithful|aligned|tied|answerable|"
    r"subordinate|sympathetic)\s+to\s+(?:the\s+)?$",
    re.I,
)
#: A capitalised group word and "of" before a name: the name ends a group's title ("the
#: Army of Conquest", "the Lions of the Valley"), no place.
_GROUP_OF = re.compile(
    r"\b(?:Army|Front|Brigades?|Battalions?|Movement|Soldiers|Sons|Lions|Knights|Partisans|"
    r"Companions|Guardians|Followers)\s+of\s+(?:the\s+)?$"
)
#: "fighters from Deir-ez-Zor", "youths from Tonj South", "militias from Odejo attacked":
#: where the people come from, not where the event happened.
_ORIGIN_FROM = re.compile(
    r"\b(?:fighters|militias?|militiamen|youths?|members|residents|people|men|gunmen|raiders|"
    r"individuals?|persons?|man|woman|civilians?|family|displaced|comes?|came|hails?|hailing|"
    r"herders|tribesmen|troops|natives?|(?:are|were|is|was)(?:\s+also|\s+originally)?|"
    # what was sent or came from somewhere hit somewhere else: "a drone launched from X"
    r"launched|fired|returning|travelling|traveling|coming|arriving)"
    r"\s+from\s+(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?$",
    re.I,
)
#: What was sent from a country: its place is where it struck, not the country.
_FIRED_FROM = re.compile(
    r"\b(?:fired|launched|shot|sent|flown|crossing|coming)\s+from\s+(?:the\s+)?$", re.I
)
_ARTICLE_PREFIX = r"(?:(?:al|el|ad|as|ash|an|ar|at|az)-)?"
#: One name in a list of places that share a kind word.
_LISTED_NAME = rf"{_ARTICLE_PREFIX}[A-Z][\w'’-]*(?:\s+{_ARTICLE_PREFIX}[A-Z][\w'’-]*)?"
#: "Idlib and Latakia countrysides", "al-Midan and al-Jamiliyeh neighbourhoods", "the
#: Kharkiv, Sumy and Donetsk regions": a kind word after a list of names is the kind of all.
_SHARED_KIND = re.compile(
    rf"^(?:\s*,\s*{_LISTED_NAME})*,?\s+and\s+{_LISTED_NAME}\s+"
    r"(countrysides|countryside|provinces|governorates|regions|outskirts|suburbs|"
    r"neighbou?rhoods|quarters)\b"
)
#: The other regions of a list that shares a kind word: "in Ghor and Farah provinces", "over
#: the Bryansk, Kursk and Belgorod regions".
_MORE_REGIONS = re.compile(
    rf"(?P<list>(?:\s*,\s*{_LISTED_NAME})*,?\s+and\s+{_LISTED_NAME})\s+"
    r"(?:provinces|governorates|regions|oblasts|states)\b"
)
_LISTED = re.compile(_LISTED_NAME)
#: Kind words of second-level units: "Gwer East LGA" resolves to the district's seat.
#: ("township": Myanmar's unit below the region, named for its seat town)
_ADMIN2_KINDS = {
    "lga", "district", "county", "raion", "woreda", "sub-district", "subdistrict", "township",
}  # fmt: skip
_ADMIN_KINDS = {
    "province", "governorate", "region", "state", "oblast", "district", "county", "prefecture",
    "department", "lga", "raion", "woreda", "zone", "locality", "municipality", "sub-district",
    "subdistrict", "commune", "chiefdom", "territory", "township",
}  # fmt: skip


#: An Arabic article written apart assimilates to the next word's first letter ("as
#: Suwayda", "an Nabk", "ash Shaykh"); before any other letter it is an English word and
#: the name ends before it ("in eastern Ukraine as Kyiv said ...").
_LOOSE_ARTICLE = re.compile(r"\s(a|e)(sh|th|dh|s|t|n|d|r|z)\s(?!\2)(?i:\w)")


#: Words that open a sentence or qualify, never go on a place's name: a title-case run
#: that reaches one is a headline flattened into the text ("Blasts in Hama Three killed").
#: Arabic particles written apart ("an", "as", "at") are not among them.
_NOT_IN_NAME = (
    _STOP - {"an", "as", "at", "in", "on"} - _DATE_WORDS
) | {
    "also", "meanwhile", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens",
    "many", "more", "over", "least", "terror", "security", "police",
    "army", "troops", "forces", "residents", "civilians", "people", "persons", "children",
    "rebels", "militants", "gunmen", "fighters", "killed", "injured", "wounded",
    # a headline's verbs and hedges: "Car Bomb Kills Four", "Shelling in Homs Nearly ..."
    "kill", "kills", "dead", "dies", "die", "hits", "nearly", "almost", "monitor",
}  # fmt: skip


def _trim(name: str, start: int) -> tuple[str, int]:
    "Drop trailing words that are not part of a place name ('Idlib On')."
    loose = _LOOSE_ARTICLE.search(name)
    if loose is not None and not name[loose.end() - 1 :].lower().startswith(loose.group(2)):
        name = name[: loose.start()]
    words = name.split()
    for i, word in enumerate(words[1:], 1):
        # Inside a name dates end it, and so do the common words of a flattened headline
        # run into the next sentence ("in Homs Two persons were injured", "on Aleppo Also
        # ..."); "Ma'arrat An Nu'man" keeps its particle.
        folded = word.lower().strip("'’.,")
        if (
            folded in _DATE_WORDS
            or folded in _NOT_IN_NAME
            or _is_demonym(folded)
            or _flat_possessive(folded)
        ):
            words = words[:i]
            break
    trimmed = " ".join(words) if len(words) != len(name.split()) else name
    stop = re.search(r"(?<!\bSt)(?<!\bMt)\.\s", trimmed)  # "Kigali. Protesters"
    if stop:
        trimmed = trimmed[: stop.start()]
    trimmed = trimmed.rstrip(".")
    if trimmed.endswith(("'s", "’s")):
        trimmed = trimmed[:-2]
    return trimmed, start + len(trimmed)


_PARTICLE_WORDS = frozenset(_PARTICLE.strip("(?:)").split("|"))
_KIND_WORDS = frozenset(_KIND.split("|")) | {"neighborhood", "neighbourhood"}


def headline_trimmed(mention: PlaceMention, text: str, lower_words: frozenset[str]) -> PlaceMention:
    """A name run on into a title-case headline's common nouns, cut back to the place: "in
    Idleb Blast", "east of Damascus Monitoring group", "in Aleppo Residential Neighborhood":
    words after the first that the same report writes in lower case ("blast", "monitoring")
    are no part of the name. Not kind words ("Cape Town"), particles ("Ras al Ain"), nor a
    name whose head is a compass word or a people ("West Bank", "Persian Gulf")."""
    words = mention.name.split()
    if len(words) < 2:
        return mention
    cut = next(
        (
            i
            for i, word in enumerate(words[1:], 1)
            if all(
                (w := x.lower()) in lower_words
                and w not in _PARTICLE_WORDS
                and w not in _KIND_WORDS
                and w.rstrip("s") not in _KIND_WORDS
                for x in words[i:]
            )
        ),
        None,
    )
    if cut is None:
        return mention
    head = " ".join(words[:cut])
    if (
        len(head) < 4
        or head.lower() in lower_words
        or fold(head) in _COMPASS_WORDS
        or _is_demonym(head)
        or not text.startswith(head, mention.start)
    ):
        return mention
    end = mention.start + len(head)
    return replace(mention, name=head, end=end, evidence=Evidence.at(text, mention.start, end))


def _country_of(mention: PlaceMention, hits: list[Hit[Admin1]], iso3: str | None) -> str | None:
    "The country of a province mention: its own admin1 hit's, else the article's."
    own = next((h for h in hits if h.start <= mention.start < h.end), None)
    return own.entry.iso3 if own is not None else iso3


#: The end of the gap between a place and the country that holds it: "Ariha, Syria", "X
#: and Y in northern Syria".
_IN_COUNTRY_GAP = re.compile(
    r"(?:^\s*,\s*|\bin\s+(?:the\s+)?(?:(?:north|south|east|west|northeast|northwest|"
    r"southeast|southwest|central)(?:ern)?\s+)?)$"
)


def _next_to(text: str, chosen: PlaceMention, hit: Hit[Admin1]) -> bool:
    """Whether a province named in the clause is the chosen place's own: "Vesele, Donetsk",
    "Jarablus in the northern countryside of Aleppo", "Idlib's Ariha"; not "entered Goma
    ... while crowds attacked embassies in the capital Kinshasa"."""
    if hit.start >= chosen.end:
        gap = text[chosen.end : hit.start]
    elif hit.end <= chosen.start:
        gap = text[hit.end : chosen.start]
    else:
        return True
    if hit.start >= chosen.end and _CONJUNCT.search(gap):
        return False  # "in the city of X and in the Y region": the region is another place
    return len(gap) <= 80 and bool(_NAME_CHAIN.match(gap) or re.fullmatch(r"['’]s\s+", gap))


#: The end of a gap that makes the next name a conjunct of the one before, not its container:
#: "X and in the Y region", "X and the Y province" (but "X and Z in Y" is a list inside Y).
_CONJUNCT = re.compile(
    r"\b(?:and|or)(?:\s+(?:in|at|the|across|northern|southern|eastern|western|central))*\s+$"
)


#: A chain of place words and names: "Bara in Jabal al-Zawiya in the southern countryside of".
_NAME_CHAIN = re.compile(
    rf"^(?:[\s,]+|[A-Z][\w'’-]*(?![\w'’-])|\b{_PARTICLE}-|(?i:\b(?:{_KIND}|in|at|of|near|the|and|"
    rf"within|on|(?:north|south|east|west|northeast|northwest|southeast|southwest|central)"
    rf"(?:ern)?|part|parts|rural)\b))*$"
)
_ROUTE_BEFORE = re.compile(
    r"\b(?:road|highway|route|way|heading|headed)\s+(?:to|towards?)\s+$", re.I
)
#: "militants positioned in Douma fired shells on Mazraa": where the attackers were posted,
#: not where their fire fell ("positioned in the villages of X and Y", "located in the
#: eastern neighbourhoods of X").
POSTED_IN = re.compile(
    r"\b(?:positioned|located|stationed|entrenched|holed\s+up|deployed|based)\s+(?:in|at)\s+"
    r"(?:the\s+)?(?:(?:[a-z]+\s+)?(?:towns?|city|cities|villages?|areas?|districts?|"
    r"neighbou?rhoods?)\s+of\s+)?$",
    re.I,
)


def posted_in(text: str, mention: PlaceMention) -> bool:
    "Whether the text names the place as where attackers were posted ('positioned in X')."
    return bool(POSTED_IN.search(text, max(0, mention.start - 50), mention.start))


#: Kind words that call a name a settlement ("the village of X").
TOWN_KINDS = frozenset({"town", "city", "village", "villages", "settlement", "hamlet"})
_VILLAGE_KINDS = {"village", "villages", "hamlet"}
#: Kind words of a part of a city.
_QUARTER_KINDS = {"neighbourhood", "neighborhood", "quarter"}
#: A city's neighbourhoods lie closer than this to its centre.
_QUARTER_KM = 30.0
_WITHIN_PREPS = {"in", "at", "near", "around", "outside", "inside", "within", "into"}
_LOCATIVE_PREPS = {"in", "at", "on", "near", "into", "inside", "within", "around", *_VERBS}


def choose_place(mentions: list[PlaceMention], **where: Any) -> Place | None:
    """The event's place (see `_choose_one`), passing over names the gazetteer does not know
    and the text does not call a place.

    A capitalised word after "in" or "by" is not always a place ("Islamist", "Takfiri",
    "President ..."). When the first choice resolves to nothing and no place word comes
    with it ("the village of X", "X district"), the next mention that the gazetteer does
    resolve is the place; if none does, the first choice stands, as the text's own name
    (`near_scene` may still place it, once the report's events are told apart).
    """
    first = _choose_one(mentions, **where)
    rest = list(mentions)
    place = first
    for _ in range(len(mentions)):
        if place is None or place.latitude is not None or not place.mentions:
            break
        chosen = next((m for m in rest if m.evidence == place.mentions[0]), None)
        if chosen is None or chosen.kind:
            break
        rest = [m for m in rest if m is not chosen]
        # nor is the seat a body speaks from ("the ministry in Moscow said") the place
        rest = [m for m in rest if not speakers_seat(where.get("text", ""), m)]
        if not rest:
            break
        place = _choose_one(rest, **where, every=mentions)
    if place is not None and place.latitude is not None:
        return place
    if first is not None and first.latitude is None:
        return _in_the_leads_province(first, **where) or first
    return first


def _lead_province(iso3: str | None, hits: list[Hit[Admin1]]) -> str | None:
    "The one province of the country that the report's lead names, if it names one."
    in_lead = {h.entry.name for h in hits if h.entry.iso3 == iso3 and h.start < _LEAD_CHARS}
    return next(iter(in_lead)) if len(in_lead) == 1 else None


def _in_the_leads_province(
    place: Place,
    *,
    gazetteer: Gazetteer,
    admin1_mentions: list[Hit[Admin1]] = (),  # type: ignore[assignment]
    report_admin1: list[Hit[Admin1]] = (),  # type: ignore[assignment]
    **_: Any,
) -> Place | None:
    """A place the gazetteer lacks, in a report whose lead names one province of its
    country: at that province's seat, with precision 3 (only the province is known). The
    name stays, as the text's own; a place given only by its country gets no point here.

    The event's own sentences' province comes first (`_resolve`), and a village's ("the
    village of X") already falls back to the lead's; this is for a bare name that no
    mention of the event resolves ("the Zaki tribesmen" in a report that opens on the Wadi
    province), which is where the report is about, at province level.
    """
    iso3 = place.country_code
    if iso3 is None or place.admin1 is not None or not place.mentions:
        return None
    if fold(place.name) == fold(place.country or ""):
        return None  # "across Syria": a country, not a place in it
    province = _lead_province(iso3, [*admin1_mentions, *report_admin1])
    if province is None:
        return None
    seat = _admin1_seat(gazetteer, iso3, province)
    if seat is None:
        return None
    return replace(
        place,
        admin1=province,
        latitude=seat.latitude,
        longitude=seat.longitude,
        geo_precision=3,
        gazetteer_id=seat.gazetteer_id,
    )


def near_scene(
    place: Place | None,
    scene: Any,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    not_places: frozenset[tuple[int, int]] = frozenset(),
    country_mentions: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
) -> Place | None:
    """A named place the gazetteer lacks, placed at the town the report is about
    (`report_scene`) when that lies in its country and province, with precision 2 ("near a
    named town"); the name stays the text's.

    Only a name the text makes a place: one with a place word ("the village of X", "X
    area") or a word of nearness ("near X"), or one spaCy does not take for a person, a
    people or an organisation ("a spokesman, X Y, said": no village). Not a country."""
    if place is None or place.latitude is not None or scene is None or not place.mentions:
        return place
    said = place.mentions[0]
    if any((s, e) == (said.start, said.end) for s, e, _c in country_mentions):
        return place  # a country is no place the gazetteer lacks
    told = next((m for m in mentions if m.evidence == said), None)
    if told is None:
        return place
    if not (told.kind or _PRECISION_2.search(told.prep)) and any(
        s < told.end and told.start < e for s, e in not_places
    ):
        return place
    if gazetteer.country_of(scene) != place.country_code:
        return place
    home = gazetteer.country_of(scene)
    if any(0 <= s - said.end <= 30 and c != home for s, _e, c in country_mentions):
        return place  # "Kiryat Shmona in northern Israel": the text names another country
    province = gazetteer.admin1_name(scene)
    if place.admin1 and province != place.admin1:
        return place  # the text puts it in another province
    return replace(
        place,
        admin1=place.admin1 or province,
        latitude=scene.latitude,
        longitude=scene.longitude,
        geo_precision=2,  # near a named town
        gazetteer_id=scene.gazetteer_id,
    )


def _choose_one(
    mentions: list[PlaceMention],
    *,
    text: str = "",
    clause: tuple[int, int],
    country: Country | None,
    country_mentions: list[tuple[int, int, str]],
    gazetteer: Gazetteer,
    countries: dict[str, Country],
    admin1_mentions: list[Hit[Admin1]] = (),  # type: ignore[assignment]
    also: list[Country] = (),  # type: ignore[assignment]
    weak_country: bool = False,
    report_admin1: list[Hit[Admin1]] = (),  # type: ignore[assignment]
    trigger: tuple[int, int] | None = None,
    every: list[PlaceMention] = (),  # type: ignore[assignment]
    scene: Any = None,
) -> Place | None:
    """The event's place: the first place in the trigger clause, else the first in the event.

    The gazetteer gives coordinates and admin names when it knows the place in the event's
    country; a place it does not know keeps its name and the admin names the text gives,
    falls back to a named anchor (the admin2 or admin1 in parentheses) with the matching
    precision, and otherwise has no coordinates: never a same-named place elsewhere.
    """
    candidates = [m for m in mentions if clause[0] <= m.start < clause[1]] or mentions
    country_spans = {(s, e) for s, e, _ in country_mentions}
    country_starts = [s for s, _e, _c in country_mentions]
    specific = [m for m in candidates if (m.start, m.end) not in country_spans]
    if not specific:
        # The clause names only a country ("strikes in Lebanon killed five"): a place the
        # event's other sentences name says where in it ("... in the village of X").
        specific = [
            m
            for m in mentions
            if (m.start, m.end) not in country_spans
            and m not in candidates
            and m.start >= clause[0]  # not a place of an earlier sentence ("at Israel")
        ]
    chosen = specific[0] if specific else (candidates[0] if candidates else None)
    if chosen is not None and chosen.prep == "from":
        # "supply lines from Idlib city to Taftanaz airport": the far end is the target.
        # "fighters from Deir-ez-Zor ... in the town of Jarablus": where they fought.
        # "a convoy returning from Djibo ... was ambushed in Namsiguia": where it was hit.
        origin = _ORIGIN_FROM.search(text[max(0, chosen.start - 40) : chosen.start - 0])
        towards = {"to", "toward", "towards"}
        # Past the trigger, "in X" is where it happened; before it, where the route runs
        # ("a patrol starting from the airbase ... in the countryside").
        hit_after = trigger is not None and chosen.start < trigger[0]
        order = (
            [_LOCATIVE_PREPS] if origin else [towards, _LOCATIVE_PREPS] if hit_after else [towards]
        )
        later = [m for m in specific if m.start > chosen.start]
        later = [m for m in later if m.precision < 3] + [m for m in later if m.precision == 3]
        chosen = next((m for wanted in order for m in later if m.prep in wanted), chosen)
        if (
            chosen.prep == "from"
            and (chosen.start, chosen.end) in country_spans
            and _FIRED_FROM.search(text[max(0, chosen.start - 40) : chosen.start])
        ):
            chosen = None  # "projectiles fired from Lebanon": where the fire came from
        elif chosen.prep == "from" and origin and not chosen.kind:
            # "youths from the X clan stole cattle": where people come from, with no place
            # named for the act; the province or country the report names says where.
            chosen = None
    if chosen is not None and speakers_seat(text, chosen):
        # "The ministry of defence in Ankara said jets had hit targets near Tal Rifaat": the
        # body speaks from its seat; the act is where the clause goes on to place it, or
        # in the country it names ("... struck targets in Syria").
        chosen = next(
            (m for m in candidates if m.start > chosen.end and m.prep in _LOCATIVE_PREPS),
            chosen,
        )
    if chosen is not None and _ROUTE_BEFORE.search(text[max(0, chosen.start - 30) : chosen.start]):
        # "found killed on the road to al-Hasakeh city ... killed him in Ras al Ain city".
        chosen = next(
            (m for m in specific if m.start > chosen.start and m.prep in _LOCATIVE_PREPS),
            chosen,
        )
    if chosen is not None and posted_in(text, chosen):
        # "terrorists positioned in al-Zahra fired shells on the Midan neighbourhood": where
        # the shells fell, when the clause names it.
        chosen = next(
            (
                m
                for m in specific
                if m.start > chosen.start and m.prep in _LOCATIVE_PREPS and not posted_in(text, m)
            ),
            chosen,
        )
    if chosen is not None and chosen.part_of:
        # "Raju street of Afrin city": the street is in the next place named.
        chosen = next((m for m in specific if chosen.end < m.start <= chosen.end + 40), chosen)
    iso = country.iso3 if country else None
    if chosen is not None and chosen.precision == 3:
        # "the governor of the Belgorod region said ... shelled the town of Shebekino": the
        # town is the more specific place.
        chosen = next(
            (
                m
                for m in specific
                if m.start > chosen.start
                and m.precision < 3
                and (m.prep in _WITHIN_PREPS or m.prep in _VERBS or m.kind in TOWN_KINDS)
                and (
                    gazetteer.lookup(m.name, country=_country_of(chosen, admin1_mentions, iso))
                    is not None
                    or (  # "in Borno State, in Mobbar Local Government Area"
                        m.kind in _ADMIN2_KINDS
                        and gazetteer.admin2_place(
                            _country_of(chosen, admin1_mentions, iso) or "", m.name
                        )
                        is not None
                    )
                )
            ),
            chosen,
        )
    if (
        chosen is not None
        and not chosen.kind
        and chosen.prep == "in"
        and gazetteer.canonical_admin1(chosen.name, country=iso)
    ):
        # "deployed along the M4 in Idleb and inspected buildings in the Ariha area": a
        # town named after a bare province name is the more specific place.
        chosen = next(
            (
                m
                for m in specific
                if m.start > chosen.start
                and m.precision < 3
                and m.prep in _WITHIN_PREPS  # not "put pressure on Kigali"
                and not gazetteer.canonical_admin1(m.name, country=iso)
                and iso
                and gazetteer.lookup(m.name, country=iso) is not None
            ),
            chosen,
        )
    if chosen is not None and chosen.precision == 3 and iso and chosen.start < clause[1]:
        # "abducted four health workers in the Lower Shabelle region ... The militants
        # stormed the clinic in Afgoye": a lead that names only a province is made precise
        # by a town of that province the event's next sentences name.
        province = gazetteer.canonical_admin1(chosen.name, country=iso)
        chosen = next(
            (
                m
                for m in mentions
                if m.start >= clause[1]
                and m.precision < 3
                and m.prep in _WITHIN_PREPS
                and province is not None
                and not gazetteer.canonical_admin1(m.name, country=iso)
                and (g := gazetteer.lookup(m.name, country=iso)) is not None
                and gazetteer.admin1_name(g) == province
            ),
            chosen,
        )
    if chosen is None:
        return _province_or_country(
            gazetteer, [*admin1_mentions, *report_admin1], country, countries
        )
    if (chosen.start, chosen.end) in country_spans:
        iso3 = next(c for s, e, c in country_mentions if (s, e) == (chosen.start, chosen.end))
        home = countries.get(iso3)
        region = [
            h for h in admin1_mentions if h.start <= chosen.start < h.end and h.entry.iso3 == iso3
        ]
        province = _province_or_country(gazetteer, region, home, countries) if region else None
        if province is not None and province.latitude is not None:
            # "shells fell on southern Israel": a country's region that is one of its provinces.
            return replace(province, mentions=(chosen.evidence,))
        capital = getattr(gazetteer, "capital", None)
        seat = capital(iso3) if capital and _SEAT_OF_STATE.match(text, chosen.end) else None
        if seat is not None:
            # "outside Kenya's parliament": the country's institutions sit in its capital.
            return Place(
                name=seat.name,
                admin1=gazetteer.admin1_name(seat),
                country=home.name if home else None,
                country_code=iso3,
                latitude=seat.latitude,
                longitude=seat.longitude,
                geo_precision=chosen.precision,  # type: ignore[arg-type]
                gazetteer_id=seat.gazetteer_id,
                mentions=(chosen.evidence,),
            )
        return Place(
            name=home.name if home else chosen.name,
            country=home.name if home else None,
            country_code=iso3,
            geo_precision=None,  # no coordinates, so no precision (a country has no point here)
            mentions=(chosen.evidence,),
        )
    iso3 = country.iso3 if country else None
    # The province the text names for the event ("in Idleb province", "(Marib)", ", Donetsk").
    # Only the clause's own province filters the lookup; one named elsewhere in the report
    # ("fled Khartoum for Wad Madani. ... attacked a market in Wad Madani") only anchors.
    # The province nearest after the place, else nearest before it: "fighters from
    # Deir-ez-Zor, in the town of Jarablus in the northern countryside of Aleppo".
    in_clause = sorted(
        (h for h in admin1_mentions if clause[0] <= h.start < clause[1]),
        key=lambda h: (h.start < chosen.start, abs(h.start - chosen.start)),
    )
    beside = [
        h
        for h in in_clause
        if _next_to(text, chosen, h)
        and not (h.start <= chosen.start < h.end)
        and _compass_country(h.text)  # "in northern Israel": the country is in the name
    ]
    if beside and iso3 is not None and not any(h.entry.iso3 == iso3 for h in beside):
        # "rockets at Kiryat Shmona in northern Israel" in a report on Lebanon: the province
        # beside the place names its country.
        iso3 = beside[0].entry.iso3
        country = countries.get(iso3) or country
    home = next(
        (
            c
            for s, e, c in country_mentions
            if clause[0] <= s < clause[1]
            and s >= chosen.end
            # the country's own name: not "Warder, Somali region" (a people's region)
            and not _is_demonym(text[s:e])
            and not any(h.start <= s < h.end for h in admin1_mentions)
            and _IN_COUNTRY_GAP.search(text[chosen.end : s])
            and _NAME_CHAIN.match(text[chosen.end : s])
            and not _CONJUNCT.search(text[chosen.end : s])
        ),
        None,
    )
    if home is not None and home != iso3 and home in countries:
        # "fired from the areas of X and Y in northern Syria" in a report on Turkey: the
        # country named beside the place is its own.
        iso3, country = home, countries[home]
    named_admin1 = next(
        (
            h.entry.name
            for h in in_clause
            if (iso3 is None or h.entry.iso3 == iso3) and _next_to(text, chosen, h)
        ),
        None,
    )
    # A province named in the clause but not beside the place still narrows the lookup
    # ("in Ugah, near Lafia (Nasarawa)"), softly: a large town of the name elsewhere in the
    # country still stands ("entered Goma ... embassies in the capital Kinshasa").
    soft_admin1 = (
        None
        if named_admin1
        else next((h.entry.name for h in in_clause if iso3 is None or h.entry.iso3 == iso3), None)
    )
    elsewhere_admin1 = next(
        (h.entry.name for h in admin1_mentions if iso3 is None or h.entry.iso3 == iso3), None
    )
    if text and chosen.kind in _QUARTER_KINDS and _IN_THE_CITY.match(text, chosen.end):
        # "shells hit the X neighbourhood in the city": the city the report is about, not
        # one of the provinces its other sentences name (a round-up of the day elsewhere).
        elsewhere_admin1 = None
    prefer = elsewhere_admin1 or next(
        (h.entry.name for h in report_admin1 if iso3 is None or h.entry.iso3 == iso3), None
    )
    # The province the report's lead names places a village the gazetteer lacks ("the
    # village of X" in a report that opens on the Z region).
    sole = _lead_province(iso3, [*admin1_mentions, *report_admin1])
    if iso3 is None and admin1_mentions:
        iso3 = admin1_mentions[0].entry.iso3
        country = countries.get(iso3)
    own = next(
        (h for h in [*admin1_mentions, *report_admin1] if h.start <= chosen.start < h.end), None
    )
    if (
        own is not None
        and own.entry.iso3 != iso3
        and chosen.precision == 3
        and not gazetteer.canonical_admin1(chosen.name, country=iso3)
    ):  # "the Belgorod region" in a report about Kharkiv is Russia's province.
        iso3 = own.entry.iso3
        country = countries.get(iso3)
    later = [m for m in candidates if m is not chosen and m.start > chosen.start]
    found, precision, iso3 = _resolve(
        chosen,
        later,
        gazetteer=gazetteer,
        iso3=iso3,
        admin1=named_admin1 or soft_admin1,
        soft=soft_admin1 is not None,
        anchor=elsewhere_admin1,
        lead=sole,
        # Only for the event's one place, in a clause that names no country ("the Yarin
        # area of south Lebanon" is not in Beirut, where the report was filed).
        filed=find_dateline(text)
        if text
        and len([m for m in every or mentions if (m.start, m.end) not in country_spans]) == 1
        and not any(clause[0] <= s < clause[1] for s in country_starts)
        else None,
        prefer=prefer,
        also=also,
        weak_country=weak_country,
        # A province of the country named in the clause keeps the place in that country.
        stay=any(iso3 is None or h.entry.iso3 == iso3 for h in in_clause),
        scene=scene,
        named_in=frozenset(
            h.entry.name for h in [*admin1_mentions, *report_admin1] if h.entry.iso3 == iso3
        ),
    )
    country = countries.get(iso3 or "") or country
    text_admin1 = (
        (gazetteer.canonical_admin1(chosen.admin1, country=iso3) or chosen.admin1)
        if chosen.admin1
        else named_admin1
    )
    if (
        found is not None
        and chosen.admin1
        and not gazetteer.canonical_admin1(chosen.admin1, country=iso3)
        and not _is_admin1_somewhere(chosen.admin1)  # else the country is what is wrong
        and gazetteer.admin1_name(found)
    ):
        # "Gayeri in Komondjari province": a province that is no first-level unit of its
        # country (Burkina Faso's provinces lie inside regions) is not the admin1.
        text_admin1 = None
    if (
        found is not None
        and not chosen.admin1
        and chosen.precision < 3
        and named_admin1 is not None
        and any(h.start <= chosen.start < h.end and h.entry.name == named_admin1 for h in in_clause)
        and gazetteer.admin1_name(found)
    ):
        # "Sanaa" named as a town is the city, in the unit the city lies in; its namesake
        # province only chose among same-named places.
        text_admin1 = None
    if found is not None:
        home = countries.get(gazetteer.country_of(found) or "")
        return Place(
            name=chosen.name,
            admin1=text_admin1 or gazetteer.admin1_name(found) or elsewhere_admin1,
            admin2=chosen.admin2 or gazetteer.admin2_name(found),
            country=home.name if home else (country.name if country else None),
            country_code=home.iso3 if home else iso3,
            latitude=found.latitude,
            longitude=found.longitude,
            geo_precision=precision,  # type: ignore[arg-type]
            gazetteer_id=found.gazetteer_id,
            mentions=(chosen.evidence,),
        )
    return Place(
        name=chosen.name,
        admin1=text_admin1
        or gazetteer.canonical_admin1(chosen.name, country=iso3)
        or elsewhere_admin1,
        admin2=chosen.admin2,
        country=country.name if country else None,
        country_code=iso3,
        # The gazetteer gave no point: a precision would claim one. The name and the admin
        # names the text gives stay.
        geo_precision=None,
        mentions=(chosen.evidence,),
    )
