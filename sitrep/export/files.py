"""The one place an export file is opened: never onto the store, a device, a FIFO or a link.

`sitrep export -o x.db` once replaced the store x.db with its own export, and `-o /dev/full`
(as root) replaced the device node with a plain file: the export wrote a temporary file and
renamed it over whatever the path named. `output_file` refuses, with one line naming the
path and why, any target that is one of the store's files (by resolved path and by inode,
so a hard link or a `./` spelling is caught too) or anything but a regular file or a new
path. It then writes to a fresh temporary file in the same folder (O_EXCL, so a planted link
is never followed) and renames it into place only once the writer finishes, so a failed
export leaves the old file whole and no half-written one under the real name.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from sitrep.errors import ExportError

__all__ = ["check_target", "output_file"]

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(target: Path, *, protected: Iterable[Path] = ()) -> os.stat_result | None:
    """Refuse (ExportError) a target that is one of `protected` or not a regular file; its
    stat when it exists, None for a new path."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        found = None
    except OSError as err:
        raise ExportError(f"{target}: cannot be written ({err.strerror or err})") from err
    if found is not None:
        for test, kind in _KINDS:
            if test(found.st_mode):
                raise ExportError(
                    f"{target}: is {kind}, not a regular file; give a regular file or a new path"
                )
    real = os.path.realpath(target)
    for path in protected:
        same = real == os.path.realpath(path)
        if not same and found is not None:  # a hard link to a store file
            try:
                same = os.path.samestat(os.stat(path), found)
            except OSError:
                same = False
        if same:
            raise ExportError(
                f"{target}: is a file of the store being exported ({path}); "
                "write the export to another path"
            )
    return found


@contextmanager
def output_file(
    target: str | os.PathLike[str], *, binary: bool, protected: Iterable[Path] = ()
) -> Iterator[IO[Any]]:
    """A new file to write `target` through, renamed onto it when the block ends without an
    error (removed otherwise); see the module docstring for what is refused."""
    target = Path(target)
    found = check_target(target, protected=protected)
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise ExportError(
            f"{target}: cannot be written ({err.strerror or err}); check the folder exists "
            "and is writable"
        ) from err
    try:
        if binary:
            out: IO[Any] = os.fdopen(handle, "wb")
        else:
            out = os.fdopen(handle, "w", encoding="utf-8", newline="")
        with out:
            # mkstemp makes the file private (0600); the export gets the mode a new file
            # would get, or keeps the one of the file it replaces.
            os.chmod(out.fileno(), stat.S_IMODE(found.st_mode) if found else 0o666 & ~_umask())
            yield out
        os.replace(partial, target)
    except OSError as err:
        raise ExportError(
            f"{target}: cannot be written ({err.strerror or err}); check the folder exists "
            "and is writable"
        ) from err
    finally:
        Path(partial).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
