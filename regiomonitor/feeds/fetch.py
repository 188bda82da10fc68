"""`fetch`: fill the KPIs that declare a `feed` from CBS, write what changed, and say what changed.

For each fed KPI: read its series (feeds/read.py), roll the gemeenten up to the region, to each peer region, and take
the Netherlands' own figure; then compare with the file already in the data folder. A figure that is new is reported
as new, one that CBS changed as a revision (old → new), one CBS no longer sends is kept (nothing is lost because a
table was retired). A file whose figures did not change is not rewritten, so a monthly run without news changes
nothing in the repository.

What a fake server (the test suite's) or a recording of one serves is marked synthetic (transport.FIXTURE_HEADER):
those figures are written to the demo folder, labelled as test data, never among the real ones.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from regiomonitor.core.formatting import count_nl
from regiomonitor.core.problems import Problem
from regiomonitor.core.safefiles import Refused, read_bytes, write_bytes
from regiomonitor.core.safetext import forbidden_character
from regiomonitor.data.feed_files import (
    BENCHMARKS,
    DEMO_FOLDER,
    FOLDER,
    MAX_TABLE_FILE,
    NETHERLANDS_NAME,
    source_text,
    table_file,
)
from regiomonitor.data.measurements import MAX_BYTES
from regiomonitor.feeds.areas import Region, regions_of
from regiomonitor.feeds.read import Reader, Row, Values, merged, netherlands, region_value
from regiomonitor.plan.feeds import REGISTRY_FILE

HEADER = ("indicator", "period", "value", "area", "source", "note")
METHOD_NL = {"sum": "som van {n} gemeenten", "population-weighted": "naar inwonertal gewogen gemiddelde van {n} gemeenten"}
SYNTHETIC_NOTE = "TESTGEGEVENS uit een nagebootste CBS-tabel, geen echte cijfers"


@dataclass
class Change:
    indicator: str
    new: list[tuple[str, str, float]] = field(default_factory=list)  # (period, area, value)
    revised: list[tuple[str, str, float, float]] = field(default_factory=list)  # (period, area, old, new)
    kept: list[tuple[str, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.revised)


@dataclass
class Outcome:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def fed_indicators(loaded, only: list[str] | None) -> list[tuple[str, int, object]]:
    return [(theme_id, i, ind) for theme_id, theme in loaded.themes.items()
            for i, ind in enumerate(theme.indicators)
            if ind.feed is not None and (not only or ind.id in only)]


def run_fetch(loaded, data_dir: Path, transport, today: date, only: list[str] | None = None,
              dry_run: bool = False) -> Outcome:
    outcome = Outcome()
    plan = loaded.plan
    own, peers, names = regions_of(plan)
    wanted = set(own.codes) | {c for p in peers for c in p.codes}
    reader = Reader(loaded, transport, wanted, own.codes)
    for theme_id, index, indicator in fed_indicators(loaded, only):
        feed = indicator.feed
        series = loaded.feeds.find(feed.series)
        where = (f"{theme_id}.yaml", ("indicators", index, "feed"))
        values = reader.select(series, feed.measure, feed.filters, where, feed.areas == "wijken")
        figures = _figures(reader, series, feed, values, where)
        rows, benchmarks = _rows(indicator, values, figures, own, peers, names, today, reader, where)
        if not values.tables:
            continue  # nothing could be read: the problems say why, the files stay as they are
        folder = data_dir / (DEMO_FOLDER if values.synthetic else FOLDER)
        change = Change(indicator.id)
        _update(folder / f"{indicator.id}.csv", data_dir, indicator.id, rows, change, dry_run)
        side = Change(indicator.id)  # the comparison figures are written, not listed one by one
        _update(folder / BENCHMARKS / f"{indicator.id}.csv", data_dir, indicator.id, benchmarks, side, dry_run)
        change.written += side.written
        if not dry_run:
            for meta in values.tables:
                _write_if_changed(table_file(folder, series.catalog, meta.table), data_dir,
                                  json.dumps(meta.as_json(), indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        outcome.changes.append(change)
    outcome.problems = reader.problems
    return outcome


def _weights(reader: Reader, series) -> tuple[dict[tuple[int, str], float], str]:
    """Population per (year, gemeente code) for a weighted mean, and the tables it comes from ('CBS opendata
    03759ned'); read once per series in a run. Without weights (a table that failed) the dict is empty, and no
    region figure is made: a weighted mean never falls back to a sum or a plain average."""
    if series.id not in reader.weights:
        reader.weights[series.id] = _read_weights(reader, series)
    return reader.weights[series.id]


def _read_weights(reader: Reader, series) -> tuple[dict[tuple[int, str], float], str]:
    spec = series.weights
    source = reader.registry.find(spec.series) if spec.series else series
    if source is None:
        return {}, ""
    where = (REGISTRY_FILE, (*reader.series_path(series), "weights"))
    values = reader.select(source, spec.measure, spec.filters, where, False)
    weights: dict[tuple[int, str], float] = {}
    for (period, code), parts in values.parts.items():
        year = int(period[:4])
        weights[(year, code)] = sum(v for _, v in parts)
        for raw, value in parts:
            weights[(year, raw.strip())] = value
    tables = " + ".join(dict.fromkeys(meta.table for meta in values.tables))
    return weights, f"CBS {source.catalog} {tables}" if tables else ""


@dataclass
class Figures:
    """A feed's values per (period, today's code) for the gemeenten and NL01, per wijk, how a region's value is made
    from them, and how that is said in a row's note."""

    by_code: dict[tuple[str, str], float]
    wijken: dict[tuple[str, str], float]
    region: Callable[[Region, str], tuple[float | None, list[str]]]
    method: Callable[[int], str]


