"""`fetch` against the local CBS OData server (tests/cbs_server.py): the protocol, the roll-up, the files, the changes,
and every bad answer with its exact, located message.

The small tables here are built in the shape of CBS table 03759NED ("Bevolking op 1 januari en gemiddeld; geslacht,
leeftijd en regio": dimensions RegioS and Perioden, measure BevolkingOp1Januari_1) and of RIVM's "Gezondheid per wijk
en buurt" in CBS's third-party catalogue (dimension WijkenEnBuurten, codes padded to 10 characters); see
tests/fixtures/cbs/SOURCES.md for where those shapes come from. Hand-computed expectations are in the comments.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import yaml

from regiomonitor.commands.cli import main
from regiomonitor.feeds.odata import PeriodCodeError, number, period_text
from tests.cbs_server import parse_filter, serving

TODAY = "2026-11-30"


def table(catalog: str, table_id: str, area_dim: str, measure: str, rows: dict[tuple[str, str], float | None],
          titles: dict[str, str], unit: str = "aantal", pad: int = 10) -> dict:
    """A fixture table: rows {(area code, period code): value}."""
    codes = sorted({a for a, _ in rows})
    periods = sorted({p for _, p in rows})
    return {
        "catalog": catalog, "table": table_id,
        "TableInfos": [{"ID": 1, "Identifier": table_id, "Title": f"Testtabel {table_id}",
                        "Modified": "2024-06-28T02:00:00", "Frequency": "Perjaar"}],
        "DataProperties": [
            {"ID": 0, "Position": 0, "ParentID": None, "Type": "GeoDimension", "Key": area_dim, "Title": "Regio's"},
            {"ID": 1, "Position": 1, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
            {"ID": 2, "Position": 2, "ParentID": None, "Type": "Double", "Key": measure, "Title": "Waarde",
             "Unit": unit, "Decimals": 1},
        ],
        "dimensions": {area_dim: [{"Key": c.ljust(pad), "Title": titles.get(c, c)} for c in codes],
                       "Perioden": [{"Key": p, "Title": p[:4]} for p in periods]},
        "TypedDataSet": [{"ID": i, area_dim: a.ljust(pad), "Perioden": p, measure: v}
                         for i, ((a, p), v) in enumerate(sorted(rows.items()))],
    }


# Population (weights): Noorddorp GM0392 300, Zuiddorp GM0397 100; peer region GM0479 200; Nederland 1000.
POPULATION = {("GM0392", "2022JJ00"): 300.0, ("GM0397", "2022JJ00"): 100.0, ("GM0479", "2022JJ00"): 200.0,
              ("NL01", "2022JJ00"): 1000.0, ("GM0392", "2023JJ00"): 310.0, ("GM0397", "2023JJ00"): 90.0,
              ("GM0479", "2023JJ00"): 200.0, ("NL01", "2023JJ00"): 1010.0}
# A share: Noorddorp 50 %, Zuiddorp 70 %, GM0479 40 %, Nederland 45 %; wijk WK039201 55 %.
SHARE = {("GM0392", "2022JJ00"): 50.0, ("GM0397", "2022JJ00"): 70.0, ("GM0479", "2022JJ00"): 40.0,
         ("NL01", "2022JJ00"): 45.0, ("WK039201", "2022JJ00"): 55.0, ("WK039799", "2022JJ00"): None}
TITLES = {"GM0392": "Noorddorp", "GM0397": "Zuiddorp", "GM0479": "Peerstad", "NL01": "Nederland",
          "WK039201": "Wijk 01 Centrum", "WK039799": "Wijk 99 Buitengebied"}


def tables() -> dict:
    return {("opendata", "03759NED"): table("opendata", "03759NED", "RegioS", "BevolkingOp1Januari_1", POPULATION,
                                            TITLES, pad=6),
            ("dataderden", "50120NED"): table("dataderden", "50120NED", "WijkenEnBuurten", "Aandeel_1", SHARE,
                                              TITLES, unit="%")}


REGISTRY = {
    "catalogs": {"opendata": {"url": "https://opendata.cbs.nl/ODataApi/odata", "name": "CBS StatLine"},
                 "dataderden": {"url": "https://dataderden.cbs.nl/ODataApi/odata", "name": "CBS dataderden"}},
    "code_changes": [{"old": "GM0393", "new": "GM0392", "year": 2019, "source": "test"}],
    "series": [
        {"id": "bevolking", "title": "Bevolking", "publisher": "CBS", "catalog": "opendata",
         "area_dimension": "RegioS", "update": {"text": "jaarlijks", "every_months": 12, "lag_months": 6},
         "editions": [{"table": "03759NED", "codes": 2024, "source": "test"}]},
        {"id": "gezondheid", "title": "Gezondheid per wijk en buurt", "publisher": "RIVM", "catalog": "dataderden",
         "area_dimension": "WijkenEnBuurten", "update": {"text": "elke twee jaar", "every_months": 24, "lag_months": 9},
         "weights": {"series": "bevolking", "measure": "BevolkingOp1Januari_1"},
         "editions": [{"table": "50120NED", "codes": 2022, "source": "test"}]},
    ],
}


@pytest.fixture
def fed_plan(minimal_plan: Path) -> Path:
    """The minimal plan with CBS codes, a peer region, a feeds registry and two fed KPI's in 'welzijn'."""
    plan = yaml.safe_load((minimal_plan / "plan.yaml").read_text(encoding="utf-8"))
    plan["gemeente_codes"] = {"Noorddorp": "GM0392", "Zuiddorp": "GM0397"}
    plan["peer_regions"] = [{"name": "Peerregio", "gemeenten": ["GM0479"]}]
    (minimal_plan / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (minimal_plan / "feeds.yaml").write_text(yaml.safe_dump(REGISTRY, sort_keys=False), encoding="utf-8")
    theme = yaml.safe_load((minimal_plan / "welzijn.yaml").read_text(encoding="utf-8"))
    theme.setdefault("indicators", []).extend([
        {"id": "welzijn-inwoners", "name": "Inwoners", "definition": "Inwoners op 1 januari.", "unit": "inwoners",
         "kind": "context", "frequency": "yearly",
         "feed": {"source": "cbs", "series": "bevolking", "measure": "BevolkingOp1Januari_1", "region": "sum"}},
        {"id": "welzijn-aandeel", "name": "Aandeel", "definition": "Aandeel volwassenen.", "unit": "%",
         "kind": "context", "frequency": "yearly", "geo_level": "wijk",
         "feed": {"source": "cbs", "series": "gezondheid", "measure": "Aandeel_1", "areas": "wijken",
                  "region": "population-weighted"}},
    ])
    (minimal_plan / "welzijn.yaml").write_text(yaml.safe_dump(theme, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")
    return minimal_plan


@pytest.fixture
def cbs(monkeypatch):
    with serving(tables()) as server:
        monkeypatch.setenv("REGIOMONITOR_CBS_URL", server.url)
        yield server


def fetch(plan: Path, data: Path, *extra: str, capsys=None) -> tuple[int, str, str]:
    code = main(["fetch", "--plan", str(plan), "--data", str(data), "--today", TODAY, *extra])
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_period_codes_convert_as_cbs_writes_them():
    assert [period_text(c) for c in ("2023JJ00", "2023KW03", "2023MM07", "2023MM12")] == [
        "2023", "2023-Q3", "2023-07", "2023-12"]
    for code, message in (("2023XX01", "period code '2023XX01' is not one CBS uses for a year (2023JJ00), a quarter "
                                        "(2023KW03) or a month (2023MM07)"),
                          ("2023KW05", "period code '2023KW05' is not one CBS uses: KW is followed by 01 to 04"),
                          ("2023JJ01", "period code '2023JJ01' is not one CBS uses: JJ is followed by 00")):
        with pytest.raises(PeriodCodeError) as exc:
            period_text(code)
        assert str(exc.value) == message


def test_missing_value_markers_and_text():
    assert [number(v) for v in (None, ".", "", "  .  ", 12, 12.5, " 3.0 ")] == [None, None, None, None, 12.0, 12.5, 3.0]
    with pytest.raises(ValueError, match="value 'onbekend' is text, not a number"):
        number("onbekend")


def test_the_fake_server_filters_as_odata_does():
    keep = parse_filter("(RegioS eq 'GM0392  ' or RegioS eq 'NL01  ') and Perioden eq '2022JJ00'")
    assert keep({"RegioS": "GM0392  ", "Perioden": "2022JJ00"})
    assert not keep({"RegioS": "GM0397  ", "Perioden": "2022JJ00"})
    assert not keep({"RegioS": "NL01  ", "Perioden": "2023JJ00"})


def test_fetch_rolls_up_and_writes_the_measurement_format(fed_plan, tmp_path, cbs, capsys):
    data = tmp_path / "data"
    code, out, err = fetch(fed_plan, data, capsys=capsys)
    assert code == 0, out + err
    folder = data / "demo-feeds"  # the fake server's values are synthetic: kept apart as demo data
    assert not (data / "feeds").exists()
    population = rows(folder / "welzijn-inwoners.csv")
    # 2022: 300 + 100 = 400; 2023: 310 + 90 = 400
    assert [(r["period"], r["area"], r["value"]) for r in population] == [
        ("2022", "", "400"), ("2022", "Noorddorp", "300"), ("2022", "Zuiddorp", "100"),
        ("2023", "", "400"), ("2023", "Noorddorp", "310"), ("2023", "Zuiddorp", "90")]
    assert population[0]["source"] == "CBS opendata 03759NED, opgehaald 2026-11-30"
    assert population[0]["note"] == "som van 2 gemeenten; TESTGEGEVENS uit een nagebootste CBS-tabel, geen echte cijfers"
    share = rows(folder / "welzijn-aandeel.csv")
    # weighted by 2022 population: (50 * 300 + 70 * 100) / 400 = 55; never (50 + 70) / 2 = 60
    assert [(r["period"], r["area"], r["value"]) for r in share] == [
        ("2022", "", "55"), ("2022", "Noorddorp", "50"), ("2022", "Noorddorp: Wijk 01 Centrum", "55"),
        ("2022", "Zuiddorp", "70")]
    assert share[0]["note"] == ("naar inwonertal gewogen gemiddelde van 2 gemeenten (inwonertal: CBS opendata 03759NED); "
                                "TESTGEGEVENS uit een nagebootste CBS-tabel, geen echte cijfers")
    benchmarks = rows(folder / "benchmarks" / "welzijn-aandeel.csv")
    assert [(r["area"], r["value"]) for r in benchmarks] == [("Nederland", "45"), ("Peerregio", "40")]
    assert "welzijn-aandeel: 4 new figures, 0 revisions; wrote" in out


def test_a_second_fetch_without_news_rewrites_nothing_and_a_revision_is_reported(fed_plan, tmp_path, cbs, capsys):
    data = tmp_path / "data"
    fetch(fed_plan, data, capsys=capsys)
    path = data / "demo-feeds" / "welzijn-inwoners.csv"
    before = path.stat().st_mtime_ns
    code, out, _ = fetch(fed_plan, data, capsys=capsys)
    assert code == 0 and path.stat().st_mtime_ns == before
    assert "welzijn-inwoners: unchanged" in out
    cbs.tables[("opendata", "03759NED")]["TypedDataSet"][0]["BevolkingOp1Januari_1"] = 305.0  # GM0392 2022 revised
    code, out, _ = fetch(fed_plan, data, "--indicator", "welzijn-inwoners", capsys=capsys)
    assert "  revised: 2022 region 400 → 405" in out
    assert "  revised: 2022 Noorddorp 300 → 305" in out


def test_record_and_replay_give_the_same_files(fed_plan, tmp_path, cbs, capsys):
    recorded, live, replayed = tmp_path / "recording", tmp_path / "live", tmp_path / "replayed"
    assert fetch(fed_plan, live, "--record", str(recorded), capsys=capsys)[0] == 0
    assert fetch(fed_plan, replayed, "--replay", str(recorded), capsys=capsys)[0] == 0
    for path in sorted((live / "demo-feeds").rglob("*.*")):
        assert path.read_bytes() == (replayed / path.relative_to(live)).read_bytes()


def test_dry_run_writes_nothing(fed_plan, tmp_path, cbs, capsys):
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--dry-run", capsys=capsys)
    assert code == 0 and not (tmp_path / "data").exists()
    assert "welzijn-inwoners: 6 new figures, 0 revisions; would write (dry run)" in out


@pytest.mark.parametrize(("fault", "message"), [
    ("retired", "plan/feeds.yaml:{line}:{col}: series[0].editions[0].table: CBS does not serve table 03759NED (HTTP 404): "
                "it may have been retired or replaced by a new edition: https://opendata.cbs.nl/ODataApi/odata/03759NED/TableInfos"
                " — update the entry for series 'bevolking' (its newest table id, with its source)"),
    ("error", "plan/feeds.yaml:{line}:{col}: series[0].editions[0].table: CBS answered HTTP 500 (Internal Server Error) "
              "(3 tries): https://opendata.cbs.nl/ODataApi/odata/03759NED/TableInfos"),
])
def test_a_failing_table_is_located_at_its_registry_entry(fed_plan, tmp_path, cbs, capsys, monkeypatch, fault, message):
    monkeypatch.setattr("regiomonitor.feeds.transport.BACKOFF_SECONDS", 0)
    cbs.faults["03759NED"] = fault
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 1
    line, col = located(fed_plan / "feeds.yaml", "03759NED")
    assert message.format(line=line, col=col, url=cbs.url).replace("plan/", f"{fed_plan}/") in out.splitlines()
    assert not (tmp_path / "data" / "demo-feeds" / "welzijn-inwoners.csv").exists()


def located(path: Path, text: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the nth occurrence of `text` in the file: where a message must point."""
    found = [(n, line.index(text) + 1) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if text in line]
    return found[nth]


def test_a_timeout_is_retried_then_reported(fed_plan, tmp_path, cbs, capsys, monkeypatch):
    monkeypatch.setattr("regiomonitor.feeds.transport.BACKOFF_SECONDS", 0)
    monkeypatch.setattr("regiomonitor.feeds.transport.TIMEOUT_SECONDS", 0.3)
    cbs.faults["03759NED"], cbs.slow_seconds = "slow", 1.0
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 1
    assert ("series[0].editions[0].table: no answer within 0.3 s (3 tries): "
            "https://opendata.cbs.nl/ODataApi/odata/03759NED/TableInfos") in out
    assert cbs.counts["03759NED"] == 3


def test_a_server_error_that_passes_is_retried(fed_plan, tmp_path, cbs, capsys, monkeypatch):
    monkeypatch.setattr("regiomonitor.feeds.transport.BACKOFF_SECONDS", 0)
    cbs.faults["03759NED"] = "flaky"  # 500 twice, then the answer
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 0, out
    assert rows(tmp_path / "data" / "demo-feeds" / "welzijn-inwoners.csv")[0]["value"] == "400"


def test_paging_follows_next_link(fed_plan, tmp_path, capsys, monkeypatch):
    with serving(tables(), page_size=2) as server:
        monkeypatch.setenv("REGIOMONITOR_CBS_URL", server.url)
        code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
        pages = [r for r in server.requests if "TypedDataSet" in r]
    assert code == 0, out
    assert len(pages) == 4  # 8 records, 2 per page: the first request and three nextLinks
    assert len(rows(tmp_path / "data" / "demo-feeds" / "welzijn-inwoners.csv")) == 6


def test_a_full_page_without_next_link_is_refused(fed_plan, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("regiomonitor.feeds.odata.PAGE_LIMIT", 5)  # metadata answers are shorter; the data are 8
    with serving(tables(), page_size=5) as server:
        server.faults["03759NED"] = "no-next-link"
        monkeypatch.setenv("REGIOMONITOR_CBS_URL", server.url)
        code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 1
    assert ("series[0].editions[0].table: table 03759NED: a page of 5 records (CBS's limit) came without "
            "odata.nextLink, so the rest of the selection is missing: https://opendata.cbs.nl/ODataApi/odata/03759NED/"
            "TypedDataSet?") in out


def test_a_response_of_100_mb_is_refused(fed_plan, tmp_path, cbs, capsys):
    cbs.faults["03759NED"] = "huge"
    cbs.tables[("opendata", "03759NED")]  # metadata is fine; the data answer is 100 MB
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 1
    assert ("series[0].editions[0].table: the response is larger than 20 MB, more than a region's selection can be: "
            "is the filter right?") in out


@pytest.mark.parametrize(("fault", "message"), [
    ("drop-measure", "table 03759NED: the answer has no measure 'BevolkingOp1Januari_1' (asked for with $select)"),
    ("bad-period", "table 03759NED: period code '2023XX01' is not one CBS uses for a year (2023JJ00), a quarter "
                   "(2023KW03) or a month (2023MM07); its records are left out"),
    ("text-value", "table 03759NED, record 0 (GM0392 2022): value 'onbekend' is text, not a number; the record is "
                   "left out"),
])
def test_a_bad_answer_is_reported_and_the_rest_kept(fed_plan, tmp_path, cbs, capsys, fault, message):
    cbs.faults["03759NED"] = fault
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 1
    assert f"series[0].editions[0].table: {message}" in out
    if fault == "text-value":  # GM0392 2022 is lost, so the 2022 region figure is not made; 2023 stands
        assert [(r["period"], r["area"]) for r in rows(tmp_path / "data" / "demo-feeds" / "welzijn-inwoners.csv")] == [
            ("2022", "Zuiddorp"), ("2023", ""), ("2023", "Noorddorp"), ("2023", "Zuiddorp")]
        assert ("welzijn-inwoners 2022: the region figure is not made, for lack of Noorddorp (GM0392)") in out


def test_a_measure_or_filter_the_table_lacks_is_located_at_the_feed(fed_plan, tmp_path, cbs, capsys):
    theme = (fed_plan / "welzijn.yaml").read_text(encoding="utf-8")
    theme = theme.replace("measure: BevolkingOp1Januari_1\n    region: sum",
                          "measure: Bevolking_1\n    region: sum\n    filters:\n      Geslacht: T001038")
    (fed_plan / "welzijn.yaml").write_text(theme, encoding="utf-8")
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 1
    line, col = located(fed_plan / "welzijn.yaml", "Bevolking_1")
    assert (f"{fed_plan}/welzijn.yaml:{line}:{col}: indicators[0].feed.measure: table 03759NED (series 'bevolking') "
            "has no measure 'Bevolking_1'; it has: BevolkingOp1Januari_1") in out
    line, col = located(fed_plan / "welzijn.yaml", "T001038")
    assert (f"{fed_plan}/welzijn.yaml:{line}:{col}: indicators[0].feed.filters.Geslacht: table 03759NED has no "
            "dimension 'Geslacht'; it has: RegioS, Perioden") in out


def test_a_gemeente_code_of_an_older_edition_is_carried_forward(fed_plan, tmp_path, cbs, capsys):
    """Herindeling: the table (codes of 2016) still has GM0393, which became part of GM0392 in 2019 (feeds.yaml's
    code_changes): its value is added to Noorddorp's, so the region is complete in today's gemeenten."""
    population = dict(POPULATION)
    population[("GM0393", "2022JJ00")] = 50.0
    cbs.tables[("opendata", "03759NED")] = table("opendata", "03759NED", "RegioS", "BevolkingOp1Januari_1",
                                                 population, TITLES, pad=6)
    registry = (fed_plan / "feeds.yaml").read_text(encoding="utf-8")
    (fed_plan / "feeds.yaml").write_text(registry.replace("codes: 2024", "codes: 2016"), encoding="utf-8")
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 0, out
    found = rows(tmp_path / "data" / "demo-feeds" / "welzijn-inwoners.csv")
    assert [(r["area"], r["value"]) for r in found if r["period"] == "2022"] == [
        ("", "450"), ("Noorddorp", "350"), ("Zuiddorp", "100")]  # 300 + 50 in today's Noorddorp


def test_a_gemeente_code_no_edition_knows_is_named(fed_plan, tmp_path, cbs, capsys):
    plan = (fed_plan / "plan.yaml").read_text(encoding="utf-8")
    (fed_plan / "plan.yaml").write_text(plan.replace("Zuiddorp: GM0397", "Zuiddorp: GM0999"), encoding="utf-8")
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert ("gemeente GM0999 is not in table 03759NED (gemeente codes of 2024), and no code change in feeds.yaml "
            "leads to it: is the code right, or is a herindeling missing under code_changes?") in out
    assert "welzijn-inwoners 2022: the region figure is not made, for lack of Zuiddorp (GM0999)" in out


def test_replay_of_a_url_that_was_not_recorded(fed_plan, tmp_path, cbs, capsys):
    recorded = tmp_path / "recording"
    fetch(fed_plan, tmp_path / "live", "--record", str(recorded), "--indicator", "welzijn-inwoners", capsys=capsys)
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--replay", str(recorded), "--indicator", "welzijn-aandeel",
                         capsys=capsys)
    assert code == 1
    assert (f"not in the recording {recorded}: https://dataderden.cbs.nl/ODataApi/odata/50120NED/TableInfos "
            "(record it again with --record)") in out


def test_check_knows_a_tables_measures_after_a_fetch(fed_plan, tmp_path, cbs, capsys):
    data = tmp_path / "data"
    fetch(fed_plan, data, capsys=capsys)
    theme = (fed_plan / "welzijn.yaml").read_text(encoding="utf-8")
    (fed_plan / "welzijn.yaml").write_text(theme.replace("measure: Aandeel_1", "measure: Aandeel_2"), encoding="utf-8")
    code = main(["check", "--plan", str(fed_plan), "--data", str(data)])
    out = capsys.readouterr().out
    line, col = located(fed_plan / "welzijn.yaml", "Aandeel_2")
    assert code == 1
    assert (f"{fed_plan}/welzijn.yaml:{line}:{col}: indicators[1].feed.measure: table 50120NED (series 'gezondheid') "
            "has no measure 'Aandeel_2'; it has: Aandeel_1") in out.splitlines()


@pytest.mark.parametrize(("change", "message"), [
    ("series: gezondheid", "indicators[1].feed.series: unknown series 'gezondheit': it is not in feeds.yaml; did you "
                           "mean 'gezondheid'?"),
    ("region: population-weighted", "indicators[1].feed.region: a sum of percentages is not a region figure: use "
                                    "population-weighted for a share (unit '%')"),
])
def test_check_reads_each_feed_against_the_registry(fed_plan, capsys, change, message):
    theme = (fed_plan / "welzijn.yaml").read_text(encoding="utf-8")
    spoiled = {"series: gezondheid": "series: gezondheit", "region: population-weighted": "region: sum"}[change]
    (fed_plan / "welzijn.yaml").write_text(theme.replace(change, spoiled), encoding="utf-8")
    main(["check", "--plan", str(fed_plan), "--data", str(fed_plan.parent / "nodata")])
    out = capsys.readouterr().out
    line, col = located(fed_plan / "welzijn.yaml", spoiled, nth=-1)
    col += len(spoiled.split(": ")[0]) + 2
    assert f"{fed_plan}/welzijn.yaml:{line}:{col}: {message}" in out.splitlines()


def test_the_kpi_page_view_gives_provenance_and_the_regions_standing(fed_plan, tmp_path, cbs, capsys):
    from regiomonitor.engine.progress import Progress
    from regiomonitor.plan.load import load_plan
    from regiomonitor.present.feed_view import feed_views

    data = tmp_path / "data"
    fetch(fed_plan, data, capsys=capsys)
    loaded = load_plan(fed_plan)
    measurements = Progress.build(loaded, data, today=date(2026, 11, 30)).measurements
    views = feed_views(loaded, measurements.rows, measurements.benchmarks, measurements.table_titles)
    share = views["welzijn-aandeel"]
    # 2022 (figure of the 'elke twee jaar' series, 9 months' lag): next figure 2024, around September 2025
    assert share.provenance_rows(date(2026, 9, 30)) == [
        ("Bron", "RIVM — Gezondheid per wijk en buurt (CBS dataderden)"),
        ("Tabel", "50120NED Testtabel 50120NED"),
        ("Verslagperiode", "2022"),
        ("Laatst opgehaald", "30-11-2026"),
        ("Verschijnt", "elke twee jaar"),
        ("Volgend cijfer verwacht", "rond september 2025 — die maand is voorbij en er is nog geen nieuw cijfer: staat "
                                    "de nieuwe tabel al in plan/feeds.yaml?"),
        ("Let op", "testgegevens uit een nagebootste CBS-tabel, geen echte cijfers")]
    assert dict(share.provenance_rows(date(2025, 6, 30)))["Volgend cijfer verwacht"] == "rond september 2025"
    standing = share.standing_until(date(2026, 9, 30))
    # no direction: highest first — Testregio 55 %, Nederland 45 %, Peerregio 40 %; 1st of 2 regions
    assert standing.text == ("2022: Testregio 55% — Nederland 45%; Peerregio 40%. Plaats 1 van 2 regio's "
                             "(hoogst eerst).")
    assert standing.table.to_pylist() == [{"Gebied": "Testregio", "Waarde": "55%"},
                                          {"Gebied": "Nederland", "Waarde": "45%"},
                                          {"Gebied": "Peerregio", "Waarde": "40%"}]
    assert share.standing_until(date(2022, 6, 30)) is None
    assert [name for name, _ in share.lines] == ["Nederland", "Peerregio"]


def test_an_edition_that_renumbers_a_measure_is_read_with_its_own_key(fed_plan, tmp_path, cbs, capsys):
    """CBS renumbers measures between editions (Eenzaam_28 in 50090NED, Eenzaam_27 in 50120NED): the registry's
    `keys` maps the feed's key to the edition's. Here a 2024 edition 50150NED calls the share Aandeel_9."""
    cbs.tables[("dataderden", "50150NED")] = table(
        "dataderden", "50150NED", "WijkenEnBuurten", "Aandeel_9",
        {("GM0392", "2024JJ00"): 60.0, ("GM0397", "2024JJ00"): 80.0, ("NL01", "2024JJ00"): 50.0,
         ("GM0479", "2024JJ00"): 45.0}, TITLES, unit="%")
    population = {**POPULATION, ("GM0392", "2024JJ00"): 320.0, ("GM0397", "2024JJ00"): 80.0,
                  ("GM0479", "2024JJ00"): 200.0, ("NL01", "2024JJ00"): 1020.0}
    cbs.tables[("opendata", "03759NED")] = table("opendata", "03759NED", "RegioS", "BevolkingOp1Januari_1",
                                                 population, TITLES, pad=6)
    registry = yaml.safe_load((fed_plan / "feeds.yaml").read_text(encoding="utf-8"))
    registry["series"][1]["editions"].append({"table": "50150NED", "codes": 2024, "source": "test",
                                              "keys": {"Aandeel_1": "Aandeel_9"}})
    (fed_plan / "feeds.yaml").write_text(yaml.safe_dump(registry, sort_keys=False), encoding="utf-8")
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-aandeel", capsys=capsys)
    assert code == 0, out
    found = rows(tmp_path / "data" / "demo-feeds" / "welzijn-aandeel.csv")
    # 2024 weighted by 2024 population: (60 * 320 + 80 * 80) / 400 = 64
    assert [(r["period"], r["value"], r["source"]) for r in found if r["area"] == ""] == [
        ("2022", "55", "CBS dataderden 50120NED, opgehaald 2026-11-30"),
        ("2024", "64", "CBS dataderden 50150NED, opgehaald 2026-11-30")]


def test_the_pull_request_comment_lists_the_changed_figures_as_text(fed_plan, tmp_path, monkeypatch):
    """Names from the plan and areas from CBS stay text in the comment: no heading, link or mention."""
    import json

    from regiomonitor.commands.pr_comment import fetch_section

    theme = (fed_plan / "welzijn.yaml").read_text(encoding="utf-8")
    (fed_plan / "welzijn.yaml").write_text(theme.replace("name: Aandeel", "name: '# Aandeel [x](http://e.vil) @team'"),
                                           encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"changes": [{"indicator": "welzijn-aandeel",
                                               "new": [{"period": "2022", "area": "", "value": 55.0}],
                                               "revised": [{"period": "2020", "area": "<b>Wijk</b>", "old": 54.0,
                                                            "new": 55.25}]}], "problems": []}), encoding="utf-8")
    assert fetch_section(report, fed_plan).splitlines() == [
        "### Nieuwe cijfers uit open data", "",
        "- **\\# Aandeel \\[x\\]\\(http\\:\u2060\\/\\/e\\.vil\\) \\@\u2060team**: 1 nieuw cijfer, 1 herziening",
        "  - 2022 regio: 55",
        "  - herzien: 2020 \\<b\\>Wijk\\<\\/b\\>: 54 → 55,25"]


@pytest.mark.parametrize(("change", "token", "message"), [
    (lambda r: r["series"][0].update(id="Bevolking"), "Bevolking", "series[0].id: must be an id of lowercase letters, "
     "digits and hyphens (e.g. 'acute-zorg'); got the text 'Bevolking'"),
    (lambda r: r["series"][0]["editions"][0].update(table="3759NED"), "3759NED", "series[0].editions[0].table: must "
     "be a CBS table id: five digits and three letters, e.g. 85984NED; got the text '3759NED'"),
    (lambda r: r["code_changes"][0].update(old="GM393"), "GM393", "code_changes[0].old: must be a CBS gemeente code: "
     "GM and four digits, e.g. GM0392; got the text 'GM393'"),
    (lambda r: r["series"][1]["weights"].update(series="inwoners"), "inwoners", "series[1].weights.series: weights "
     "from series 'inwoners', which is not in feeds.yaml"),
])
def test_a_broken_registry_entry_is_located(fed_plan, capsys, change, token, message):
    """Each at the line and column of the value that is wrong, with the words a theme team can act on."""
    registry = yaml.safe_load(yaml.safe_dump(REGISTRY))
    change(registry)
    (fed_plan / "feeds.yaml").write_text(yaml.safe_dump(registry, sort_keys=False), encoding="utf-8")
    assert main(["check", "--plan", str(fed_plan), "--data", str(fed_plan.parent / "nodata")]) == 1
    out = capsys.readouterr().out.splitlines()
    line, col = located(fed_plan / "feeds.yaml", token)
    assert [o for o in out if "/feeds.yaml:" in o] == [f"{fed_plan}/feeds.yaml:{line}:{col}: {message}"]


def test_a_series_listed_twice_is_located_at_the_second(fed_plan, capsys):
    registry = yaml.safe_load(yaml.safe_dump(REGISTRY))
    registry["series"].append(dict(registry["series"][0]))
    (fed_plan / "feeds.yaml").write_text(yaml.safe_dump(registry, sort_keys=False), encoding="utf-8")
    main(["check", "--plan", str(fed_plan), "--data", str(fed_plan.parent / "nodata")])
    line, col = located(fed_plan / "feeds.yaml", "id: bevolking", nth=1)
    assert f"{fed_plan}/feeds.yaml:{line}:{col + 4}: series[2].id: series 'bevolking' is listed twice" in (
        capsys.readouterr().out.splitlines())


def test_a_next_link_to_another_host_is_refused(fed_plan, tmp_path, capsys, monkeypatch):
    """A hostile or broken answer cannot send fetch elsewhere: odata.nextLink must stay in the table."""
    from regiomonitor.feeds.odata import Table
    from regiomonitor.feeds.transport import FetchError, Response

    class Answers:
        def get(self, url):
            return Response(url, b'{"value": [], "odata.nextLink": "http://evil.example/steal"}')

    with pytest.raises(FetchError) as exc:
        Table(Answers(), "https://opendata.cbs.nl/ODataApi/odata", "03759ned").get("TypedDataSet")
    assert str(exc.value) == "table 03759ned: odata.nextLink points outside the table (http://evil.example/steal)"


def test_a_recording_that_points_outside_itself_is_refused(tmp_path):
    from regiomonitor.feeds.transport import FetchError, Replay

    (tmp_path / "index.json").write_text('{"https://opendata.cbs.nl/x": {"file": "../../etc/passwd"}}',
                                         encoding="utf-8")
    with pytest.raises(FetchError) as exc:
        Replay(tmp_path)
    assert str(exc.value) == f"{tmp_path / 'index.json'} is not a recording's index (URL → file)"


def test_area_names_from_cbs_stay_text(fed_plan, tmp_path, cbs, capsys):
    """A wijk's title with markup and a control character: one visible line in the file, markup kept as text."""
    cbs.tables[("dataderden", "50120NED")]["dimensions"]["WijkenEnBuurten"][-2]["Title"] = "<b>**Wijk**</b>\x07 [x](y)"
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-aandeel", capsys=capsys)
    assert code == 0, out
    areas = [r["area"] for r in rows(tmp_path / "data" / "demo-feeds" / "welzijn-aandeel.csv")]
    assert "Noorddorp: <b>**Wijk**</b> [x](y)" in areas


def test_status_names_the_fed_kpis_with_source_and_standing_on_stderr(capsys):
    """The real plan's replayed feeds (data/demo-feeds): `status` keeps its columns on stdout and says on stderr
    where the fed figures come from and how the region stands (weighted mean 55,9: see test_export)."""
    from tests.conftest import ROOT

    assert main(["status", "--plan", str(ROOT / "plan"), "--data", str(ROOT / "data"), "--as-of", "2026-09-30",
                 "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "open data" not in out
    assert ("open data: gezondheidsverschillen-chronisch-zieken: 2022: Kennemerland 55,9% — Nederland 56,0%; Gooi en "
            "Vechtstreek 55,0%; Zaanstreek-Waterland 56,0%. Plaats 2 van 3 regio's (gunstigst eerst). Bron: RIVM, "
            "GGD'en en CBS, tabel 50120NED; opgehaald 30-11-2026; volgend cijfer verwacht rond september 2025 (nog "
            "niet binnen); testgegevens, geen echte cijfers.") in err.splitlines()


@pytest.mark.parametrize(("body", "message"), [
    (b"<html>Service Unavailable</html>", "table 03759ned: the answer is not JSON (it begins "
                                          "b'<html>Service Unavailable</html>'): "
                                          "https://opendata.cbs.nl/ODataApi/odata/03759ned/TableInfos"),
    (b'{"odata.metadata": "x"}', "table 03759ned: the answer has no list of records ('value'): "
                                 "https://opendata.cbs.nl/ODataApi/odata/03759ned/TableInfos"),
    (b'{"value": [1, 2]}', "table 03759ned: the answer's records are not objects: "
                           "https://opendata.cbs.nl/ODataApi/odata/03759ned/TableInfos"),
])
def test_an_answer_that_is_not_odata_is_named(body, message):
    from regiomonitor.feeds.odata import Table
    from regiomonitor.feeds.transport import FetchError, Response

    class Answers:
        def get(self, url):
            return Response(url, body)

    with pytest.raises(FetchError) as exc:
        Table(Answers(), "https://opendata.cbs.nl/ODataApi/odata", "03759ned").get("TableInfos")
    assert str(exc.value) == message


def test_replay_of_a_folder_that_is_no_recording(fed_plan, tmp_path, capsys):
    code, _, err = fetch(fed_plan, tmp_path / "data", "--replay", str(tmp_path / "nowhere"), capsys=capsys)
    assert code == 1
    assert err.splitlines() == [f"FAILED: {tmp_path / 'nowhere'} is not a recording: it has no index.json (make one "
                                "with --record)"]


def test_diff_names_a_new_feed(fed_plan, tmp_path, capsys):
    """A pull request that declares a feed says so in the comparison of the plan."""
    import shutil as sh

    base = tmp_path / "base"
    sh.copytree(fed_plan, base)
    theme = (fed_plan / "welzijn.yaml").read_text(encoding="utf-8")
    (fed_plan / "welzijn.yaml").write_text(theme.replace("measure: Aandeel_1", "measure: Aandeel_2"), encoding="utf-8")
    assert main(["diff", str(base), str(fed_plan), "--data", str(tmp_path / "nodata"), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert ("- Indicator `welzijn-aandeel` — Aandeel: open\\-databron CBS gezondheid Aandeel\\_1\\, gewogen → "
            "CBS gezondheid Aandeel\\_2\\, gewogen") in out.splitlines()


def test_a_feed_without_registry_or_gemeente_codes_is_located(fed_plan, capsys):
    (fed_plan / "feeds.yaml").unlink()
    main(["check", "--plan", str(fed_plan), "--data", str(fed_plan.parent / "nodata")])
    out = capsys.readouterr().out.splitlines()
    line, col = located(fed_plan / "welzijn.yaml", "source: cbs")
    assert (f"{fed_plan}/welzijn.yaml:{line}:{col}: indicators[0].feed: indicator 'welzijn-inwoners' has a feed, but "
            "the plan directory has no feeds.yaml to say which tables make series 'bevolking'") in out
    (fed_plan / "feeds.yaml").write_text(yaml.safe_dump(REGISTRY, sort_keys=False), encoding="utf-8")
    plan = yaml.safe_load((fed_plan / "plan.yaml").read_text(encoding="utf-8"))
    del plan["gemeente_codes"]
    (fed_plan / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    main(["check", "--plan", str(fed_plan), "--data", str(fed_plan.parent / "nodata")])
    out = capsys.readouterr().out.splitlines()
    assert (f"{fed_plan}/welzijn.yaml:{line}:{col}: indicators[0].feed: a feed rolls gemeenten up to the region, and "
            "plan.yaml declares no gemeente_codes (e.g. Haarlem: GM0392)") in out


def test_the_committed_demo_feeds_are_the_replay_of_the_committed_recording(tmp_path, capsys):
    """data/demo-feeds/ is exactly what `fetch --replay tests/fixtures/cbs/recording` writes (retrieved 30-11-2026):
    a change to the plan's feeds, the registry or the roll-up that is not replayed shows here."""
    from tests.conftest import ROOT

    code = main(["fetch", "--plan", str(ROOT / "plan"), "--data", str(tmp_path), "--replay",
                 str(ROOT / "tests" / "fixtures" / "cbs" / "recording"), "--today", TODAY])
    assert code == 0, capsys.readouterr()
    written = sorted(p.relative_to(tmp_path / "demo-feeds") for p in (tmp_path / "demo-feeds").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(ROOT / "data" / "demo-feeds") for p in (ROOT / "data" / "demo-feeds").rglob("*")
                       if p.is_file())
    assert written == committed
    for name in written:
        assert (tmp_path / "demo-feeds" / name).read_bytes() == (ROOT / "data" / "demo-feeds" / name).read_bytes(), (
            f"{name} is stale: run fetch --replay tests/fixtures/cbs/recording --today {TODAY}")


def test_a_figure_cbs_no_longer_sends_is_kept_and_said(fed_plan, tmp_path, cbs, capsys):
    data = tmp_path / "data"
    fetch(fed_plan, data, "--indicator", "welzijn-inwoners", capsys=capsys)
    records = cbs.tables[("opendata", "03759NED")]["TypedDataSet"]
    cbs.tables[("opendata", "03759NED")]["TypedDataSet"] = [r for r in records if r["Perioden"] != "2022JJ00"]
    code, out, _ = fetch(fed_plan, data, "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 0
    assert out.splitlines()[-2:] == ["welzijn-inwoners: unchanged",
                                     "  kept: 3 figures CBS no longer sends (2022 region, 2022 Noorddorp, 2022 Zuiddorp)"]
    assert [r["period"] for r in rows(data / "demo-feeds" / "welzijn-inwoners.csv")] == ["2022"] * 3 + ["2023"] * 3


def test_a_ratio_of_summed_codes_rolls_up_as_a_ratio_of_sums(fed_plan, tmp_path, cbs, capsys):
    """Mantelzorgpotentieel-style: the single years 50 and 51 added up, per 85-plusser; the region's figure is the sum of
    the numerators over the sum of the denominators, never the mean of the gemeenten's ratios."""
    people = {  # (area, age, period): count
        ("GM0392", "15000", "2022JJ00"): 30.0, ("GM0392", "15100", "2022JJ00"): 20.0, ("GM0392", "18500", "2022JJ00"): 10.0,
        ("GM0397", "15000", "2022JJ00"): 10.0, ("GM0397", "15100", "2022JJ00"): 10.0, ("GM0397", "18500", "2022JJ00"): 5.0,
        ("GM0479", "15000", "2022JJ00"): 30.0, ("GM0479", "15100", "2022JJ00"): 30.0, ("GM0479", "18500", "2022JJ00"): 20.0,
        ("NL01", "15000", "2022JJ00"): 100.0, ("NL01", "15100", "2022JJ00"): 100.0, ("NL01", "18500", "2022JJ00"): 40.0,
        ("GM0392", "15000", "2023JJ00"): 30.0, ("GM0392", "15100", "2023JJ00"): 20.0, ("GM0392", "18500", "2023JJ00"): 10.0,
        ("GM0397", "15000", "2023JJ00"): 10.0, ("GM0397", "18500", "2023JJ00"): 5.0,  # 51-year-olds missing
    }
    made = table("opendata", "03759NED", "RegioS", "BevolkingOp1Januari_1",
                 {(a, p): 0.0 for a, _, p in people}, TITLES, pad=6)
    made["DataProperties"].insert(1, {"ID": 9, "Position": 1, "ParentID": None, "Type": "Dimension", "Key": "Leeftijd",
                                      "Title": "Leeftijd"})
    made["dimensions"]["Leeftijd"] = [{"Key": k, "Title": k} for k in ("10000", "15000", "15100", "18500")]
    made["TypedDataSet"] = [{"ID": i, "RegioS": a.ljust(6), "Leeftijd": age, "Perioden": p, "BevolkingOp1Januari_1": v}
                            for i, ((a, age, p), v) in enumerate(sorted(people.items()))]
    cbs.tables[("opendata", "03759NED")] = made
    theme = yaml.safe_load((fed_plan / "welzijn.yaml").read_text(encoding="utf-8"))
    theme["indicators"][0].update(unit="50-51-jarigen per 85-plusser", feed={
        "source": "cbs", "series": "bevolking", "measure": "BevolkingOp1Januari_1",
        "filters": {"Leeftijd": ["15000", "15100"]}, "per": {"filters": {"Leeftijd": "18500"}}, "region": "sum"})
    (fed_plan / "welzijn.yaml").write_text(yaml.safe_dump(theme, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 0, out
    found = rows(tmp_path / "data" / "demo-feeds" / "welzijn-inwoners.csv")
    # 2022: Noorddorp (30 + 20) / 10 = 5, Zuiddorp (10 + 10) / 5 = 4, region 70 / 15 = 4.6667 (the mean of 5 and 4
    # would be 4.5); 2023: Zuiddorp lacks its 51-year-olds, so it has no figure and the region none either.
    assert [(r["period"], r["area"], r["value"]) for r in found] == [
        ("2022", "", "4.6667"), ("2022", "Noorddorp", "5"), ("2022", "Zuiddorp", "4"), ("2023", "Noorddorp", "5")]
    assert found[0]["note"].startswith("verhouding van de sommen over 2 gemeenten")
    benchmarks = rows(tmp_path / "data" / "demo-feeds" / "benchmarks" / "welzijn-inwoners.csv")
    assert [(r["period"], r["area"], r["value"]) for r in benchmarks] == [("2022", "Nederland", "5"),
                                                                          ("2022", "Peerregio", "3")]
    assert "welzijn-inwoners 2023: the region figure is not made, for lack of Zuiddorp (GM0397)" in out


def test_a_ratio_checks_its_own_codes_and_its_roll_up(fed_plan, tmp_path, cbs, capsys):
    theme = yaml.safe_load((fed_plan / "welzijn.yaml").read_text(encoding="utf-8"))
    theme["indicators"][0]["feed"].update(per={"filters": {"Leeftijd": "18500"}}, region="population-weighted")
    (fed_plan / "welzijn.yaml").write_text(yaml.safe_dump(theme, allow_unicode=True, sort_keys=False), encoding="utf-8")
    main(["check", "--plan", str(fed_plan), "--data", str(tmp_path / "nodata")])
    line, col = located(fed_plan / "welzijn.yaml", "region: population-weighted")
    assert (f"{fed_plan}/welzijn.yaml:{line}:{col + 8}: indicators[0].feed.region: a ratio (per) is rolled up as the "
            "sum of its numerators over the sum of its denominators: write region: sum") in capsys.readouterr().out


def test_a_long_filter_is_split_over_requests_by_area(fed_plan, tmp_path, cbs, capsys, monkeypatch):
    monkeypatch.setattr("regiomonitor.feeds.read.MAX_URL", 250)  # room for two of the four areas per request here
    code, out, _ = fetch(fed_plan, tmp_path / "data", "--indicator", "welzijn-inwoners", capsys=capsys)
    assert code == 0, out
    asked = [r for r in cbs.requests if "/TypedDataSet?" in r]
    assert len(asked) == 2
    assert all(len(f"https://opendata.cbs.nl/ODataApi/odata{r.split('/ODataApi/odata', 1)[1]}") <= 250 for r in asked)
    assert [(r["period"], r["area"], r["value"]) for r in rows(tmp_path / "data" / "demo-feeds" / "welzijn-inwoners.csv")
            ][:3] == [("2022", "", "400"), ("2022", "Noorddorp", "300"), ("2022", "Zuiddorp", "100")]
