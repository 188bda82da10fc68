"""The two sides of `diff`: a plan folder as given, or the plan and data of a git revision, written to a scratch
folder from the tree as committed (`git ls-tree`, `git cat-file`). Used by `diff` and the pull-request comment.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

from regiomonitor.data.measurements import MAX_BYTES as CSV_MAX_BYTES
from regiomonitor.plan.yamlsource import MAX_BYTES as PLAN_MAX_BYTES

# A revision is read with `git ls-tree` and `git cat-file`, which give the tree as committed. (`git archive` applied
# the revision's own .gitattributes: `export-ignore` made a theme look removed, `export-subst` rewrote names.)
# Only regular files are written; what else a tree may hold is listed as not compared, never written.
_ODD_MODES = {"120000": "a symbolic link", "160000": "a submodule"}
_REGULAR_MODES = {"100644", "100755"}
_BAD_PATH = "a path that cannot be written inside the comparison folder"
_CHUNK = 1 << 20  # a blob is copied to its file a MiB at a time: no file is ever held in memory whole
_SCRATCH: list[Path] = []  # comparison folders of this process, removed when it ends


class Side(NamedTuple):
    """One side of a diff: its plan and data folders, and the entries of a git revision that were not compared."""

    plan: Path
    data: Path
    not_compared: tuple[str, ...] = ()  # 'plan/x.yaml: a symbolic link'


@atexit.register
def remove_comparison_folders() -> None:
    """Remove the folders `checkout` made (they held up to a revision's plan and data, for ever, before)."""
    while _SCRATCH:
        shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


def checkout(revision: str, paths: list[str], repo: Path,
             limits: dict[str, int] | None = None) -> tuple[Path, tuple[str, ...]]:
    """The files of `paths` at a git revision, in a temporary folder (removed when the process ends, or at once
    when this fails), and the entries that were left out as 'path: reason': links, submodules and anything else
    that is not a regular file, a path that would land outside the folder, and a file larger than the limit of
    the longest of `paths` it lies in (`limits`, default the measurement files' limit). A pull request can put
    any of those in its tree; a file over the limit would be refused by the loaders anyway."""
    if not revision or revision.startswith("-"):  # "-…" would be read as an option by git; "" means nothing
        raise ValueError(f"'{revision}' is not a plan directory or a git revision")
    present = [p for p in paths if _git(repo, "cat-file", "-e", f"{revision}:{p}").returncode == 0]
    if not present:
        raise ValueError(f"'{revision}' is neither a plan directory nor a git revision with {', '.join(paths)}")
    listing = _git(repo, "--literal-pathspecs", "ls-tree", "-r", "-z", "-l", "--full-tree", revision, "--", *present)
    if listing.returncode != 0:
        raise ValueError(f"git ls-tree {revision} failed: {listing.stderr.decode(errors='replace').strip()}")
    wanted, skipped = _sorted_out(listing.stdout, limits or {p: CSV_MAX_BYTES for p in present})
    folder = Path(tempfile.mkdtemp(prefix="regiomonitor-diff-"))
    _SCRATCH.append(folder)
    try:
        skipped += _write_blobs(repo, wanted, folder)
    except BaseException:
        _SCRATCH.remove(folder)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, tuple(sorted(skipped))


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True)


def _sorted_out(listing: bytes, limits: dict[str, int]) -> tuple[list[tuple[str, str]], list[str]]:
    """From `git ls-tree -r -z -l` output: the (object id, path) of each file to write, and 'path: reason' for
    each entry left out."""
    wanted, skipped = [], []
    for record in filter(None, listing.split(b"\0")):
        meta, _, raw = record.partition(b"\t")
        mode, kind, oid, size = meta.decode("ascii").split()
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            skipped.append(f"{raw.decode('utf-8', 'backslashreplace')}: a file name that is not UTF-8")
            continue
        reason = _left_out(mode, kind, size, name, limits)
        if reason:
            skipped.append(f"{name}: {reason}")
        else:
            wanted.append((oid, name))
    return wanted, skipped


def _left_out(mode: str, kind: str, size: str, name: str, limits: dict[str, int]) -> str | None:
    """Why a tree entry is not written (None when it is a regular file to write)."""
    if mode in _ODD_MODES:
        return _ODD_MODES[mode]
    if mode not in _REGULAR_MODES or kind != "blob":
        return f"not a regular file (mode {mode})"
    if name.startswith("/") or any(part in ("", ".", "..") for part in name.split("/")):
        return _BAD_PATH
    limit = _limit(name, limits)
    return f"larger than {limit:,} bytes" if int(size) > limit else None


