"""Library errors as command-line errors: the one place every command converts them.

    SitrepError   one line on stderr, exit status 1 (bad input, a store that cannot open)
    FilterError   a usage error naming the option (`--country`), exit status 2: what the
                  user typed names nothing, and the message lists the closest values

Commands wrap their library calls in `library_errors()`; an exception that is not a
SitrepError (a bug) is left alone, so its traceback still reaches the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from sitrep.errors import FilterError, SitrepError
from sitrep.filters import TYPED_NAMES

__all__ = ["bad_filter", "library_errors"]


def bad_filter(err: FilterError) -> click.BadParameter:
    "A filter's value nobody knows, as a one-line usage error naming its option (exit 2)."
    flag = "--" + TYPED_NAMES.get(err.field, err.field).replace("_", "-")
    return click.BadParameter(str(err), param_hint=f"'{flag}'")


@contextmanager
def library_errors() -> Iterator[None]:
    "Run the block with Sitrep's errors turned into click's (see the module docstring)."
    try:
        yield
    except FilterError as err:
        raise bad_filter(err) from None
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
