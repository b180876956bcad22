"""The Kit: loaded once per process, and kept out of the garbage collector's way."""

from __future__ import annotations

import gc


def test_the_loaded_kit_is_out_of_the_collectors_reach(kit: object) -> None:
    # A full collection would walk the Kit's objects (a quarter of a second each time) and,
    # in a forked worker, copy the pages they sit on.
    assert gc.get_freeze_count() > 100_000