def _limit(name: str, limits: dict[str, int]) -> int:
    """The limit of the longest of the given folders that holds `name` ('.' holds everything)."""
    holding = [p for p in limits if p in (".", "") or name == p or name.startswith(p.rstrip("/") + "/")]
    return limits[max(holding, key=len)] if holding else CSV_MAX_BYTES


def _write_blobs(repo: Path, wanted: list[tuple[str, str]], folder: Path) -> list[str]:
    """Copy each blob to folder/path from one `git cat-file --batch`, a chunk at a time; 'path: reason' for a
    path the file system will not take (its bytes are read and dropped, so the next object is read right)."""
    if not wanted:
        return []
    skipped = []
    with subprocess.Popen(["git", "-C", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as git:
        try:
            for oid, name in wanted:
                git.stdin.write(oid.encode("ascii") + b"\n")
                git.stdin.flush()
                header = git.stdout.readline().split()
                if len(header) != 3 or header[1] != b"blob":
                    raise ValueError(f"git cat-file could not read {name} ({oid})")
                if not _copy(git.stdout, int(header[2]), folder, name):
                    skipped.append(f"{name}: {_BAD_PATH}")
                git.stdout.read(1)  # the newline after each object
        except BaseException:
            git.kill()  # Popen's exit closes the pipes and waits for it
            raise
    return skipped


def _copy(stream, size: int, folder: Path, name: str) -> bool:
    """Copy `size` bytes of `stream` to folder/name (False, the bytes dropped, when that file cannot be made)."""
    try:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        target = open(folder / name, "xb")
    except OSError:
        target = None
    try:
        while size:
            chunk = stream.read(min(_CHUNK, size))
            if not chunk:
                raise ValueError(f"git cat-file ended in the middle of {name}")
            if target is not None:
                target.write(chunk)
            size -= len(chunk)
    finally:
        if target is not None:
            target.close()
    return target is not None


def repository_paths(plan: Path, data: Path) -> tuple[Path, str, str]:
    """The git work tree we are in (or the working directory), and the plan and data folders relative to it:
    the paths to take from a revision."""
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    repo = Path(top.stdout.strip()) if top.returncode == 0 else Path.cwd()

    def relative(path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(repo.resolve()).as_posix()
        except ValueError:
            return Path(path).name

    return repo, relative(plan), relative(data)


def resolve(argument: str, plan_rel: str, data_rel: str, repo: Path, data_default: Path, *,
            revision_only: bool = False) -> Side:
    """A plan directory as given, or the plan and data at a git revision.

    With `revision_only` (the pull-request comment's BASE) only a git revision is taken: a pull request could
    otherwise add a folder named after the base commit, holding a copy of its own plan, and the comment would
    compare the change with itself. Without it, an argument that is both a plan folder and a revision is refused
    (which one was meant cannot be known); one written as a path (./X, ../X, /X) is always the folder."""
    if revision_only:
        if not argument or argument.startswith("-"):
            raise ValueError(f"'{argument}' is not a git revision: give a commit, branch or tag (a name that starts "
                             "with '-' would be read as an option)")
        return _at_revision(argument, plan_rel, data_rel, repo)
    if not argument:
        raise ValueError("'' is not a plan directory or a git revision: write . for the current folder")
    folder = _plan_folder(Path(argument), plan_rel, data_rel, data_default)
    if argument in (".", "..") or argument.startswith(("./", "../", "/")):
        if folder is None:
            raise ValueError(f"'{argument}' is not a plan directory: it holds neither plan.yaml nor "
                             f"{plan_rel}/plan.yaml")
        return folder
    if folder is not None and not argument.startswith("-") and _git(
            repo, "rev-parse", "--verify", "--quiet", f"{argument}^{{tree}}").returncode == 0:
        raise ValueError(f"'{argument}' is both a folder and a git revision: write ./{argument} for the folder")
    return folder or _at_revision(argument, plan_rel, data_rel, repo)


def _plan_folder(path: Path, plan_rel: str, data_rel: str, data_default: Path) -> Side | None:
    if path.is_dir() and (path / "plan.yaml").is_file():
        return Side(path, data_default)
    if path.is_dir() and (path / plan_rel / "plan.yaml").is_file():  # a checkout of the whole repository
        return Side(path / plan_rel, path / data_rel)
    return None


def _at_revision(revision: str, plan_rel: str, data_rel: str, repo: Path) -> Side:
    folder, skipped = checkout(revision, [plan_rel, data_rel], repo,
                               {plan_rel: PLAN_MAX_BYTES, data_rel: CSV_MAX_BYTES})
    return Side(folder / plan_rel, folder / data_rel, skipped)
