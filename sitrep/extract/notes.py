"""One neutral sentence in ACLED style: date, who, did what, where, fatalities.

Only canonical names and the taxonomy's words go in, so no loaded wording can leak into it.
"""

from __future__ import annotations

from datetime import date

from sitrep.models import Actor, Count, Place

_DID = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Air/drone strike": "carried out an air or drone strike on",
    "Shelling/artillery/missile attack": "shelled or fired missiles at",
    "Remote explosive/landmine/IED": "used a remote explosive against",
    "Suicide bomb": "carried out a suicide bombing against",
    "Grenade": "threw a grenade at",
    "Chemical weapon": "used a chemical weapon against",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "committed sexual violence against",
    "Peaceful protest": "held a peaceful protest",
    "Protest with intervention": "protested and were met by",
    "Excessive force against protesters": "protested and faced excessive force from",
    "Violent demonstration": "held a violent demonstration against",
    "Mob violence": "took part in mob violence against",
    "Arrests": "arrested",
    "Agreement": "reached an agreement with",
    "Change to group/activity": "changed its activity or positions",
    "Disrupted weapons use": "disrupted weapons use",
    "Headquarters or base established": "established a base or headquarters",
    "Looting/property destruction": "looted or destroyed property of",
    "Non-violent transfer of territory": "took over territory without fighting from",
    "Other": "was involved in a strategic development with",
}
_NO_OBJECT = {
    "Peaceful protest",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
}


def write_notes(
    *,
    event_date: date | None,
    precision: str,
    event_type: str,
    sub_event_type: str,
    actors: tuple[Actor, ...],
    location: Place | None,
    fatalities: Count | None,
) -> str:
    "The event in one neutral sentence."
    when = _when(event_date, precision)
    actor1 = next((a.name for a in actors if a.role == "actor1"), "An unidentified actor")
    actor2 = next((a.name for a in actors if a.role == "actor2"), None)
    did = _DID[sub_event_type]
    if sub_event_type in _NO_OBJECT or actor2 is None:
        did = did.removesuffix(" with").removesuffix(" against").removesuffix(" on")
        did = did.removesuffix(" from").removesuffix(" at").removesuffix(" of").removesuffix(" by")
        body = f"{actor1} {did}"
    else:
        body = f"{actor1} {did} {actor2}"
    where = f" in {location.name}" if location else ""
    if location and location.geo_precision == 2:
        where = f" near {location.name}"
    toll = ""
    if fatalities is not None:
        toll = (
            "; no fatalities were reported"
            if fatalities.best == 0
            else f"; {fatalities.best} {'fatality was' if fatalities.best == 1 else 'fatalities were'} reported"  # noqa: E501
        )
    sentence = f"{when}{body}{where}{toll}."
    return sentence[0].upper() + sentence[1:]


def _when(event_date: date | None, precision: str) -> str:
    if event_date is None:
        return ""
    if precision == "month":
        return f"In {event_date:%B %Y}, "
    if precision == "week":
        return f"In the week of {event_date.day} {event_date:%B %Y}, "
    return f"On {event_date.day} {event_date:%B %Y}, "
