"""Reading plan and data files without trusting what the directory holds.

A plan directory is edited by many hands (a web editor, a pull request, a shared drive). Where a plan,
toelichting or measurement file is expected there may be a named pipe (reading it blocks for ever), a device
(endless bytes), a folder, a socket, a sparse file of many gigabytes, or a symbolic link to a file elsewhere
on the server (`/proc/self/environ` holds the process's secrets). So every file is checked before it is read:

- it must lie inside its root directory once all links are followed: nothing outside plan/ and data/ is read;
- it must be a regular file, asked of the file system, not of its name;
- its size must be within the limit;

and the read itself cannot block or overrun: the file is opened non-blocking, checked again on the open
handle (the name may have been swapped in between), and read up to the limit plus one byte (files in /proc
report size 0 and still have content).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Refused(Exception):
    """The file was not read; the message says why in plain words (without the file's content)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def kind_of(mode: int) -> str:
    """'a folder', 'a named pipe (FIFO)', … for what is not a regular file."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _check(mode: int, size: int, limit: int, what: str) -> None:
    if not stat.S_ISREG(mode):
        raise Refused(f"this is {kind_of(mode)}, not a file: refused without reading it")
    if size > limit:
        raise Refused(f"file is {size:,} bytes; {what} are limited to {limit:,} bytes")


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, lies inside `root` (with its links followed)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def read_bytes(path: Path, root: Path, limit: int, what: str) -> bytes:
    """The contents of `path`, or Refused. `what` names the files in the size message ('plan files')."""
    if not inside(path, root):
        raise Refused(outside_message(root))
    try:
        _check(*_mode_and_size(os.stat(path)), limit, what)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise Refused(f"cannot read the file: {exc.strerror}") from None
    try:
        _check(*_mode_and_size(os.fstat(fd)), limit, what)  # the name may have been swapped since
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Refused(f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if total > limit:  # a file that reports a small size and has more (/proc), or grew while being read
        raise Refused(f"file is more than {limit:,} bytes; {what} are limited to {limit:,} bytes")
    return b"".join(chunks)


def _mode_and_size(result: os.stat_result) -> tuple[int, int]:
    return result.st_mode, result.st_size


def outside_message(root: Path) -> str:
    return f"this is a link to a place outside {Path(root).as_posix()}/: refused, only files inside it are read"
