"""A local HTTP server that speaks CBS's OData v3 protocol, for the tests of `fetch` (these machines cannot reach CBS).

It serves the fixture tables in tests/fixtures/cbs/tables/<catalog>/<table>.json (their structure follows real tables,
their values are synthetic: see tests/fixtures/cbs/SOURCES.md) as CBS's service does, at
`/<catalog>/ODataApi/odata/<table>/` with the table id as CBS writes it (TableInfos' Identifier: 03759ned, 50120NED;
whether the live service also answers another casing was not checked), and answers with CBS's own addresses
(`https://<catalog>.cbs.nl/ODataApi/odata/…` in odata.metadata and odata.nextLink); fetch reaches it through
REGIOMONITOR_CBS_URL: the service root (a list of entity sets), `TableInfos`, `DataProperties`, one
entity set per dimension, and `TypedDataSet` with `$filter` (`eq`, `or`, `and`, parentheses), `$select`, `$top`,
`$skip` and paging through `odata.nextLink` (CBS's limit: 10,000 records per response; tests lower it). Every answer
carries the header X-Regiomonitor-Fixture: synthetic, so that what is fetched from here is kept as demo data.

Faults for the bad-input tests are set per table in `server.faults`: "retired" (404), "error" (500 every time),
"flaky" (500 twice, then the answer), "slow" (no answer within the client's timeout), "no-next-link" (a full page
without odata.nextLink), "huge" (an answer of 100 MB), "drop-measure" (records without the measure), "bad-period"
(a period code CBS never uses), "text-value" (a value that is text).

    python tests/cbs_server.py --port 8765     # serve the fixtures, e.g. to record them with fetch --record
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TABLES = Path(__file__).parent / "fixtures" / "cbs" / "tables"
CBS_PAGE_LIMIT = 10_000
_CLAUSE = re.compile(r"^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$")


def load_tables(folder: Path = TABLES) -> dict[tuple[str, str], dict]:
    """(catalog, table id as CBS writes it in TableInfos: 03759ned, 50120NED) → the table."""
    tables = {}
    for path in sorted(folder.glob("*/*.json")):
        table = json.loads(path.read_text(encoding="utf-8"))
        tables[(path.parent.name, table["TableInfos"][0].get("Identifier") or path.stem)] = table
    return tables


def _split_top(text: str, word: str) -> list[str]:
    """Split on ` and ` / ` or ` outside parentheses and quotes."""
    parts, depth, quoted, start, i = [], 0, False, 0, 0
    token = f" {word} "
    while i < len(text):
        ch = text[i]
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and depth == 0 and text.startswith(token, i):
            parts.append(text[start:i])
            i += len(token)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _unwrap(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and len(_split_top(text[1:-1], "and")) >= 1:
        inner = text[1:-1]
        depth = 0
        balanced = True
        for ch in inner:
            depth += ch == "("
            depth -= ch == ")"
            if depth < 0:
                balanced = False
                break
        if not balanced:
            break
        text = inner.strip()
    return text


def parse_filter(text: str):
    """`(A eq 'x' or A eq 'y') and B eq 'z'` → a predicate on a record; ValueError for what is not supported."""
    groups = []
    for part in _split_top(_unwrap(text), "and"):
        options = []
        for clause in _split_top(_unwrap(part), "or"):
            match = _CLAUSE.match(_unwrap(clause))
            if match is None:
                raise ValueError(f"unsupported $filter clause: {clause.strip()}")
            options.append((match[1], match[2].replace("''", "'")))
        groups.append(options)
    return lambda record: all(any(record.get(k) == v for k, v in options) for options in groups)


class CbsServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tables: dict[tuple[str, str], dict] | None = None, page_size: int = CBS_PAGE_LIMIT,
                 port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.tables = tables if tables is not None else load_tables()
        self.page_size = page_size
        self.faults: dict[str, str] = {}
        self.requests: list[str] = []
        self.counts: dict[str, int] = {}
        self.slow_seconds = 3.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: CbsServer

    def log_message(self, *args) -> None:  # quiet in tests
        pass

    def do_GET(self) -> None:  # noqa: N802 (the name http.server asks for)
        self.server.requests.append(self.path)
        parsed = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in parsed.path.strip("/").split("/")]
        if len(parts) < 4 or parts[1:3] != ["ODataApi", "odata"]:
            return self._send(404, {"odata.error": {"message": {"value": "not found"}}})
        catalog, table_id, entity = parts[0], parts[3], (parts[4] if len(parts) > 4 else "")
        table = self.server.tables.get((catalog, table_id))
        fault = self.server.faults.get(table_id)
        self.server.counts[table_id] = self.server.counts.get(table_id, 0) + 1
        if table is None or fault == "retired":
            return self._send(404, {"odata.error": {"code": "", "message": {"lang": "nl", "value": "Not found"}}})
        if fault == "error" or (fault == "flaky" and self.server.counts[table_id] <= 2):
            return self._send(500, {"odata.error": {"message": {"value": "Internal Server Error"}}})
        if fault == "slow":
            time.sleep(self.server.slow_seconds)
        root = f"https://{catalog}.cbs.nl/ODataApi/odata/{table_id}"  # CBS's own address, as its answers give it
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        if entity == "":
            sets = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups",
                    *table["dimensions"]]
            return self._send(200, {"odata.metadata": f"{root}/$metadata",
                                    "value": [{"name": s, "url": f"{root}/{s}"} for s in sets]})
        if entity in ("TableInfos", "DataProperties"):
            return self._send(200, {"odata.metadata": f"{root}/$metadata#Cbs.OData.WebAPI.{entity}",
                                    "value": table[entity]})
        if entity in table["dimensions"]:
            return self._send(200, {"odata.metadata": f"{root}/$metadata#Cbs.OData.WebAPI.{entity}",
                                    "value": table["dimensions"][entity]})
        if entity == "TypedDataSet":
            return self._dataset(table, table_id, root, query, fault)
        return self._send(404, {"odata.error": {"message": {"value": f"Resource not found for the segment '{entity}'"}}})

    def _dataset(self, table: dict, table_id: str, root: str, query: dict, fault: str | None) -> None:
        if fault == "huge":
            return self._huge()
        try:
            keep = parse_filter(query["$filter"]) if query.get("$filter") else (lambda r: True)
        except ValueError as exc:
            return self._send(400, {"odata.error": {"message": {"value": str(exc)}}})
        records = [dict(r) for r in table["TypedDataSet"] if keep(r)]
        if query.get("$select"):
            fields = ["ID", *query["$select"].split(",")]
            records = [{k: r.get(k) for k in fields} for r in records]
        skip, top = int(query.get("$skip", 0)), int(query.get("$top", len(records)))
        chosen = records[skip:skip + top]
        page, rest = chosen[:self.server.page_size], len(chosen) > self.server.page_size
        page = [self._spoiled(r, fault) for r in page]
        body = {"odata.metadata": f"{root}/$metadata#Cbs.OData.WebAPI.TypedDataSet", "value": page}
        if rest and fault != "no-next-link":
            following = {**query, "$skip": str(skip + self.server.page_size)}
            if "$top" in query:
                following["$top"] = str(top - self.server.page_size)
            body["odata.nextLink"] = f"{root}/TypedDataSet?" + urllib.parse.urlencode(following,
                                                                                      quote_via=urllib.parse.quote)
        self._send(200, body)

    @staticmethod
    def _spoiled(record: dict, fault: str | None) -> dict:
        if fault == "drop-measure":
            return {k: v for k, v in record.items() if k in ("ID",) or not isinstance(v, (int, float, type(None)))}
        if fault == "bad-period":
            return {**record, **{k: "2023XX01" for k, v in record.items() if k == "Perioden"}}
        if fault == "text-value" and record.get("ID", 1) == 0:
            return {k: ("onbekend" if isinstance(v, float) else v) for k, v in record.items()}
        return record

    def _huge(self) -> None:
        """100 MB of one JSON answer, streamed, as a filter that did not apply would give."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Regiomonitor-Fixture", "synthetic")
        self.send_header("Content-Length", str(100_000_000))
        self.end_headers()
        chunk = b" " * 1_000_000
        try:
            for _ in range(100):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
        self.send_header("X-Regiomonitor-Fixture", "synthetic")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serving(tables: dict | None = None, page_size: int = CBS_PAGE_LIMIT):
    server = CbsServer(tables, page_size)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description="serve the CBS fixture tables")
    parser.add_argument("--port", type=int, default=8765)
    server = CbsServer(port=parser.parse_args().port)
    print(f"serving {len(server.tables)} tables at {server.url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