def _figures(reader: Reader, series, feed, values: Values, where) -> Figures:
    """Plain (a sum or a weighted mean) or, with `per`, a ratio: per area its numerator over its denominator, and for a
    region the sum of the numerators over the sum of the denominators (never a mean of the gemeenten's ratios)."""
    wijk_values = {k: v for k, (v, _) in values.wijken.items()}
    if feed.per is None:
        weights, weighed_with = _weights(reader, series) if feed.region == "population-weighted" else (None, "")
        by_code = merged(values, weights)
        return Figures(by_code, wijk_values, lambda region, period: region_value(region, period, by_code, weights),
                       lambda n: _method(feed.region, n, weighed_with))
    denominators = reader.select(series, feed.measure, {**feed.filters, **feed.per.filters}, (where[0], (*where[1], "per")),
                                 feed.areas == "wijken", check=feed.per.filters)
    scale = feed.per.scale
    num, den = merged(values, None), merged(denominators, None)
    den_wijken = {k: v for k, (v, _) in denominators.wijken.items()}

    def ratios(tops: dict, bottoms: dict) -> dict:
        return {k: v / bottoms[k] * scale for k, v in tops.items() if bottoms.get(k)}

    def region(area: Region, period: str) -> tuple[float | None, list[str]]:
        (top, lacking), (bottom, lacking_too) = (region_value(area, period, num, None),
                                                 region_value(area, period, den, None))
        value = top / bottom * scale if top is not None and bottom else None
        return value, list(dict.fromkeys(lacking + lacking_too))

    return Figures(ratios(num, den), ratios(wijk_values, den_wijken), region,
                   lambda n: f"verhouding van de sommen over {n} gemeenten")


def _rows(indicator, values: Values, figures: Figures, own, peers, names, today: date, reader: Reader,
          where) -> tuple[list[Row], list[Row]]:
    by_code = figures.by_code
    periods = sorted({p for p, _ in by_code} | {p for p, _ in figures.wijken})
    table_of = values.table_of
    note = SYNTHETIC_NOTE if values.synthetic else None
    catalog = reader.registry.find(indicator.feed.series).catalog
    rows, benchmarks = [], []
    for period in periods:
        tables = sorted({t for (p, _), t in table_of.items() if p == period})
        source = source_text(catalog, tables, today)
        value, missing = figures.region(own, period)
        method = figures.method(len(own.codes))
        if value is not None:
            rows.append(Row(period, value, None, source, _joined(method, note)))
        elif any(p == period for p, c in by_code if c in own.codes):
            reader.at(*where, f"{indicator.id} {period}: the region figure is not made, for lack of "
                      f"{', '.join(_named(c, names) for c in missing)}", "warning")
        for code in own.codes:
            if (period, code) in by_code:
                rows.append(Row(period, by_code[(period, code)], _clean(names.get(code, code)), source, note))
        for (p, code), wijk_value in sorted(figures.wijken.items()):
            if p == period:
                rows.append(Row(period, wijk_value, _wijk_name(code, values.names, names), source, note))
        if (nl := netherlands(period, by_code)) is not None:
            benchmarks.append(Row(period, nl, NETHERLANDS_NAME, source, _joined(
                "cijfer van het CBS voor Nederland" if indicator.feed.per is None else
                "verhouding uit de cijfers van het CBS voor Nederland", note)))
        for peer in peers:
            peer_value, _ = figures.region(peer, period)
            if peer_value is not None:
                benchmarks.append(Row(period, peer_value, _clean(peer.name), source,
                                      _joined(figures.method(len(peer.codes)), note)))
    return rows, benchmarks


def _method(region: str, count: int, weighed_with: str) -> str:
    text = METHOD_NL[region].format(n=count)
    return f"{text} (inwonertal: {weighed_with})" if weighed_with else text


