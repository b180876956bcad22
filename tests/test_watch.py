"""`sitrep watch`: rounds against a real local web site whose feeds change, fail and recover.

The store is a real SQLite store, extraction the real Kit; only time is simulated: the sleep
between rounds advances a fake clock and moves the site on to its next state, so four rounds
take well under a second of waiting.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_feed import FEEDS, KHARKIV_GUID, KHARKIV_PATH, LOCAL, Site, refused_url

from sitrep.cli import cli
from sitrep.errors import FetchError, ReadError
from sitrep.extract import Kit, extract
from sitrep.read.fields import article_id
from sitrep.store import Store, open_store
from sitrep.watch import Round, parse_interval, watch

FRONTLINE = ("frontline.rss", "frontline-later.rss", "truncated.rss", "frontline-latest.rss")


@pytest.fixture
def site() -> Any:
    server = Site()
    yield server
    server.close()


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with open_store(tmp_path / "watch.db") as opened:
        yield opened


def local(site: Site, name: str) -> bytes:
    "A test feed with its links on the local site."
    text = (FEEDS / name).read_text(encoding="utf-8")
    text = text.replace("http://frontline.example", site.base)
    return text.replace("http://monitor.example", site.base).encode("utf-8")


class Timeline:
    """The site's state per round, and the fake clock and sleep that move through them.

    Round 1: both feeds up. Round 2: the Frontline feed has a new item; the Atom feed answers
    500. Round 3: the Frontline feed is malformed (cut off); the Atom feed is back. Round 4:
    the Frontline feed is fixed, with one more new item.
    """

    def __init__(self, site: Site) -> None:
        self.site, self.now, self.sleeps, self.round = site, 1000.0, [], 0
        site.serve(
            KHARKIV_PATH, (FEEDS / "kharkiv-shelling.html").read_bytes(), content_type="text/html"
        )
        self.frontline = site.url("/frontline.rss")
        self.monitor = site.url("/monitor.atom")
        self.advance()

    def advance(self) -> None:
        self.round += 1
        self.site.serve("/frontline.rss", local(self.site, FRONTLINE[self.round - 1]))
        if self.round == 2:
            self.site.serve(
                "/monitor.atom", "upstream failed", status=500, content_type="text/plain"
            )
        else:
            self.site.serve(
                "/monitor.atom",
                local(self.site, "monitor.atom"),
                content_type="application/atom+xml",
            )

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        self.advance()


@pytest.mark.reliability(
    "feeds that fail during `sitrep watch` rounds",
    "a warning per failing source; the others ingested; retried next round",
)
def test_four_rounds_ingest_only_new_items_and_survive_failing_feeds(
    site: Site, store: Store, kit: Kit
) -> None:
    timeline = Timeline(site)
    down = refused_url()
    warnings: list[Any] = []
    rounds = list(
        watch(
            [timeline.frontline, timeline.monitor, down],
            store=store,
            extract=lambda article: extract(article, kit=kit),
            every=600,
            rounds=4,
            policy=LOCAL,  # the items link to pages on the local site
            sleep=timeline.sleep,
            clock=timeline.clock,
            on_error=warnings.append,
        )
    )
    assert [(r.number, r.new, r.seen, len(r.failed)) for r in rounds] == [
        (1, 4, 0, 1),  # Kharkiv, Gao, Maiduguri, Idlib; the refused source fails
        (2, 1, 2, 2),  # Port Sudan is new; the Atom feed is down
        (3, 0, 2, 2),  # the Frontline feed is malformed; the Atom feed is back, nothing new
        (4, 1, 5, 1),  # fixed: Balochistan is new, and nothing was lost in round 3
    ]
    assert timeline.sleeps == [600, 600, 600]  # no sleep after the last round

    # the warnings name the source and the problem, and are what the rounds report (sources
    # are read side by side, so warnings come as they happen and Round.failed in source order)
    assert sorted(map(str, warnings)) == sorted(str(e) for r in rounds for e in r.failed)
    assert all(isinstance(e, FetchError) and e.origin == down for e in rounds[0].failed)
    atom_down, refused = rounds[1].failed
    assert atom_down.origin == timeline.monitor and "HTTP 500" in str(atom_down)
    assert refused.origin == down and "cannot be reached" in refused.problem
    malformed = rounds[2].failed[0]
    assert isinstance(malformed, ReadError) and malformed.origin == timeline.frontline
    assert "not a well-formed feed" in malformed.problem

    # every item is stored once, with its events; the teaser was replaced by its page
    guids = [
        KHARKIV_GUID,
        "frontline-2025-0112-gao",
        "frontline-2025-0115-port-sudan",
        "frontline-2025-0116-balochistan",
        "urn:sitrep-test:monitor:maiduguri-raid",
        "urn:sitrep-test:monitor:idlib-strike",
    ]
    assert all(store.seen(article_id=article_id(g)) for g in guids)
    assert store.stats()["articles"] == len(guids)
    stored_events = sum(len(store.events_of(article_id(g))) for g in guids)
    assert sum(r.events for r in rounds) == stored_events > 0
    kharkiv = store.article(article_id(KHARKIV_GUID))
    assert kharkiv is not None and "second-largest city" in kharkiv.text
    assert site.paths().count(KHARKIV_PATH) == 1  # a stored item's page is not fetched again


def test_a_round_longer_than_the_interval_is_followed_at_once(store: Store) -> None:
    now = [0.0]
    sleeps: list[float] = []

    def slow_clock() -> float:
        now[0] += 400  # every look at the clock finds 400 s gone
        return now[0]

    rounds = list(
        watch(
            [],
            store=store,
            extract=lambda a: [],
            every=600,
            rounds=2,
            sleep=sleeps.append,
            clock=slow_clock,
        )
    )
    assert [r.number for r in rounds] == [1, 2]
    assert sleeps == [0.0]


def test_the_summary_line() -> None:
    err = ReadError("http://x/feed", "answered HTTP 500")
    line = Round(
        number=3, new=1, events=2, seen=5, not_english=1, failed=(err,), seconds=0.42
    ).summary()
    assert line == (
        "round 3: 1 new article (2 events), 5 already seen, 1 not in English, "
        "1 failed (retried next round) [0.4 s]"
    )


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("10m", 600),
        ("90", 90),
        ("90s", 90),
        ("1h30m", 5400),
        ("1.5h", 5400),
        ("1d", 86400),
        (" 2M ", 120),
    ],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "ten minutes", "10x", "0m", "-5m", "m"])
def test_parse_interval_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError, match="interval"):
        parse_interval(text)


def test_the_command_prints_a_line_per_round_and_stops_cleanly_on_ctrl_c(
    tmp_path: Path, site: Site, kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = site.serve("/frontline.rss", local(site, "frontline.rss"))
    site.serve(
        KHARKIV_PATH, (FEEDS / "kharkiv-shelling.html").read_bytes(), content_type="text/html"
    )
    down = refused_url()

    def ctrl_c(seconds: float) -> None:  # the user presses Ctrl-C while the watch waits
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", ctrl_c)
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(
        cli,
        [
            "watch",
            feed,
            down,
            "--db",
            str(db),
            "--every",
            "10m",
            "--rounds",
            "5",
            "--allow-private",
        ],
        prog_name="sitrep",
    )
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert "round 1: 2 new articles" in line and "1 failed (retried next round)" in line
    assert f"sitrep: warning: {down}: cannot be reached" in result.stderr
    assert "stopped after 1 round(s)" in result.stderr
    with open_store(db, create=False) as reopened:
        assert reopened.seen(article_id=article_id(KHARKIV_GUID))


def test_a_bad_interval_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["watch", "feed.rss", "--db", str(tmp_path / "x.db"), "--every", "soon"],
        prog_name="sitrep",
    )
    assert result.exit_code == 2
    assert "--every" in result.stderr and "not an interval" in result.stderr


@pytest.mark.reliability(
    "`sitrep watch` on a feed whose teaser item links to a page on 127.0.0.1",
    "the page is not fetched without --allow-private: a warning naming the item, the rest stored",
)
def test_the_command_refuses_private_links_without_the_flag(
    tmp_path: Path, site: Site, kit: Kit
) -> None:
    feed = site.serve("/frontline.rss", local(site, "frontline.rss"))
    site.serve(
        KHARKIV_PATH, (FEEDS / "kharkiv-shelling.html").read_bytes(), content_type="text/html"
    )
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(
        cli, ["watch", feed, "--db", str(db), "--rounds", "1"], prog_name="sitrep"
    )
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert "round 1: 1 new article" in line and "1 failed (retried next round)" in line
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"sitrep: warning: {feed} item 1: has only a teaser")
    assert "127.0.0.1 is a loopback address" in warning and "--allow-private" in warning
    assert site.paths() == ["/frontline.rss"]  # the page was never asked for
