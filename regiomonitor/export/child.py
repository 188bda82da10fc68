"""The export for the dashboard, made by `python -m regiomonitor export` in a child process.

A full pack takes about half a minute (mostly drawing charts in Chromium). In its own process it neither holds
up the other users' page views (the dashboard runs one page script at a time, see app_state) nor shares
Polars' and pyarrow's thread pools with them, and a crash in it cannot take the dashboard down.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ATTENTION = "LET OP: "  # how cmd_export prefixes a message the reader should see (e.g. charts left out)
TIMEOUT_SECONDS = 600


@dataclass
class ChildExport:
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    error: str | None = None  # set when no export was made: a sentence for the user, no traceback


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def export_command(plan: Path, data: Path, quarter: str, out: Path, theme_ids: list[str] | None,
                   formats: tuple[str, ...]) -> list[str]:
    command = [sys.executable, "-m", "regiomonitor", "export", "--plan", str(plan), "--data", str(data),
               "--quarter", quarter, "--out", str(out), "--formats", ",".join(formats)]
    for theme_id in theme_ids or []:
        command += ["--theme", theme_id]
    return command


def export_in_child(plan: Path, data: Path, quarter: str, out: Path, theme_ids: list[str] | None,
                    formats: tuple[str, ...], timeout: float = TIMEOUT_SECONDS) -> ChildExport:
    try:
        done = subprocess.run(export_command(plan, data, quarter, out, theme_ids, formats), capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return ChildExport(error=f"De export duurde langer dan {timeout / 60:.0f} minuten en is afgebroken. "
                                 "Probeer minder thema's of formaten tegelijk.")
    said = done.stderr.splitlines()
    messages = [_sentence(line[len(ATTENTION):]) for line in said if line.startswith(ATTENTION)]
    if done.returncode != 0:
        reasons = [line.strip() for line in said if line.strip()]
        reason = reasons[-1] if reasons else f"exit status {done.returncode}"
        return ChildExport(messages=messages, error=f"De export is niet gemaakt: {reason}")
    return ChildExport(files=[Path(line) for line in done.stdout.splitlines() if line.strip()], messages=messages)
