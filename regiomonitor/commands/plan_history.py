"""What changed in the plan during a quarter, from the git history: the plan at the last commit before the
quarter began compared with the plan at the last commit before it ended (`diff`'s comparison, without the
statuses). So a target changed in the third quarter shows in the third quarter's pack and on its Rapportage page.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

from regiomonitor.commands.plandiff import change_lines, compare
from regiomonitor.commands.revisions import remove_comparison_folders, resolve
from regiomonitor.core.periods import Quarter
from regiomonitor.plan.load import load_plan
from regiomonitor.present.words import words_of


def _commit_before(repo: Path, day) -> str | None:
    found = subprocess.run(["git", "-C", str(repo), "rev-list", "-1", f"--before={day.isoformat()} 00:00", "HEAD"],
                           capture_output=True, text=True)
    return found.stdout.strip() or None if found.returncode == 0 else None


def quarter_plan_changes(plan: Path, data: Path, quarter: Quarter) -> list[str] | None:
    """The plan's changes during `quarter` as plain lines ([] when nothing changed), or None when it cannot be
    known: the plan is not in a git repository, or its history does not reach back to the quarter's start."""
    top = subprocess.run(["git", "-C", str(plan), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if top.returncode != 0:
        return None
    repo = Path(top.stdout.strip())
    start = _commit_before(repo, quarter.start)
    end = _commit_before(repo, quarter.end + timedelta(days=1))
    if start is None or end is None:
        return None
    if start == end:
        return []
    try:
        plan_rel = Path(plan).resolve().relative_to(repo.resolve()).as_posix()
        data_rel = Path(data).resolve().relative_to(repo.resolve()).as_posix()
        before = resolve(start, plan_rel, data_rel, repo, Path(data), revision_only=True)
        after = resolve(end, plan_rel, data_rel, repo, Path(data), revision_only=True)
        old, new = load_plan(before[0]), load_plan(after[0])
        return change_lines(compare(old, new), words_of(new))
    except ValueError:
        return None
    finally:
        remove_comparison_folders()
