"""The export for the dashboard, made by `python -m regiomonitor export` in a child process.

A full pack takes about half a minute (mostly drawing charts in Chromium). In its own process it neither holds
up the other users' page views (the dashboard runs one page script at a time, see app_state) nor shares
Polars' and pyarrow's thread pools with them, and a crash in it cannot take the dashboard down.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ATTENTION = "LET OP: "  # how cmd_export prefixes a message the reader should see (e.g. charts left out)
PROGRESS = "VOORTGANG: "  # cmd_export --progress: 'VOORTGANG: 12/66' before the first chart and after each
TIMEOUT_SECONDS = 600
FIRST_ESTIMATE = 3
"""Charts drawn before the page names a time left: the browser's start makes the first ones slow."""


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
               "--quarter", quarter, "--out", str(out), "--formats", ",".join(formats), "--progress"]
    for theme_id in theme_ids or []:
        command += ["--theme", theme_id]
    return command


def progress_text(done: int, total: int, elapsed: float) -> str:
    """What the Export page says while charts are drawn: how many of how many, and the time left at the rate
    measured so far (none before FIRST_ESTIMATE charts, when there is no honest rate yet)."""
    if done >= total:
        return f"Alle {total} grafieken getekend; de documenten worden gemaakt…"
    text = f"Grafieken: {done} van {total} getekend"
    if done < FIRST_ESTIMATE:
        return text + "…"
    left = round(elapsed / done * (total - done))
    return text + f" · nog ongeveer {_duration(left)}"


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{max(seconds, 1)} seconde{'n' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    return f"{minutes} minu{'ten' if minutes != 1 else 'ut'}"


def export_in_child(plan: Path, data: Path, quarter: str, out: Path, theme_ids: list[str] | None,
                    formats: tuple[str, ...], timeout: float = TIMEOUT_SECONDS,
                    progress: Callable[[int, int], None] | None = None) -> ChildExport:
    """Run the export and wait for it; `progress(done, total)` is called in the caller's thread (Streamlit draws
    only from the page's own thread) as the child reports charts drawn."""
    process = subprocess.Popen(export_command(plan, data, quarter, out, theme_ids, formats), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    lines: queue.Queue[str | None] = queue.Queue()
    said: list[str] = []
    stdout: list[str] = []
    readers = [threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True),
               threading.Thread(target=lambda: stdout.extend(process.stdout), daemon=True)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.0, min(0.2, deadline - time.monotonic())))
        except queue.Empty:
            if time.monotonic() >= deadline:
                process.kill()
                process.wait()
                return ChildExport(error=f"De export duurde langer dan {timeout / 60:.0f} minuten en is afgebroken. "
                                         "Probeer minder thema's of formaten tegelijk.")
            continue
        if line is None:
            break
        if line.startswith(PROGRESS) and progress:
            done, _, total = line[len(PROGRESS):].partition("/")
            progress(int(done), int(total))
        elif not line.startswith(PROGRESS):
            said.append(line)
    process.wait()
    readers[1].join()
    messages = [_sentence(line[len(ATTENTION):]) for line in said if line.startswith(ATTENTION)]
    if process.returncode != 0:
        reasons = [line.strip() for line in said if line.strip()]
        reason = reasons[-1] if reasons else f"exit status {process.returncode}"
        return ChildExport(messages=messages, error=f"De export is niet gemaakt: {reason}")
    return ChildExport(files=[Path(line.strip()) for line in stdout if line.strip()], messages=messages)


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)
