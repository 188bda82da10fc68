"""Which version of the plan and the data a report was made from.

A git commit where the directory is in a git work tree (with '+ wijzigingen' when files under it differ
from that commit), and always a short hash of the files' contents, so that two reports can be compared even
outside git: the same hash means the same plan or data.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from regiomonitor.core.safefiles import Refused, read_bytes
from regiomonitor.data.measurements import MAX_BYTES as HASH_LIMIT  # the largest file any loader reads


def content_hash(directory: Path, patterns: tuple[str, ...]) -> str:
    """A hash of the files as the loaders read them: an entry they refuse (a pipe, a link out of the directory, an
    oversized file) counts by its name only, and is never read here either."""
    digest = hashlib.sha256()
    for path in sorted({p for pattern in patterns for p in Path(directory).glob(pattern)}):
        digest.update(str(path.relative_to(directory)).encode())
        try:
            digest.update(read_bytes(path, Path(directory), HASH_LIMIT, "files"))
        except Refused:
            digest.update(b"\x00refused")
    return digest.hexdigest()[:12]


def git_commit(directory: Path) -> str | None:
    """'1a2b3c4d' or '1a2b3c4d + wijzigingen'; None outside a git work tree or without git."""
    try:
        commit = subprocess.run(["git", "-C", str(directory), "rev-parse", "--short=8", "HEAD"],
                                capture_output=True, text=True, timeout=10)
        if commit.returncode != 0:
            return None
        dirty = subprocess.run(["git", "-C", str(directory), "status", "--porcelain", "--", "."],
                               capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return commit.stdout.strip() + (" + wijzigingen" if dirty.stdout.strip() else "")


def version_text(directory: Path, patterns: tuple[str, ...]) -> str:
    """'commit 1a2b3c4d, inhoud 0f1e2d3c4b5a' (or only the content hash outside git)."""
    commit = git_commit(directory)
    contents = f"inhoud {content_hash(directory, patterns)}"
    return f"commit {commit}, {contents}" if commit else contents


PLAN_FILES = ("*.yaml", "toelichting/*.yaml")
PLAN_ONLY = ("*.yaml",)
"""The plan without the committee's toelichting: what a round's workbook was made from (its intake adds
toelichting, which does not make the workbook out of date)."""
DATA_FILES = ("*/*.csv", "*/benchmarks/*.csv", "*/tables/*.json")
"""Every file a data load reads: the measurement and action files, and beside the feeds their comparison figures and
the tables' metadata (the titles the provenance shows)."""