def _wijk_name(code: str, titles: dict[str, str], names: dict[str, str]) -> str:
    """'Haarlem: Oude Stad' — a wijk with its gemeente, as the plan names it."""
    title = _clean(titles.get(code, code))
    gemeente = names.get(f"GM{code[2:6]}")
    return f"{gemeente}: {title}" if gemeente and not title.startswith(gemeente) else title


def _named(code: str, names: dict[str, str]) -> str:
    bare = code.split(" ")[0]
    return f"{names[bare]} ({code})" if bare in names else code


def _joined(*parts: str | None) -> str:
    return "; ".join(p for p in parts if p)


def _clean(text: str) -> str:
    """A name from a table as one line of visible text (the measurement reader refuses control characters)."""
    cleaned = "".join(ch for ch in " ".join(str(text).split()) if not forbidden_character(ch))
    return cleaned[:120] or "?"


def _read_existing(path: Path, root: Path) -> dict[tuple[str, str], dict]:
    try:
        text = read_bytes(path, root, MAX_BYTES, "feed files").decode("utf-8-sig")
    except (Refused, UnicodeDecodeError, FileNotFoundError):
        return {}
    return {(r.get("period", ""), r.get("area") or ""): r for r in csv.DictReader(io.StringIO(text))}


def _update(path: Path, root: Path, indicator: str, rows: list[Row], change: Change, dry_run: bool) -> None:
    """Compare with the file there is; write it only when a figure is new or revised."""
    old = _read_existing(path, root)
    out: dict[tuple[str, str], dict] = {}
    changed = False
    for row in rows:
        key = (row.period, row.area or "")
        record = {"indicator": indicator, "period": row.period, "value": _number(row.value), "area": row.area or "",
                  "source": row.source, "note": row.note or ""}
        before = old.get(key)
        if before is None:
            changed = True
            change.new.append((row.period, row.area or "", row.value))
        elif _float(before.get("value")) != float(_number(row.value)):
            changed = True
            change.revised.append((row.period, row.area or "", _float(before.get("value")), row.value))
        else:
            record = before  # the same figure keeps the date it was first retrieved
        out[key] = record
    for key, record in old.items():
        if key not in out:
            out[key] = record
            change.kept.append(key)
    if changed and not dry_run:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=HEADER, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for key in sorted(out, key=lambda k: (k[0], k[1] != "", k[1])):
            writer.writerow(out[key])
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, root, buffer.getvalue().encode("utf-8"))
        change.written.append(path)


def _write_if_changed(path: Path, root: Path, text: str) -> None:
    try:
        if read_bytes(path, root, MAX_TABLE_FILE, "table metadata") == text.encode("utf-8"):
            return
    except (Refused, OSError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, root, text.encode("utf-8"))


def _number(value: float) -> str:
    return f"{round(value, 4):.10g}"


def _float(text: object) -> float | None:
    try:
        return float(str(text))
    except ValueError:
        return None


def report(outcome: Outcome, dry_run: bool) -> list[str]:
    """What changed, per KPI, in lines for the terminal and the pull request."""
    lines = []
    for change in outcome.changes:
        gone = ", ".join(f"{p} {a or 'region'}" for p, a in change.kept[:5]) + (" …" if len(change.kept) > 5 else "")
        kept = f"  kept: {count_nl(len(change.kept), 'figure', 'figures')} CBS no longer sends ({gone})"
        if not change.changed:
            lines += [f"{change.indicator}: unchanged"] + ([kept] if change.kept else [])
            continue
        verb = "would write" if dry_run else "wrote"
        files = ", ".join(str(p) for p in change.written) or "(dry run)"
        lines.append(f"{change.indicator}: {count_nl(len(change.new), 'new figure', 'new figures')}, "
                     f"{count_nl(len(change.revised), 'revision', 'revisions')}; {verb} {files}")
        lines += [f"  new: {p} {a or 'region'} {_number(v)}" for p, a, v in change.new[:20]]
        lines += [f"  revised: {p} {a or 'region'} {_number(o) if o is not None else '?'} → {_number(n)}"
                  for p, a, o, n in change.revised[:20]]
        lines += [kept] if change.kept else []
    return lines


def report_json(outcome: Outcome) -> dict:
    """What changed, for the pull-request comment (commands/pr_comment.py `--fetch-report`)."""
    return {"changes": [{"indicator": c.indicator,
                         "new": [{"period": p, "area": a, "value": v} for p, a, v in c.new],
                         "revised": [{"period": p, "area": a, "old": o, "new": n} for p, a, o, n in c.revised]}
                        for c in outcome.changes if c.changed],
            "problems": [str(p) for p in outcome.problems]}
