"""sitrep.read: every input format, the contract's article keys, and each kind of bad input.

Bad input never raises: it comes back as one ReadError naming the file (and line) and the
problem, and the articles after it are still read.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import NotEnglish, ReadError
from sitrep.models import Article
from sitrep.read import parse_published, read_articles

DATA = Path(__file__).parent / "data" / "read"
GOOD = "Rebels shelled the airport of Port Amsel overnight, wounding two guards, police said."


def read_all(*sources: str | Path, **options: object) -> list[Article | ReadError]:
    return list(read_articles(sources, **options))  # type: ignore[arg-type]


def read_one(source: str | Path, **options: object) -> Article:
    (article,) = read_all(source, **options)
    assert isinstance(article, Article), article
    return article


def read_error(source: str | Path, **options: object) -> ReadError:
    (error,) = read_all(source, **options)
    assert isinstance(error, ReadError), error
    return error


def sha16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@pytest.fixture
def good_txt(tmp_path: Path) -> Path:
    "A good article to read after a bad one, to show the batch goes on."
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


# --- .txt ------------------------------------------------------------------------------------


def test_txt_short_first_line_without_period_is_the_title() -> None:
    path = DATA / "with-title.txt"
    article = read_one(path)
    assert article.title == "Militia fighters storm army post near Wadi Sarab"
    assert article.text.startswith("Fighters of the invented Northern Shield militia")
    assert article.text.endswith("regained control of the post by the evening.")
    assert "storm army post" not in article.text
    assert article.origin == str(path)
    assert article.language == "en"
    assert (article.published, article.outlet, article.url) == (None, None, None)


def test_txt_first_line_ending_a_sentence_is_not_a_title() -> None:
    path = DATA / "no-title.txt"
    article = read_one(path)
    assert article.title is None
    assert article.text == path.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize(
    "content, title",
    [
        ("Army retakes Kelvara\n\n\nThe army retook the town on Monday.", "Army retakes Kelvara"),
        ("Army retakes Kelvara?\nThe army retook the town on Monday.", None),
        ("Army retakes Kelvara!\nThe army retook the town on Monday.", None),
        ('He said "they fled."\nThe army retook the town on Monday.', None),
        ("He said “they fled.”\nThe army retook the town on Monday.", None),
        ('Army "retakes" Kelvara\nThe army retook the town on Monday.', 'Army "retakes" Kelvara'),
        ("A" * 150 + "\nThe army retook the town on Monday.", "A" * 150),
        ("A" * 151 + "\nThe army retook the town on Monday.", None),
        ("The army retook the town of Kelvara on Monday, officials said", None),  # no body
    ],
)
def test_title_line_rule(tmp_path: Path, content: str, title: str | None) -> None:
    path = tmp_path / "article.txt"
    path.write_text(content, encoding="utf-8")
    article = read_one(path)
    assert article.title == title
    expected_text = content.strip() if title is None else "The army retook the town on Monday."
    assert article.text == expected_text


def test_txt_bom_and_windows_line_breaks_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    content = "\ufeffArmy retakes Kelvara\r\n\r\nThe army retook the town.\rResidents returned.\r\n"
    path.write_bytes(content.encode())
    article = read_one(path)
    assert article.title == "Army retakes Kelvara"
    assert article.text == "The army retook the town.\nResidents returned."


# --- .html -----------------------------------------------------------------------------------


def test_html_main_text_and_metadata_without_boilerplate() -> None:
    path = DATA / "clashes.html"
    article = read_one(path)
    assert article.text.startswith("Six fighters were killed on Saturday")
    assert "the road stayed closed until the evening." in article.text
    # Words that appear only in the nav, the aside and the footer:
    for word in ("Weatherdesk", "Sportsround", "Courierplus", "Zucchinifest", "Cryptocurrency"):
        assert word not in article.text
    for word in ("Meridianco", "Cookiepolicy", "Most read", "Homepage"):
        assert word not in article.text
    assert article.title == "Clashes near Wadi Sarab leave six dead"
    assert article.published == date(2023, 5, 14)
    assert article.outlet == "The Meridian Courier"
    assert article.origin == str(path)
    assert article.id == sha16(article.text)


@pytest.mark.reliability(
    "an HTML page with no article text",
    "a ReadError naming the file; the next file is still read",
)
def test_html_without_article_text_is_an_error(tmp_path: Path, good_txt: Path) -> None:
    path = tmp_path / "empty-page.html"
    path.write_text("<html><head><title>Index</title></head><body></body></html>", "utf-8")
    error, article = read_all(path, good_txt)
    assert isinstance(error, ReadError)
    assert (error.origin, error.problem) == (str(path), "no article text found in the HTML")
    assert isinstance(article, Article)
    assert article.text == GOOD


# --- .json and .jsonl ------------------------------------------------------------------------


def test_json_object_keys_and_non_string_id() -> None:
    path = DATA / "one.json"
    article = read_one(path)
    assert article == Article(
        id="4471",
        text=(
            "Two aid workers were abducted on the road to Kelvara on Friday, "
            "the relief agency said."
        ),
        published=date(2022, 11, 4),
        outlet="Harbour Wire",
        title="Aid workers abducted near Kelvara",
        url="https://example.org/kelvara",
        language="en",
        origin=str(path),
    )


def test_json_list_gives_one_article_per_item() -> None:
    path = DATA / "list.json"
    articles = read_all(path)
    assert [(a.id, a.origin, a.published) for a in articles] == [  # type: ignore[union-attr]
        ("list-1", f"{path}[0]", None),
        ("list-2", f"{path}[1]", date(2022, 11, 8)),
    ]


@pytest.mark.reliability(
    "a .jsonl file with an unterminated string, a list, a missing text and a bad date in lines",
    "one ReadError per bad line naming file:line; the good lines are read",
)
def test_jsonl_bad_lines_are_errors_and_the_good_lines_still_come_through() -> None:
    path = DATA / "mixed.jsonl"
    results = read_all(path)
    summary = [
        (type(r).__name__, r.origin, r.id if isinstance(r, Article) else r.problem) for r in results
    ]
    text_7 = "Rebels seized the customs post at Dorvik after a night of fighting, residents said."
    assert summary == [
        ("Article", f"{path}:1", "good-1"),
        (
            "ReadError",
            f"{path}:3",
            "invalid JSON (Unterminated string starting at column 26); "
            "each .jsonl line must be one article object",
        ),
        (
            "ReadError",
            f"{path}:4",
            "is a list, not an article object; an article is an object with a text",
        ),
        (
            "ReadError",
            f"{path}:5",
            'has no "text"; an article needs its body as a string in "text"',
        ),
        (
            "ReadError",
            f"{path}:6",
            'has "published" "last Tuesday", which is not a date; '
            "use YYYY-MM-DD or an ISO datetime",
        ),
        ("Article", f"{path}:7", sha16(text_7)),
    ]
    first = results[0]
    assert isinstance(first, Article)
    # Unknown keys ("gold", "origin") are ignored: the origin is where Sitrep read it.
    assert (first.published, first.outlet) == (date(2021, 6, 10), "Steppe Herald")


def test_str_of_a_read_error_names_origin_then_problem() -> None:
    path = DATA / "mixed.jsonl"
    errors = [r for r in read_all(path) if isinstance(r, ReadError)]
    assert str(errors[0]).startswith(f"{path}:3: invalid JSON (")


@pytest.mark.parametrize(
    "line, problem",
    [
        ('{"text": 42}', 'has "text" as a number; it must be a string'),
        ('{"text": "   "}', 'has an empty "text"; there is no article to read'),
        (
            json.dumps({"text": GOOD, "outlet": ["a"]}),
            'has "outlet" as a list; it must be a string',
        ),
        (json.dumps({"text": GOOD, "published": 20240301}), 'has "published" 20240301, which is'),
        ("42", "is a number, not an article object"),
        ("[" * 100_000, "invalid JSON (nested too deeply)"),
    ],
)
@pytest.mark.reliability(
    "a .jsonl line with text as a number, blank text, a list outlet, a numeric date, "
    "a bare number, or [ nested 100,000 deep",
    "a ReadError naming file:1 and the problem; no RecursionError",
)
def test_jsonl_line_problems(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "one-line.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    error = read_error(path)
    assert error.origin == f"{path}:1"
    assert error.problem.startswith(problem)


@pytest.mark.reliability("JSON Lines saved as .json", "a ReadError with the hint to name it .jsonl")
def test_json_lines_saved_as_json_get_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(f'{{"text": "{GOOD}"}}\n{{"text": "{GOOD}"}}\n', encoding="utf-8")
    error = read_error(path)
    assert error.origin == str(path)
    assert error.problem == (
        "invalid JSON (Extra data at line 2 column 1); it looks like JSON Lines, so name it .jsonl"
    )


@pytest.mark.reliability(
    "one Latin-1 line inside a UTF-8 .jsonl file",
    "a ReadError for that line with its byte offset; the other lines are read",
)
def test_jsonl_non_utf8_line_spoils_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    line_1 = json.dumps({"id": "a", "text": GOOD}).encode() + b"\n"
    line_2 = b'{"id": "b", "text": "Caf\xe9 bombed"}\n'
    line_3 = json.dumps({"id": "c", "text": GOOD}).encode() + b"\n"
    path.write_bytes(line_1 + line_2 + line_3)
    first, error, third = read_all(path)
    assert isinstance(first, Article) and first.id == "a"
    assert isinstance(error, ReadError)
    assert error.origin == f"{path}:2"
    offset = len(line_1) + line_2.index(b"\xe9")
    assert error.problem == f"is not UTF-8 text (byte 0xe9 at offset {offset}); save it as UTF-8"
    assert isinstance(third, Article) and third.id == "c"


# --- folders, explicit files, stdin ----------------------------------------------------------


def test_folder_is_read_recursively_in_path_order() -> None:
    folder = DATA / "tree"
    results = read_all(folder)
    assert all(isinstance(r, Article) for r in results), results
    assert [r.origin for r in results] == [
        str(folder / "0-root.txt"),
        f"{folder / '1-first' / 'a.jsonl'}:1",
        str(folder / "1-first" / "b.txt"),
        str(folder / "2-second" / "c.htm"),
    ]  # notes.md (other suffix) and .hidden/ are skipped
    assert results[1].id == "tree-jsonl"  # type: ignore[union-attr]
    assert results[3].title == "Curfew imposed in Rivelle"  # type: ignore[union-attr]


@pytest.mark.reliability(
    "a folder with no readable article files",
    "a ReadError naming the folder and the suffixes read",
)
def test_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("not an article", encoding="utf-8")
    error = read_error(tmp_path)
    assert error.origin == str(tmp_path)
    assert error.problem == "is a folder with no .txt, .html, .htm, .json, .jsonl files in it"


def test_explicit_file_with_other_suffix_is_read_as_text() -> None:
    path = DATA / "explicit-notes.md"
    article = read_one(path)
    assert article.text == path.read_text(encoding="utf-8").strip()
    assert article.origin == str(path)


@pytest.mark.reliability("a PDF named on the command line", "a ReadError: looks like a binary file")
def test_explicit_binary_file_with_other_suffix_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    error = read_error(path)
    assert (error.origin, error.problem) == (str(path), "looks like a binary file, not an article")


def test_a_single_path_is_one_source_not_its_characters() -> None:
    path = DATA / "no-title.txt"
    (article,) = read_articles(str(path))
    assert isinstance(article, Article) and article.origin == str(path)


def test_stdin_plain_text() -> None:
    stdin = io.StringIO("Port Amsel shelled\n\n" + GOOD + "\n")
    article = read_one("-", stdin=stdin)
    assert (article.title, article.text, article.origin) == ("Port Amsel shelled", GOOD, "<stdin>")
    assert article.id == sha16(GOOD)


def test_stdin_json_lines() -> None:
    lines = [
        json.dumps({"id": "s1", "text": GOOD}),
        "",
        "{not json",
        json.dumps({"id": "s2", "text": GOOD, "outlet": "Harbour Wire"}),
    ]
    results = read_all("-", stdin=io.StringIO("\n".join(lines) + "\n"))
    assert [(type(r).__name__, r.origin) for r in results] == [
        ("Article", "<stdin>:1"),
        ("ReadError", "<stdin>:3"),
        ("Article", "<stdin>:4"),
    ]
    assert results[2].outlet == "Harbour Wire"  # type: ignore[union-attr]


def test_stdin_json_document() -> None:
    stdin = io.StringIO(json.dumps([{"id": "x", "text": GOOD}], indent=2))
    article = read_one("-", stdin=stdin)
    assert (article.id, article.origin) == ("x", "<stdin>[0]")


@pytest.mark.reliability("Latin-1 bytes on stdin", "a ReadError naming <stdin> and the byte offset")
def test_stdin_bytes_that_are_not_utf8() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Caf\xe9 bombed in the old town, witnesses said."))
    error = read_error("-", stdin=stdin)
    assert error.origin == "<stdin>"
    assert error.problem == "is not UTF-8 text (byte 0xe9 at offset 3); save it as UTF-8"


# --- the contract's keys ---------------------------------------------------------------------


def test_published_and_outlet_fill_only_missing_values() -> None:
    defaults = {"published": date(2020, 1, 2), "outlet": "Default Outlet"}
    txt, own = read_all(DATA / "with-title.txt", DATA / "one.json", **defaults)
    assert isinstance(txt, Article) and isinstance(own, Article)
    assert (txt.published, txt.outlet) == (date(2020, 1, 2), "Default Outlet")
    assert (own.published, own.outlet) == (date(2022, 11, 4), "Harbour Wire")


def test_id_is_the_text_hash_whatever_the_format(tmp_path: Path) -> None:
    body = "The army retook the town of Kelvara on Monday, officials said."
    (tmp_path / "a.txt").write_text(f"Army retakes Kelvara\n\n{body}\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": body}) + "\n", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"text": body, "id": ""}), encoding="utf-8")
    ids = [a.id for a in read_all(tmp_path)]  # type: ignore[union-attr]
    assert ids == [sha16(body)] * 3
    assert sha16(body) == hashlib.sha256(body.encode()).hexdigest()[:16]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-03-01", date(2024, 3, 1)),
        (" 2024-03-01 ", date(2024, 3, 1)),
        ("2024-03-01T10:15:00", date(2024, 3, 1)),
        ("2024-03-01T23:30:00Z", date(2024, 3, 1)),
        ("2024-03-01T23:30:00-05:00", date(2024, 3, 1)),  # the outlet's own day, not UTC's
        ("2024-03-01T00:30:00.250+05:30", date(2024, 3, 1)),
        ("yesterday", None),
        ("01/03/2024", None),
        ("2024-02-30", None),
        ("", None),
    ],
)
def test_parse_published(value: str, expected: date | None) -> None:
    assert parse_published(value) == expected


# --- bad input: one error each, naming the file and the problem, then the batch goes on -------


@pytest.mark.reliability(
    "a Latin-1 .txt file",
    "a ReadError naming the file and the byte offset; the next file is still read",
)
def test_non_utf8_file(tmp_path: Path, good_txt: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café bombed in the old town, witnesses said.".encode("latin-1"))
    error, article = read_all(path, good_txt)
    assert isinstance(error, ReadError) and not isinstance(error, NotEnglish)
    assert error.origin == str(path)
    assert error.problem == "is not UTF-8 text (byte 0xe9 at offset 3); save it as UTF-8"
    assert isinstance(article, Article) and article.text == GOOD


@pytest.mark.reliability("a UTF-16 file with a BOM", "a ReadError saying to save it as UTF-8")
def test_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "notepad.txt"
    path.write_text(GOOD, encoding="utf-16")
    error = read_error(path)
    assert (error.origin, error.problem) == (
        str(path),
        "is UTF-16 text, not UTF-8; save it as UTF-8",
    )


@pytest.mark.reliability(
    "a PNG named .txt",
    "a ReadError: looks like a binary file; the next file is still read",
)
def test_binary_file(tmp_path: Path, good_txt: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error, article = read_all(path, good_txt)
    assert isinstance(error, ReadError)
    assert (error.origin, error.problem) == (str(path), "looks like a binary file, not an article")
    assert isinstance(article, Article)


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\n", "has only whitespace, no article text"),
        ("empty.html", b"", "is empty"),
        ("empty.json", b"", "is empty"),
        ("empty.jsonl", b"", "is empty"),
        ("blank.jsonl", b"\n\n  \n", "has only whitespace, no articles"),
    ],
)
@pytest.mark.reliability(
    "empty and whitespace-only .txt, .html, .json, .jsonl files",
    "a ReadError: is empty / has only whitespace; the next file is still read",
)
def test_empty_file(
    tmp_path: Path, good_txt: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error, article = read_all(path, good_txt)
    assert isinstance(error, ReadError)
    assert (error.origin, error.problem) == (str(path), problem)
    assert isinstance(article, Article)


@pytest.mark.reliability(
    "a 21 MB file",
    "a ReadError from its size alone, before it is read into memory",
)
def test_file_over_20_mb(tmp_path: Path, good_txt: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as f:  # sparse: its size is known by stat without writing 21 MB
        f.truncate(21_000_000)
    error, article = read_all(path, good_txt)
    assert isinstance(error, ReadError)
    assert error.origin == str(path)
    # Had the file been read, its NUL bytes would have made it a "binary file" instead.
    assert error.problem.startswith("is over the 20 MB limit (21.0 MB)")
    assert isinstance(article, Article)


@pytest.mark.reliability(
    "a path that does not exist",
    "a ReadError: does not exist; the next file is still read",
)
def test_missing_path(tmp_path: Path, good_txt: Path) -> None:
    missing = tmp_path / "nowhere" / "article.txt"
    error, article = read_all(missing, good_txt)
    assert isinstance(error, ReadError)
    assert (error.origin, error.problem) == (str(missing), "does not exist; check the path")
    assert isinstance(article, Article)


@pytest.mark.parametrize("name, code", [("french.txt", "fr"), ("arabic.txt", "ar")])
@pytest.mark.reliability(
    "French and Arabic articles",
    "a NotEnglish ReadError naming the language; nothing extracted",
)
def test_article_not_in_english(good_txt: Path, name: str, code: str) -> None:
    path = DATA / name
    error, article = read_all(path, good_txt)
    assert isinstance(error, NotEnglish)
    assert error.origin == str(path)
    assert error.problem == f"is in {code}, not English; nothing is extracted from it"
    assert isinstance(article, Article) and article.language == "en"


@pytest.mark.parametrize(
    "text",
    ["Five killed.", "Gunmen killed two farmers.", "ISIL attack kills 20 in Deir ez-Zor", "12 / 3"],
)
def test_short_english_texts_are_not_flagged(tmp_path: Path, text: str) -> None:
    path = tmp_path / "short.txt"
    path.write_text(text, encoding="utf-8")
    article = read_one(path)
    assert (article.text, article.language) == (text, "en")


@pytest.mark.parametrize("declared", ["en", "EN", "English", "en-GB", "en_US"])
def test_declared_english_is_trusted(tmp_path: Path, declared: str) -> None:
    french = (DATA / "french.txt").read_text(encoding="utf-8")
    path = tmp_path / "declared.jsonl"
    path.write_text(json.dumps({"text": french, "language": declared}) + "\n", encoding="utf-8")
    assert read_one(path).language == "en"


def test_declared_other_language_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "declared.jsonl"
    path.write_text(json.dumps({"text": GOOD, "language": "fr"}) + "\n", encoding="utf-8")
    error = read_error(path)
    assert isinstance(error, NotEnglish)
    assert (error.origin, error.problem) == (
        f"{path}:1",
        "is in fr, not English; nothing is extracted from it",
    )


# --- inputs that used to stop a batch (the hardening issue) -------------------------------------


@pytest.mark.reliability(
    "a JSON integer over 4,300 digits in a .jsonl or .json file",
    "a per-line error where a value is needed; ignored under other keys; the batch goes on",
)
def test_giant_json_integers(tmp_path: Path, good_txt: Path) -> None:
    digits = "9" * 5000
    lines = [
        f'{{"id": {digits}, "text": "{GOOD}"}}',
        f'{{"text": "{GOOD}", "page_views": -{digits}}}',  # an unknown key: harmless
        f'{{"text": "{GOOD}", "published": {digits}}}',
        f'{{"text": {digits}}}',
        digits,
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = tmp_path / "one.json"
    document.write_text(f'[{{"text": "{GOOD}", "n": {digits}}}, {digits}]', encoding="utf-8")
    results = read_all(batch, document, good_txt)
    assert [r.origin for r in results] == [
        f"{batch}:1", f"{batch}:2", f"{batch}:3", f"{batch}:4", f"{batch}:5",
        f"{document}[0]", f"{document}[1]", str(good_txt),
    ]  # fmt: skip
    problems = {r.origin: r.problem for r in results if isinstance(r, ReadError)}
    assert problems == {
        f"{batch}:1": 'has "id" as a number of 5000 digits; use a string id',
        f"{batch}:3": 'has "published" as a number of 5000 digits; use YYYY-MM-DD',
        f"{batch}:4": 'has "text" as a number of 5000 digits; it must be a string',
        f"{batch}:5": "is a number of 5000 digits, not an article object; "
        "an article is an object with a text",
        f"{document}[1]": "is a number of 5000 digits, not an article object; "
        "an article is an object with a text",
    }
    assert [r.text for r in results if isinstance(r, Article)] == [GOOD, GOOD, GOOD]


@pytest.mark.reliability(
    "a lone surrogate (\\ud800), NUL or other control character in a JSON article",
    "each becomes U+FFFD (form feed and vertical tab a newline), in text, id, title, outlet, url",
)
def test_characters_that_are_not_text_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "dirty.jsonl"
    dirty = {
        "id": "a\ud800b",
        "text": f"{GOOD}\ud800 Page\x00two\x1b[31m.\fPage three.\v",
        "title": "Title\udfff",
        "outlet": "Out\x00let",
        "url": "https://example.org/\ud83d",
    }
    hashed = {"text": f"{GOOD} Signed\x07."}  # no id: the id is the hash of the stored text
    path.write_text(json.dumps(dirty) + "\n" + json.dumps(hashed) + "\n", encoding="utf-8")
    first, second = read_all(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == f"{GOOD}\ufffd Page\ufffdtwo\ufffd[31m.\nPage three.\n"
    assert len(first.text) == len(dirty["text"])  # one for one: input positions still hold
    assert (first.id, first.title, first.outlet, first.url) == (
        "a\ufffdb",
        "Title\ufffd",
        "Out\ufffdlet",
        "https://example.org/\ufffd",
    )
    assert second.text == f"{GOOD} Signed\ufffd."
    assert second.id == sha16(second.text)


@pytest.mark.reliability(
    "a symlink that points to itself (a loop), or to nothing",
    'says "symlink loop" or "broken symlink" instead of "does not exist"',
)
def test_symlink_loops_and_broken_symlinks(tmp_path: Path, good_txt: Path) -> None:
    loop, other = tmp_path / "loop.txt", tmp_path / "other.txt"
    loop.symlink_to(other)
    other.symlink_to(loop)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "inner.txt").symlink_to("inner.txt")  # a loop found inside a folder
    results = read_all(loop, broken, folder, good_txt)
    assert [str(r) for r in results[:3]] == [
        f"{loop}: is a symlink loop (its links lead back to themselves); fix or remove the link",
        f"{broken}: is a broken symlink (to {tmp_path / 'gone.txt'}, which does not exist)",
        f"{folder / 'inner.txt'}: is a symlink loop (its links lead back to themselves); "
        "fix or remove the link",
    ]
    assert isinstance(results[3], Article)


@pytest.mark.reliability(
    "UTF-16 text without a byte-order mark",
    'says "UTF-16 text without a byte-order mark" instead of "binary"',
)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, good_txt: Path, encoding: str) -> None:
    txt, lines = tmp_path / "notepad.txt", tmp_path / "export.jsonl"
    txt.write_bytes(GOOD.encode(encoding))
    lines.write_bytes((json.dumps({"text": GOOD}) + "\n").encode(encoding))
    problem = "is UTF-16 text without a byte-order mark, not UTF-8; save it as UTF-8"
    first, second, article = read_all(txt, lines, good_txt)
    assert [str(first), str(second)] == [f"{txt}: {problem}", f"{lines}: {problem}"]
    assert isinstance(article, Article)


def test_binary_with_nuls_on_one_side_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "table.txt"  # 16-bit integers: NULs in every other byte, not text
    path.write_bytes(bytes(b for n in range(1, 400) for b in (n % 7 + 1, 0)))
    assert read_error(path).problem == "looks like a binary file, not an article"


@pytest.mark.reliability(
    "HTML nested 100,000 elements deep",
    'says "HTML nested too deeply to parse" instead of "no article text"',
)
def test_html_nested_too_deeply(tmp_path: Path, good_txt: Path) -> None:
    path = tmp_path / "deep.html"
    depth = 100_000
    path.write_text(
        f"<html><body>{'<div>' * depth}<p>{GOOD}</p>{'</div>' * depth}</body></html>",
        encoding="utf-8",
    )
    error, article = read_all(path, good_txt)
    assert isinstance(error, ReadError) and isinstance(article, Article)
    assert error.problem.startswith("has HTML nested too deeply to parse (over 255 elements deep)")


@pytest.mark.reliability(
    "a URL that redirects to itself",
    'one line: "redirects in a loop", not urllib\'s three-line message',
)
def test_redirect_loop_is_one_line() -> None:
    import http.server
    import threading

    class Loop(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", self.path)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Loop)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/news"
        error = read_error(url)
    finally:
        server.shutdown()
        server.server_close()
    assert str(error) == (
        f"{url}: redirects in a loop (HTTP 302, over 10 redirects); check the address"
    )


@pytest.mark.reliability(
    "a file name with a newline or an escape sequence in it",
    "the name is escaped (\\n, \\x1b) so the message stays one line",
)
def test_names_in_messages_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\nsitrep: skipped forged.txt: \x1b[2J.txt"
    path.write_bytes(b"")
    error = read_error(path)
    assert error.origin == str(path)  # the real name, to open the file with
    assert str(error) == f"{tmp_path}/a\\nsitrep: skipped forged.txt: \\x1b[2J.txt: is empty"
    declared = tmp_path / "declared.jsonl"
    declared.write_text(json.dumps({"text": GOOD, "language": "fr\nforged"}) + "\n")
    assert str(read_error(declared)).endswith(
        "is in fr\\nforged, not English; nothing is extracted from it"
    )
