"""Properties at the reading and extraction boundary: hostile text in, the contract out.

Hypothesis writes articles the way a hostile or broken feed would: conflict-report sentences
with odd numbers in them ("1e400 killed", "999999999999 dead", "-5 wounded", a 5,000-digit
figure), spliced with arbitrary Unicode (lone surrogates, NUL, controls, RTL marks, CJK,
emoji, combining marks), as long single lines or the same sentence hundreds of times; JSON
whose values are giant integers, infinities and the wrong types; HTML nested thousands deep.
Each is saved as a file (or piped as stdin) and read with `read_articles`, as the CLI does,
and every article read goes through `extract` with the real Kit. Whatever the input:

- reading yields an Article or a ReadError naming where it came from, never a traceback;
- every event keeps the contract (shared/spec/events.md, "Output: an event record"): types in
  the taxonomy, `0 <= low <= best <= high` as ints, every span slicing the text, actor kinds
  and roles from the contract's lists, a place's coordinates in range with geo_precision
  1..3 (an unresolved place has no coordinates, as tests/test_contract.py allows);
- one article takes under 10 s (Hypothesis' deadline), several times what the longest
  generated article needs on a loaded 2-core machine, so load alone does not fail it.

The attacks named in the hardening issue (lone surrogates, NUL, giant JSON integers, dates at
the calendar's ends, deep HTML, a 5,000-digit figure) are explicit examples, run every time
whatever Hypothesis draws. Runs are derandomized (the same examples every time, no example
database), so a failure in CI is a failure on a laptop. SITREP_PROPERTY_EXAMPLES multiplies
the example counts and makes the draws random, for a longer hunt on a spare machine:
`SITREP_PROPERTY_EXAMPLES=10 python -m pytest tests/test_properties.py`.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitrep.errors import ReadError
from sitrep.extract import Kit, extract
from sitrep.extract.numbers import find_figures
from sitrep.models import Article, Count, Event, Evidence
from sitrep.read import read_articles
from tests.conftest import SHARED, spec_taxonomy

# -- the contract, read from shared/spec/events.md -------------------------------------------

TAXONOMY = {name: set(subs) for name, subs in spec_taxonomy().items()}
_SPEC = (SHARED / "spec" / "events.md").read_text(encoding="utf-8")
#: `"kind": one of "state forces", ..., "external force", "country": ...` in the actor line.
KINDS = set(re.findall(r'"([^"]+)"', _SPEC.split('"kind": one of', 1)[1].split('"country"')[0]))
ROLES = set(re.findall(r'"(\w+)"', _SPEC.split('{"role":', 1)[1].split(', "name"')[0]))
QUALIFIERS = set(re.findall(r'"(\w+)"', _SPEC.split('"qualifier":', 1)[1].split("}")[0]))
PRECISIONS = {"day", "week", "month", "year"}

#: Generous: a few-KB article takes well under a second, a 12,000-character one about 3 s on
#: a loaded 2-core machine; 10 s means something has gone quadratic.
PER_ARTICLE = timedelta(seconds=10)
_SCALE = max(1, int(os.environ.get("SITREP_PROPERTY_EXAMPLES", "1")))


def _settings(examples: int, *, deadline: timedelta | None) -> Any:
    "Reproducible settings: derandomized, no example database, and sized for a busy CI box."
    return settings(
        max_examples=examples * _SCALE,
        deadline=deadline,
        derandomize=_SCALE == 1,
        database=None,
        # Building a 12,000-character line or a 3,000-deep page is slow to generate by
        # design; what is timed is reading and extraction, by the deadline.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- strategies --------------------------------------------------------------------------------

ACTORS = (
    "The Syrian army", "HTS fighters", "Russian forces", "Gunmen", "Al-Shabaab militants",
    "Police", "Protesters", "Boko Haram", "Ukrainian troops", "Unidentified attackers",
    "Government forces", "Hayat Tahrir al-Sham (HTS)", "ISWAP", "Rioters", "The Taliban",
)  # fmt: skip
VERBS = (
    "attacked", "shelled", "clashed with residents of", "bombed", "ambushed a convoy near",
    "raided", "protested in", "seized", "launched an airstrike on", "abducted villagers in",
    "detonated an IED in", "overran", "looted shops in", "marched peacefully through",
)  # fmt: skip
PLACES = (
    "Aleppo", "Idlib province", "Gao", "Donetsk", "Kabul", "Maiduguri", "Qabtan al-Jabal",
    "Bakhmut", "Mogadishu", "Gaza", "Khartoum", "the village of Kafr Nabl", "Borno State",
)  # fmt: skip
WHEN = (
    "on Monday", "last week", "yesterday", "on 3 May", "in March 2021", "on 31 December 9999",
    "on 1 January 0001", "last month", "on Wednesday night", "",
)  # fmt: skip
PREFIXES = (
    "", "at least ", "nearly ", "about ", "up to ", "more than ", "an estimated ", "some ",
    "no fewer than ", "almost ", "",
)  # fmt: skip
NOUNS = (
    "civilians", "soldiers", "people", "HTS members", "fighters", "children", "", "police officers",
)  # fmt: skip
SOURCES = (
    "SOHR said", "officials said", "according to al-Mayadeen", "the ministry claimed",
    "a local source told Reuters", "",
)  # fmt: skip

#: Numbers no style guide allows, and the ones Python's int() refuses (over 4,300 digits).
ODD_NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.integers(0, 10**30).map(str),
    st.integers(0, 10**15).map(lambda n: f"{n:,}"),
    st.integers(4290, 4400).map(lambda n: "9" * n),
    st.integers(1, 40).map(lambda n: f"1{'0' * n} million"),
    st.sampled_from(
        [
            "1e400", "-5", "999999999999", "0", "00", "007", "1.5", "3.", ".5", "1e-5", "NaN",
            "Infinity", "½", "٣٠", "３０", "²", "1/2", "nine million million million",
            "a dozen", "dozens of", "hundreds of thousands of", "5 to 3", "10-1000", "0-0",
            "twenty-five", "one hundred and one", "a", "one", "99999999999999999999 thousand",
            "9,999,999,999,999,999,999", "1 000 000", "1_000", "0x1F", "−7", "+3",
        ]
    ),
)  # fmt: skip
CUES = ("killed", "were killed", "dead", "wounded", "were injured", "captured", "died")

#: Characters from the corners of Unicode: surrogates (Cs), controls (Cc), format marks (Cf,
#: RTL overrides and zero-width joiners), combining marks (Mn), private use (Co).
ODD_CHARACTERS = st.characters(categories=["Cs", "Cc", "Cf", "Mn", "Co", "Zl", "Zp"])
NOISE = st.one_of(
    st.text(ODD_CHARACTERS, min_size=1, max_size=12),
    st.text(st.characters(exclude_categories=()), min_size=1, max_size=40),
    st.sampled_from(
        [
            "\x00", "\u202e", "\u200f", "\ufeff", "\u2028", "\u0301" * 20, "😀", "👨‍👩‍👧",
            "قتل ٣٠ جنديا في حلب", "在巴赫穆特发生冲突", "Ελλάδα", "\ud800", "\udfff", "\x1b[31m",
            "\r", "\x0b\x0c", "ﷺ", "\U0010ffff", "Z̴̡̛a̷̧l̸g̵o̶", "Ａｌｅｐｐｏ", "ǅ", "İstanbul",
        ]
    ),
)  # fmt: skip


@st.composite
def figure_phrases(draw: st.DrawFn) -> str:
    "A casualty phrase around an odd number: 'killing at least 1e400 civilians', '-5 wounded'."
    number = draw(ODD_NUMBERS)
    prefix, noun = draw(st.sampled_from(PREFIXES)), draw(st.sampled_from(NOUNS))
    cue = draw(st.sampled_from(CUES))
    if draw(st.booleans()):
        return f"{' '.join(f'{prefix}{number} {noun}'.split())} {cue}"
    verb = {"killed": "killing", "dead": "leaving dead", "wounded": "wounding"}.get(cue, "killing")
    return f"{verb} {prefix}{number} {noun}".rstrip()


@st.composite
def report_sentences(draw: st.DrawFn) -> str:
    "One sentence of a conflict report, its figure odd and, sometimes, noise inside a word."
    sentence = " ".join(
        f"{draw(st.sampled_from(ACTORS))} {draw(st.sampled_from(VERBS))} "
        f"{draw(st.sampled_from(PLACES))} {draw(st.sampled_from(WHEN))}, "
        f"{draw(figure_phrases())}, {draw(st.sampled_from(SOURCES))}".split()
    ).rstrip(",")
    sentence += draw(st.sampled_from([".", ".", "!", "", "...", ".\u201d"]))
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(sentence)))
        sentence = sentence[:at] + draw(NOISE) + sentence[at:]
    return sentence


#: A coder's note in ACLED's own words, around an odd number.
CODER_NOTES = ODD_NUMBERS.map(lambda n: f"Fatalities split between {n} events.")

#: The longest repeated or single-line text generated: long enough for quadratic work to
#: show against the deadline, short enough that spaCy alone (about 5,000 characters a
#: second on a loaded 2-core CI machine) stays far inside it.
LONG_TEXT = 12_000
SEPARATORS = st.sampled_from([" ", "\n", "\n\n", "", "\r\n", "\u2028", "\t", " \x00 ", "\u3000"])


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """An article body: a mix of report sentences, noise and bare numbers; or one sentence
    repeated up to 400 times; or one line of up to 12,000 characters. Repeats stop at
    LONG_TEXT characters: far longer articles are a separate case (the 1M-character cap)."""
    shape = draw(st.sampled_from(["mixed", "mixed", "mixed", "repeated", "long line"]))
    if shape == "repeated":
        sentence = draw(report_sentences()) + draw(SEPARATORS)
        times = min(draw(st.integers(2, 400)), LONG_TEXT // len(sentence))
        return sentence * max(times, 2)
    if shape == "long line":
        sentences = draw(st.lists(report_sentences(), min_size=1, max_size=4))
        line = " ".join(" ".join(s.splitlines()) for s in sentences) + " "
        return line * max(1, LONG_TEXT // len(line) // draw(st.integers(1, 4)))
    parts = draw(
        st.lists(
            st.one_of(report_sentences(), report_sentences(), NOISE, ODD_NUMBERS, CODER_NOTES),
            min_size=1,
            max_size=10,
        )
    )
    text = parts[0]
    for part in parts[1:]:
        text += draw(SEPARATORS) + part
    return text


FORMATS = ("txt", "json", "jsonl", "html", "stdin")
OUTLETS = st.one_of(st.none(), st.sampled_from(["Tasnim News Agency", "SOHR", "Reuters"]), NOISE)


def _html_page(text: str, *, depth: int, title: str) -> str:
    "The text as paragraphs of a page, inside `depth` nested <div>s."
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        f"{'<div>' * depth}<article>{body}</article>{'</div>' * depth}</body></html>"
    )


def _read(
    fmt: str,
    text: str,
    *,
    folder: Path,
    published: date | None,
    outlet: str | None,
    json_published: date | None,
    declare_english: bool,
    depth: int,
) -> list[Article | ReadError]:
    "Save `text` as a file of format `fmt` (or pipe it as stdin) and read it as the CLI does."
    record: dict[str, Any] = {"text": text}
    if json_published is not None:
        record["published"] = json_published.isoformat()
    if outlet is not None:
        record["outlet"] = outlet
    if declare_english:  # so foreign noise still reaches extraction instead of NotEnglish
        record["language"] = "en"
    # Lone surrogates cannot be UTF-8; "surrogatepass" writes the bytes a broken encoder would.
    raw = {
        "txt": text.encode("utf-8", "surrogatepass"),
        "json": json.dumps(record).encode(),
        "jsonl": (json.dumps(record) + "\n").encode(),
        "html": _html_page(text, depth=depth, title=text[:60]).encode("utf-8", "surrogatepass"),
        "stdin": text.encode("utf-8", "surrogatepass"),
    }[fmt]
    if fmt == "stdin":
        stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
        return list(read_articles(["-"], published=published, outlet=outlet, stdin=stream))
    path = folder / f"article.{fmt}"
    path.write_bytes(raw)
    return list(read_articles([path], published=published, outlet=outlet))


# -- the contract's invariants -------------------------------------------------------------------


def _assert_span(text: str, start: Any, end: Any, span: str, what: str) -> None:
    assert type(start) is int and type(end) is int, f"{what}: offsets {start!r}:{end!r}"
    assert 0 <= start <= end <= len(text), f"{what}: {start}:{end} outside {len(text)} chars"
    assert text[start:end] == span, f"{what}: text[{start}:{end}] is not {span!r}"


def _assert_evidence(text: str, spans: tuple[Evidence, ...], what: str) -> None:
    for ev in spans:
        _assert_span(text, ev.start, ev.end, ev.text, what)


def _assert_count(text: str, count: Count | None, what: str) -> None:
    if count is None:
        return
    figures = (count.low, count.best, count.high)
    assert all(type(n) is int for n in figures), f"{what}: {figures} are not all ints"
    assert 0 <= count.low <= count.best <= count.high, f"{what}: low/best/high {figures}"
    for share in count.breakdown:
        assert type(share.count) is int and share.count >= 0, f"{what}: share {share}"
        assert share.qualifier in QUALIFIERS, f"{what}: qualifier {share.qualifier!r}"
    _assert_evidence(text, count.mentions, f"{what} mention")


def assert_keeps_the_contract(event: Event, text: str) -> None:
    "Every invariant of the contract's event record that holds whatever the text says."
    assert event.event_type in TAXONOMY, event.event_type
    assert event.sub_event_type in TAXONOMY[event.event_type], event.sub_event_type
    assert event.event_date is None or isinstance(event.event_date, date)
    if event.event_date is not None:
        assert event.date_precision in PRECISIONS, event.date_precision
    for actor in event.actors:
        assert actor.role in ROLES and actor.kind in KINDS, (actor.role, actor.kind)
        assert isinstance(actor.name, str) and actor.name.strip(), actor
        _assert_evidence(text, actor.mentions, f"actor {actor.name!r}")
    if event.location is not None:
        place = event.location
        assert isinstance(place.name, str) and place.name.strip(), place
        # A place the gazetteer cannot resolve keeps its name without coordinates (the
        # contract test's rule too); coordinates, when given, come with their precision.
        assert place.geo_precision in (None, 1, 2, 3), place.geo_precision
        if place.latitude is not None or place.longitude is not None:
            assert place.geo_precision in (1, 2, 3), place
            lat, lon = place.latitude, place.longitude
            assert isinstance(lat, int | float) and isinstance(lon, int | float), place
            assert -90 <= lat <= 90 and -180 <= lon <= 180, place
        _assert_evidence(text, place.mentions, f"place {place.name!r}")
    for field in ("fatalities", "wounded", "captured"):
        _assert_count(text, getattr(event, field), field)
    for claim in event.claims:
        _assert_span(text, claim.start, claim.end, claim.quote, f"{claim.field} claim")
    assert all(isinstance(s, str) and s for s in event.sources), event.sources
    assert isinstance(event.notes, str)
    assert isinstance(event.confidence, float) and 0.0 <= event.confidence <= 1.0
    # The record is what `--format jsonl` writes: plain JSON, no NaN or infinity.
    json.dumps(event.to_dict(), allow_nan=False)


def _assert_read_item(item: Article | ReadError, origin: str) -> None:
    "Reading yields an Article fit for extraction or a ReadError that names where it was."
    assert isinstance(item, Article | ReadError), type(item)
    if isinstance(item, ReadError):
        assert str(item).startswith(origin), str(item)
        return
    assert isinstance(item.id, str) and item.id
    assert isinstance(item.text, str) and item.text.strip()
    assert item.published is None or isinstance(item.published, date)
    for value in (item.outlet, item.title, item.url, item.language):
        assert value is None or isinstance(value, str)


# -- the properties ------------------------------------------------------------------------------


LEAD = "Gunmen attacked the village of Kafr Nabl in Idlib on Monday, killing 12 civilians."
RELATIVE_DATES = (
    f"{LEAD} Yesterday, last week, this week and last month, on Sunday, at Christmas, "
    "on 3 May and two days ago, more were killed."
)
#: The arguments an explicit example does not vary.
ARTICLE: dict[str, Any] = {
    "published": None,
    "json_published": None,
    "outlet": None,
    "declare_english": True,
    "depth": 0,
}


@pytest.fixture(scope="module")
def warm_kit(kit: Kit) -> Kit:
    "The Kit after one article and one page, so lazy loading is not timed against an example."
    for item in read_articles([Path(__file__).parent / "data" / "read"]):
        if isinstance(item, Article):
            extract(item, kit=kit)
    return kit


@pytest.mark.reliability(
    "arbitrary Unicode (lone surrogates, NUL, controls, RTL, CJK, emoji, combining marks), "
    "odd numbers (1e400, 999999999999, -5, 4,300+ digits), long single lines, repeated "
    "sentences and deep HTML, as .txt, .json, .jsonl, .html and stdin",
    "an Article or a ReadError, never a traceback; every event keeps the contract "
    "(taxonomy, 0 <= low <= best <= high, spans slice the text, kinds, geo_precision); "
    "under 10 s an article",
)
@_settings(120, deadline=PER_ARTICLE)
# The attacks named in the hardening issue run on every run, whatever Hypothesis draws.
@example(**ARTICLE, text=f"{LEAD} A lone surrogate \ud800 and its pair \udfff.", fmt="json")
@example(**ARTICLE, text=f"{LEAD}\x00 Then NUL\x00 bytes.", fmt="json")
@example(**ARTICLE, text=f"{LEAD}\x00 Then NUL\x00 bytes.", fmt="txt")
@example(**{**ARTICLE, "published": date(9999, 12, 31)}, text=RELATIVE_DATES, fmt="txt")
@example(**{**ARTICLE, "json_published": date(1, 1, 1)}, text=RELATIVE_DATES, fmt="json")
@example(**ARTICLE, text=f"{LEAD} 1e400 killed, 999999999999 dead, -5 wounded.", fmt="txt")
@example(**ARTICLE, text=f"Gunmen in Gao killed {'9' * 5000} civilians.", fmt="stdin")
@example(**{**ARTICLE, "depth": 3000}, text=LEAD, fmt="html")
@example(**ARTICLE, text=(LEAD + " ") * 140, fmt="jsonl")
@given(
    text=article_texts(),
    fmt=st.sampled_from(FORMATS),
    published=st.none() | st.dates(),
    json_published=st.none() | st.dates(),
    outlet=OUTLETS,
    declare_english=st.booleans(),
    depth=st.one_of(st.just(0), st.integers(1, 40), st.integers(200, 3000)),
)
def test_any_article_is_read_and_extracted_within_the_contract(
    warm_kit: Kit,
    text: str,
    fmt: str,
    published: date | None,
    json_published: date | None,
    outlet: str | None,
    declare_english: bool,
    depth: int,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        items = _read(
            fmt,
            text,
            folder=Path(folder),
            published=published,
            outlet=outlet,
            json_published=json_published,
            declare_english=declare_english,
            depth=depth,
        )
        origin = "<stdin>" if fmt == "stdin" else str(Path(folder) / f"article.{fmt}")
    assert items, "reading gave neither an article nor an error"
    for item in items:  # stdin that looks like JSON may hold several
        _assert_read_item(item, origin)
        if isinstance(item, Article):
            for event in extract(item, kit=warm_kit):
                assert event.article_id == item.id
                assert_keeps_the_contract(event, item.text)


#: JSON values of every kind, some that json.loads turns into giant ints or infinities.
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(4290, 6000).map(lambda n: "9" * n),  # raw: json.loads makes it a giant int
    st.floats(allow_nan=False),
    st.sampled_from(["1e400", "-1e400", "-0", "0.0", "1E+999999"]),
    st.text(max_size=20),
    st.sampled_from(["2024-11-27", "9999-12-31", "0001-01-01", "2024-02-30", "", "  "]),
)
RAW_NUMBER = re.compile(r"^-?[\dEe+.-]+$")


def _json_value(value: Any) -> str:
    "A JSON scalar; a string of digits in JSON_SCALARS stands for a raw JSON number."
    if isinstance(value, str) and value and RAW_NUMBER.match(value) and value != "-":
        return value
    return json.dumps(value)


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    "An article object whose keys hold any kind of value, raw giant numbers included."
    keys = draw(
        st.lists(
            st.sampled_from(["id", "text", "published", "outlet", "title", "url", "language"]),
            unique=True,
            max_size=7,
        )
    )
    fields = {key: draw(JSON_SCALARS) for key in keys}
    if draw(st.booleans()):
        fields["text"] = "Gunmen killed 5 civilians in Gao on Monday, officials said."
    body = ", ".join(f"{json.dumps(k)}: {_json_value(v)}" for k, v in fields.items())
    nested = draw(st.integers(0, 3))
    return "[" * nested + "{" + body + "}" + "]" * nested


@pytest.mark.reliability(
    "JSON and JSON Lines articles whose keys hold giant integers (4,300+ digits), 1e400, "
    "floats, booleans, null, wrong types and impossible dates",
    "an Article with string fields or a ReadError naming the file or line, never a traceback",
)
@_settings(200, deadline=timedelta(seconds=5))
@example(document=f'{{"id": {"9" * 5000}, "text": "{LEAD}"}}', fmt="json")
@example(document=f'{{"published": {"9" * 4301}, "text": "{LEAD}"}}', fmt="jsonl")
@example(document=f'{{"id": 1e400, "outlet": -1e400, "text": "{LEAD}"}}', fmt="jsonl")
@given(document=json_documents(), fmt=st.sampled_from(["json", "jsonl"]))
def test_any_json_value_is_an_article_or_a_read_error(document: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"articles.{fmt}"
        path.write_text(document + "\n", encoding="utf-8")
        items = list(read_articles([path]))
    assert items
    for item in items:
        _assert_read_item(item, str(path))


@pytest.mark.reliability(
    "number expressions around odd numbers (1e400, -5, 999999999999, 4,300+ digits, "
    "'5 to 3', 'nearly 0') in arbitrary text",
    "every figure's span slices the text and 0 <= low <= best <= high as ints",
)
@_settings(300, deadline=timedelta(seconds=5))
@given(
    text=st.lists(st.one_of(figure_phrases(), ODD_NUMBERS, NOISE), min_size=1, max_size=6).map(
        " ".join
    )
)
def test_every_number_expression_gives_an_ordered_range(text: str) -> None:
    for figure in find_figures(text):
        assert 0 <= figure.start < figure.end <= len(text)
        values = (figure.low, figure.best, figure.high)
        assert all(type(n) is int for n in values), values
        surface = text[figure.start : figure.end]
        assert 0 <= figure.low <= figure.best <= figure.high, (surface, values)
