"""The credits that travel with Sitrep's output, kept in one place.

Every place name, admin name and coordinate Sitrep writes comes from GeoNames, whose data is
licensed CC BY 4.0: anything made from it must credit "GeoNames, geonames.org" and name the
licence. Village-level places come from UCDP GED (Syria, CC BY 4.0) and OpenStreetMap
(Nigeria, ODbL 1.0, whose produced works carry its notice); they are credited too. So every
export carries `ATTRIBUTION`: inside the file where the format has room for it (a GeoJSON
foreign member, Parquet key-value metadata), and in a sidecar text file next to the formats
whose shape is fixed (ACLED CSV keeps exactly ACLED's columns; JSON Lines keeps exactly the
contract's records).

The spaCy pipeline is MIT-licensed; MIT asks for its notice in copies of the software, not
in what the software outputs, so nothing requires it in exports. It is named anyway, so a
reader of an export knows which model made the records.
"""

from __future__ import annotations

from sitrep import __version__

__all__ = ["ATTRIBUTION", "GEONAMES_CREDIT", "LICENSE", "VILLAGE_CREDITS", "export_metadata"]

#: The credit CC BY 4.0 asks for, in the form GeoNames asks for it.
GEONAMES_CREDIT = "GeoNames, geonames.org"

#: Credits for the village-level sources a place may come from (its `gazetteer_id` says
#: which: 'ucdp:...', 'osm:...', 'geonames-postal:...'). OSM's notice is the one ODbL asks
#: of a produced work.
VILLAGE_CREDITS = (
    "Syrian villages: UCDP Georeferenced Event Dataset, Uppsala Conflict Data Program "
    "(Sundberg and Melander 2013; CC BY 4.0). Nigerian settlements: contains information "
    "from OpenStreetMap, which is made available here under the Open Database License "
    "(ODbL); © OpenStreetMap contributors."
)

ATTRIBUTION = (
    f"Gazetteer: {GEONAMES_CREDIT} (CC BY 4.0). {VILLAGE_CREDITS}\n"
    "NLP: spaCy English pipeline en_core_web_sm (MIT, Explosion; trained on OntoNotes 5)."
)

#: The terms an export is under: the licence of the data it is built from.
LICENSE = (
    "Place names, admin names and coordinates from GeoNames (geonames.org), "
    "CC BY 4.0 https://creativecommons.org/licenses/by/4.0/; Syrian villages from UCDP GED, "
    "CC BY 4.0; Nigerian settlements from OpenStreetMap, ODbL 1.0 "
    "https://opendatacommons.org/licenses/odbl/1-0/"
)


def export_metadata() -> dict[str, str]:
    "The credits and the producer of an export, as string pairs any format can hold."
    return {
        "attribution": ATTRIBUTION,
        "license": LICENSE,
        "generator": f"sitrep {__version__}",
    }
