"""Events or incidents as JSON Lines: one contract record (`to_dict()`) per line.

This is the data contract's own format, so nothing is added to the lines; the GeoNames credit
goes to a sidecar file (see `sitrep.export`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from sitrep.models import Event, Incident

__all__ = ["write_jsonl"]


def write_jsonl(records: Iterable[Event | Incident], out: TextIO) -> int:
    "Write one JSON object per line; returns the number of lines."
    count = 0
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count
