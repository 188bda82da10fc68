"""Getting a URL's body: over HTTP with timeouts, bounded retries and a size limit, or from a recording.

Plain HTTP (urllib) rather than the `cbsodata` package: cbsodata downloads a whole table with all its metadata, has
no timeout, retry or size limit, and cannot record or replay; a region's feed needs a few gemeenten of one measure
(`$filter`, `$select`), a located message for every failure, and offline tests.

`--record DIR` keeps every response in DIR (one file per URL, named by its hash, and `index.json` naming the URL
of each), `--replay DIR` answers from those files only: a URL that was not recorded is a clear error, never a
network call.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20_000_000
"""A response larger than this is refused: a region's selection of one measure is a few hundred kB; a 100 MB
answer means a filter that did not apply (the whole table), and reading it would cost the memory of the runner."""
TIMEOUT_SECONDS = 30.0
TRIES = 3
BACKOFF_SECONDS = 2.0
FIXTURE_HEADER = "X-Regiomonitor-Fixture"
"""Sent by the test suite's fake CBS server: its values are synthetic, so what is fetched from it is demo data."""
INDEX = "index.json"
_RECORDED = re.compile(r"[0-9a-f]{20}\.json")  # a recording names only its own files, never a path elsewhere


class FetchError(Exception):
    """A failure with its message in plain words; `status` is the HTTP status where there was one."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Response:
    url: str
    body: bytes
    synthetic: bool = False


CBS_URL_ENV = "REGIOMONITOR_CBS_URL"
"""Serve CBS's hosts from elsewhere: https://<catalog>.cbs.nl/… is asked at <this url>/<catalog>/… (the test suite's
fake server). Messages, recordings and odata.nextLink keep CBS's own addresses."""
_CBS_HOST = re.compile(r"^https://(?P<catalog>[a-z]+)\.cbs\.nl/")


class Http:
    """GET with a timeout, TRIES tries with exponential backoff on a timeout, a refused connection or a 5xx/429
    answer, and at most MAX_BYTES read. A 4xx answer is not retried: asking again will not change it."""

    def __init__(self, timeout: float | None = None, tries: int = TRIES, backoff: float | None = None,
                 max_bytes: int | None = None, sleep=time.sleep, redirect: str | None = None):
        self.redirect = (redirect or "").rstrip("/") or None
        self.timeout = TIMEOUT_SECONDS if timeout is None else timeout
        self.backoff = BACKOFF_SECONDS if backoff is None else backoff
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self.tries, self.sleep = tries, sleep

    def get(self, url: str) -> Response:
        for attempt in range(1, self.tries + 1):
            try:
                return self._once(url)
            except _Retry as exc:
                if attempt == self.tries:
                    raise FetchError(f"{exc.reason} ({self.tries} tries): {url}", exc.status) from None
                self.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def _once(self, url: str) -> Response:
        asked = _CBS_HOST.sub(lambda m: f"{self.redirect}/{m['catalog']}/", url) if self.redirect else url
        request = urllib.request.Request(asked, headers={"Accept": "application/json", "User-Agent": "regiomonitor"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                body = answer.read(self.max_bytes + 1)
                synthetic = answer.headers.get(FIXTURE_HEADER) == "synthetic"
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise _Retry(f"CBS answered HTTP {exc.code} ({exc.reason})", exc.code) from None
            raise FetchError(f"CBS answered HTTP {exc.code} ({exc.reason}): {url}", exc.code) from None
        except (TimeoutError, socket.timeout):
            raise _Retry(f"no answer within {self.timeout:g} s", None) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Retry(f"no answer within {self.timeout:g} s", None) from None
            raise _Retry(f"cannot reach the server ({exc.reason})", None) from None
        except (ConnectionError, OSError) as exc:
            raise _Retry(f"the connection broke off ({exc})", None) from None
        if len(body) > self.max_bytes:
            raise FetchError(f"the response is larger than {self.max_bytes // 1_000_000} MB, more than a region's "
                             f"selection can be: is the filter right? {url}")
        return Response(url, body, synthetic)


class _Retry(Exception):
    def __init__(self, reason: str, status: int | None):
        super().__init__(reason)
        self.reason, self.status = reason, status


def _file_name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:20] + ".json"


class Recording:
    """Passes every request on and keeps the response in `folder` (written when `save` is called)."""

    def __init__(self, inner, folder: Path):
        self.inner, self.folder = inner, Path(folder)
        self.index: dict[str, dict] = {}

    def get(self, url: str) -> Response:
        response = self.inner.get(url)
        self.index[url] = {"file": _file_name(url), "synthetic": response.synthetic}
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / _file_name(url)).write_bytes(response.body)
        return response

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        old = _read_index(self.folder) if (self.folder / INDEX).is_file() else {}
        text = json.dumps({**old, **self.index}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (self.folder / INDEX).write_text(text, encoding="utf-8")


class Replay:
    """Answers from a recording only."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not (self.folder / INDEX).is_file():
            raise FetchError(f"{self.folder} is not a recording: it has no {INDEX} (make one with --record)")
        self.index = _read_index(self.folder)

    def get(self, url: str) -> Response:
        entry = self.index.get(url)
        if entry is None:
            raise FetchError(f"not in the recording {self.folder}: {url} (record it again with --record)")
        path = self.folder / entry["file"]
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            raise FetchError(f"the recording {self.folder} lacks {entry['file']} for {url}, or it is too large")
        return Response(url, path.read_bytes(), bool(entry.get("synthetic")))


def _read_index(folder: Path) -> dict:
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FetchError(f"{folder / INDEX} cannot be read: {exc}") from None
    if not isinstance(index, dict) or not all(isinstance(v, dict) and isinstance(v.get("file"), str)
                                              and _RECORDED.fullmatch(v["file"]) for v in index.values()):
        raise FetchError(f"{folder / INDEX} is not a recording's index (URL → file)")
    return index
