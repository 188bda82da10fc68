"""Reading plan and data files, and writing what Regiomonitor makes, without trusting what the directory holds.

A plan directory is edited by many hands (a web editor, a pull request, a shared drive). Where a plan,
toelichting or measurement file is expected there may be a named pipe (reading it blocks for ever), a device
(endless bytes), a folder, a socket, a sparse file of many gigabytes, or a symbolic link to a file elsewhere
on the server (`/proc/self/environ` holds the process's secrets). So every file is checked before it is read:

- it must lie inside its root directory once all links are followed: nothing outside plan/ and data/ is read;
- it must be a regular file, asked of the file system, not of its name;
- its size must be within the limit;

and the read itself cannot block or overrun: the file is opened non-blocking, checked again on the open
handle (the name may have been swapped in between), and read up to the limit plus one byte (files in /proc
report size 0 and still have content). Writing has its own rules: see `write_bytes` and the note above it.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
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


# --- writing ----------------------------------------------------------------------------------------------------------
#
# The same distrust applies to the places Regiomonitor writes: `plan/schema.json` is a committed file that a pull
# request can turn into a link, `data/demo/` can be a link out of the data folder, and an export or database name
# may already be taken by a named pipe (opening it for writing blocks for ever), a device or a plan file. So a
# file is never opened where it is to go. It is written in full under a fresh name in a private scratch folder
# next to it and then renamed into place (a rename is atomic, and it never follows or opens what it replaces):
#
# - the folder it goes to must lie inside `root` once its links are followed; missing folders below `root` are made;
# - what stands at the name must be nothing, or a regular file: a named pipe, device, socket or folder is refused
#   without being opened. So is a symbolic link, wherever it points: writing through it would change a file other
#   than the one named, and renaming over it would silently destroy the link someone made on purpose;
# - a reader sees the old file or the new one, never half of one; a failure leaves the old file as it was.

LINK_REFUSED = "this is a symbolic link: refused, nothing is written through a link or in its place"


def write_bytes(path: Path, root: Path, data: bytes) -> Path:
    """Write `data` to `path` (which lies in `root`) as a whole, or raise Refused saying why nothing was written."""

    def write(fresh: Path) -> None:
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)

    return replace_file(path, root, write)


def replace_file(path: Path, root: Path, make: Callable[[Path], None],
                 may_replace: Callable[[Path], str | None] | None = None) -> Path:
    """Put a new file at `path`: `make(fresh)` writes it at a fresh name that does not exist yet, in a scratch folder
    beside `path`, and it is then renamed into place. `may_replace(path)` is asked about an existing regular file
    and returns why it must stay (or None). Refused, with the reason, when nothing was written; exceptions that
    `make` raises pass through. The scratch folder is removed in every case."""
    path = Path(path)
    folder = folder_inside(path.parent, root)
    existing = _replaceable(path)
    if existing is not None and may_replace is not None:
        reason = may_replace(path)
        if reason:
            raise Refused(reason)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".regiomonitor-", dir=folder))
    except OSError as exc:
        raise Refused(os_reason(exc)) from None
    try:
        fresh = scratch / "new"
        make(fresh)
        if existing is not None:  # the new file keeps the permissions of the one it replaces
            os.chmod(fresh, stat.S_IMODE(existing.st_mode))
        _replaceable(path)  # once more: the name may have been taken while the file was made
        os.replace(fresh, path)
    except OSError as exc:
        raise Refused(os_reason(exc)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return path


def _replaceable(path: Path) -> os.stat_result | None:
    """What stands at `path` when a new file may take its place (None for nothing); Refused otherwise."""
    try:
        result = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Refused(os_reason(exc)) from None
    if stat.S_ISLNK(result.st_mode):
        raise Refused(LINK_REFUSED)
    if stat.S_ISDIR(result.st_mode):
        raise Refused(os_reason(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))))
    if not stat.S_ISREG(result.st_mode):
        raise Refused(f"this is {kind_of(result.st_mode)}, not a file: refused without opening it")
    return result


def folder_inside(folder: Path, root: Path) -> Path:
    """`folder`, which lies in `root`, with the missing folders between them made; Refused when `root` does not
    exist, when a file stands where a folder should be, or when a link leads out of `root`."""
    folder, root = Path(folder), Path(root)
    try:
        if not os.path.isdir(root):
            raise Refused(f"{root} is a file, not a folder" if os.path.lexists(root) else
                          f"the folder {root} does not exist")
        below = folder.relative_to(root).parts
    except ValueError:
        raise Refused(f"{folder} is not inside {root}") from None
    place = root
    for part in below:
        place = place / part
        if not inside(place, root):
            raise Refused(f"{place} is a link to a place outside {root.as_posix()}/: refused, files are only "
                          "written inside it")
        try:
            os.mkdir(place)
        except FileExistsError:
            if not os.path.isdir(place):
                raise Refused(f"{place} is a file, not a folder") from None
        except OSError as exc:
            raise Refused(f"cannot make the folder {place}: {os_reason(exc)}") from None
    if not inside(folder, root):  # root itself may be a link; what matters is where its contents end up
        raise Refused(f"{folder} is a link to a place outside {root.as_posix()}/: refused, files are only written "
                      "inside it")
    return folder


def writable_folder(folder: Path) -> Path:
    """`folder`, made if need be, once a file can be written in it (a scratch folder is made there and removed,
    as `replace_file` will do); Refused naming the path that stands in the way or the system's reason."""
    folder = Path(folder)
    for place in (folder, *folder.parents):
        if place.exists():
            if not place.is_dir():
                raise Refused(f"{place} is a file, not a folder")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(prefix=".regiomonitor-", dir=folder))
    except OSError as exc:
        raise Refused(os_reason(exc)) from None
    return folder


def os_reason(exc: OSError) -> str:
    """The system's reason in lower case, as it reads inside a sentence: 'permission denied', 'no space left on
    device', 'read-only file system'."""
    return (exc.strerror or str(exc)).lower()
