"""The export's side of the chart helper (regiomonitor.export.render): start it, hand it figures, wait a bounded
time for each answer, and kill its whole process group (the browser included) when an answer does not come.

The helper runs in a session of its own, so its process group holds the helper, choreographer's wrapper and the
browser with all of its own processes, and nothing else. Its temporary files (the browser's profile, kaleido's
page, figures and images) all go into one folder of ours (TMPDIR), removed when the helper is gone, so a
killed browser leaves nothing behind in /tmp either.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # the folder that holds regiomonitor/
CLOSE_SECONDS = 10.0  # for a browser that was fine to close itself before its group is killed


class HelperStopped(Exception):
    """The helper ended, or said its browser would not start."""


class HelperTimeout(Exception):
    """No answer within the time allowed; the helper and its browser have been killed."""


class ChartFailed(Exception):
    """The browser could not draw this figure (it is still there for the next)."""


class RenderProcess:
    def __init__(self, browser: str):
        self.browser = browser
        self.folder = Path(tempfile.mkdtemp(prefix="regiomonitor-charts-"))
        self._answers: queue.Queue[dict] = queue.Queue()
        self._process: subprocess.Popen | None = None
        self._count = 0
        self._started = 0.0

    def launch(self) -> None:
        """Start the helper and its browser, without waiting: the export computes its figures meanwhile."""
        self._started = time.monotonic()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "regiomonitor.export.render", self.browser, str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            cwd=PACKAGE_ROOT, env={**os.environ, "TMPDIR": str(self.folder)}, start_new_session=True)
        threading.Thread(target=self._read, args=(self._process.stdout,), daemon=True).start()

    def wait_ready(self, seconds: float) -> None:
        """Wait until `seconds` after the launch for the browser to answer; HelperStopped or HelperTimeout when it
        does not."""
        answer = self._answer(max(0.0, self._started + seconds - time.monotonic()))
        if not answer.get("ready"):
            self.stop(0)
            raise HelperStopped(answer.get("stopped", ""))

    def draw(self, figure_json: str, formats: tuple[str, ...], width: int, height: int,
             seconds: float) -> dict[str, bytes]:
        """The figure's image per format, within `seconds` for all of them."""
        self._count += 1
        figure = self.folder / f"figure-{self._count}.json"
        figure.write_text(figure_json, encoding="utf-8")
        request = {"figure": str(figure), "formats": list(formats), "width": width, "height": height,
                   "out": str(self.folder / f"chart-{self._count}")}
        try:
            self._process.stdin.write(json.dumps(request) + "\n")  # one short line: never blocks on a full pipe
            self._process.stdin.flush()
        except OSError:
            self.stop(0)
            raise HelperStopped("") from None
        answer = self._answer(seconds)
        figure.unlink()
        if "stopped" in answer:
            self.stop(0)
            raise HelperStopped(answer["stopped"])
        if "done" not in answer:
            raise ChartFailed(answer.get("error") or f"unexpected answer {answer}"[:300])
        images = {}
        for fmt, path in zip(formats, answer["done"]):
            images[fmt] = Path(path).read_bytes()
            Path(path).unlink()
        return images

    def _read(self, stdout) -> None:
        for line in stdout:
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            if isinstance(answer, dict):
                self._answers.put(answer)
        self._answers.put({"ended": True})

    def _answer(self, seconds: float) -> dict:
        try:
            answer = self._answers.get(timeout=seconds)
        except queue.Empty:
            self.stop(0)
            raise HelperTimeout() from None
        if answer.get("ended"):
            self.stop(0)
            raise HelperStopped("")
        return answer

    def stop(self, grace: float = CLOSE_SECONDS) -> None:
        """End the helper: ask it to close its browser (end of its input), allow `grace` seconds, then kill
        whatever is left of its process group and remove its folder."""
        process, self._process = self._process, None
        if process is not None:
            try:
                process.stdin.close()
            except OSError:
                pass
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
