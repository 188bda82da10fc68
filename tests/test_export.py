"""The committee pack, read back: PDF text, PPTX slides, XLSX values, PNG/SVG sizes, HTML offline."""

import json
import shutil
import struct
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from regiomonitor.commands.cli import main
from regiomonitor.export import run_export, zip_bytes
from regiomonitor.plan.load import load_plan
from tests.browser import chromium_path
from tests.conftest import FIXTURES, judged

# Baseline 12 weeks (2022), target 8 (2026). At 2025-Q4: 11.5 weeks, R = 0.17: Beperkte voortgang.
DATA = ("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\n"
        "zorg-wachttijd,2025-Q4,11.5,,GGD,\nzorg-wachttijd,2025-Q4,11,Noorddorp,GGD,\n")
COMMENTARY = ("quarter: 2025-Q4\ndoelen:\n  zorg/1b:\n    toelichting: Intake sneller via triage.\n"
              "indicators:\n  zorg-wachttijd:\n    toelichting: Personeelstekort bij de intake.\n"
              "    vervolgacties:\n      - {action: Intakers werven, owner: Ziekenhuis Noord, due: 2026-03-31}\n")
GENERATED = datetime(2026, 1, 15, 9, 30)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    shutil.copytree(FIXTURES / "plan-minimal", root / "plan")
    (root / "plan" / "toelichting").mkdir()
    (root / "plan" / "toelichting" / "2025-Q4.yaml").write_text(COMMENTARY)
    (root / "data" / "measurements").mkdir(parents=True)
    (root / "data" / "measurements" / "m.csv").write_text(DATA)
    return root


@pytest.fixture(scope="module")
def export(inputs):
    chromium_path()  # skips without a browser, fails in CI
    loaded = load_plan(inputs / "plan")
    out = inputs / "out"
    return run_export(*judged(loaded, inputs / "data", "2025-Q4"), inputs / "data", out, generated=GENERATED), out


def test_every_format_is_written(export):
    result, out = export
    names = sorted(p.relative_to(out).as_posix() for p in result.files)
    assert names == ["grafieken/thema-zorg-statusverdeling.png", "grafieken/thema-zorg-statusverdeling.svg",
                     "grafieken/zorg-wachttijd.png", "grafieken/zorg-wachttijd.svg",
                     "regiomonitor-2025-Q4.html", "regiomonitor-2025-Q4.pdf", "regiomonitor-2025-Q4.pptx",
                     "regiomonitor-2025-Q4.xlsx"]
    assert result.messages == []


def test_png_is_1600_by_900_and_svg_states_its_size(export):
    _, out = export
    header = (out / "grafieken" / "zorg-wachttijd.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1600, 900)
    svg = (out / "grafieken" / "zorg-wachttijd.svg").read_text()
    assert 'width="1600"' in svg and 'height="900"' in svg
    assert "Wachttijd intake — Beperkte voortgang" in svg
    assert "Regio Testregio · 4e kwartaal 2025 · peildatum 31-12-2025" in svg
    assert "gegenereerd" not in svg and "inhoud " not in svg  # versions stand on the closing page, not on charts


def test_pdf_has_cover_region_themes_values_status_and_commentary(export):
    _, out = export
    reader = PdfReader(out / "regiomonitor-2025-Q4.pdf")
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    flat = " ".join(pages)
    assert "Regioplan Testregio" in flat and "Kwartaalrapportage 4e kwartaal 2025" in flat
    assert "Peildatum 31-12-2025" in flat and "Regio Testregio" in flat
    # Where the region stands, then what needs attention (most severe first) and what changed.
    assert ("Waar staan we — 4e kwartaal 2025 Indicatoren: 0 gunstig, 1 ongunstig, 0 neutraal, 0 niet te "
            "beoordelen. Sinds vorig kwartaal: 0 beter, 1 slechter. Acties te laat: 1 van 1. Vraagt aandacht (2)") in flat
    assert ("Wachttijd intake Zorg Beperkte voortgang Gaat nauwelijks vooruit; de streefwaarde voor 2026 raakt buiten "
            "bereik. thematafel Zorg") in flat
    assert "Veranderd sinds vorig kwartaal (1) Indicator Thema Status Richting Wachttijd intake Zorg Op koers → " \
           "Beperkte voortgang slechter" in flat
    for name in ("Zorg", "Welzijn", "Per thema"):
        assert name in flat
    assert "11,5 weken (4e kwartaal 2025)" in flat
    assert "Personeelstekort bij de intake." in flat
    assert "Doel 1b: Intake sneller via triage." in flat
    assert "Intakers werven (Ziekenhuis Noord, uiterlijk 31-03-2026)" in flat
    # A theme with fewer than three KPI's is reported by its plan as well: doelen, every action, initiatives.
    assert "Doelen Doel Omschrijving Wat eraan werkt 1a Minder wachtenden 1 indicator, 1 samenwerkingsinitiatief, " \
           "1 actie 1b Sneller intake 1 indicator" in flat
    assert "Werkagenda Actie Periode Status KPI's opstellen 1e kwartaal 2024 – 2e kwartaal 2024 Vertraagd" in flat
    assert "W2 Minder eenzaamheid nog niets gekoppeld" in flat
    assert "Wachtlijstteam (ook: Welzijn) Ziekenhuis Noord, Huisartsen Zuid lopend" in flat
    assert "Wachtlijstteam (trekker: Zorg)" in flat  # one record, shown in the theme it also serves
    assert "Methodiek, datanotities en versies" in flat and "R ≥ 0,95 op koers" in flat
    # Every page says where and when it is; the versions stand once, on the last page.
    assert all(f"Regio Testregio · 4e kwartaal 2025 · peildatum 31-12-2025 · pagina {n} van {len(pages)}" in page
               for n, page in enumerate(pages, start=1))
    assert [n for n, page in enumerate(pages, start=1) if "inhoud " in page] == [len(pages)]
    assert "Gegenereerd op 15-01-2026 09:30 door Regiomonitor." in pages[-1]


def test_pdf_is_tagged_in_dutch_with_bookmarks_and_alt_text(export):
    _, out = export
    reader = PdfReader(out / "regiomonitor-2025-Q4.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:3] == ["Regioplan Testregio", "Waar staan we — 4e kwartaal 2025", "Zorg"]
    alts = []

    def walk(element):
        element = element.get_object()
        if "/Alt" in element:
            alts.append(str(element["/Alt"]))
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert alts == ["Statusverdeling van Zorg: Beperkte voortgang: 1.",
                    "Grafiek van Wachttijd intake, status Beperkte voortgang: Gaat nauwelijks vooruit; de streefwaarde "
                    "voor 2026 raakt buiten bereik."]


def slide_texts(slide) -> list[str]:
    """Every text on a slide apart from its title and footer, and every table as rows of cells."""
    texts = []
    for shape in slide.shapes:
        if shape.has_table:
            table = shape.table
            texts.append([[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))])
        elif shape.has_text_frame and shape != slide.shapes.title and " · dia " not in shape.text_frame.text:
            texts.append(shape.text_frame.text)
    return texts


def test_pptx_runs_as_the_meeting_does(export):
    _, out = export
    deck = Presentation(out / "regiomonitor-2025-Q4.pptx")
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 13.333 × 7.5 inch
    titles = [slide.shapes.title.text for slide in deck.slides]
    # Title, the region, what needs attention, what changed; per theme its summary with the KPI table, the
    # commentary per doel, its plan tables (fewer than three KPI's), a chart per KPI with data; the closing slide.
    assert titles == ["Regioplan Testregio", "Waar staan we — 4e kwartaal 2025", "Vraagt aandacht (2)",
                      "Veranderd sinds vorig kwartaal (1)", "Zorg", "Zorg — toelichting per doel", "Zorg — Doelen",
                      "Zorg — Werkagenda", "Zorg — Samenwerkingsinitiatieven", "Wachttijd intake", "Welzijn",
                      "Welzijn — Doelen", "Welzijn — Samenwerkingsinitiatieven", "Over deze rapportage"]
    slides = list(deck.slides)
    assert slide_texts(slides[1])[0] == ("Indicatoren: 0 gunstig, 1 ongunstig, 0 neutraal, 0 niet te beoordelen.\n"
                                         "Sinds vorig kwartaal: 0 beter, 1 slechter.\nActies te laat: 1 van 1.\n"
                                         "Vraagt aandacht: 2 onderwerpen — zie de volgende dia's.")
    assert slide_texts(slides[2])[0] == [
        ["Wat", "Thema", "Waarom", "Vraag het"],
        ["Wachttijd intake", "Zorg", "■ Beperkte voortgang: Gaat nauwelijks vooruit; de streefwaarde voor 2026 raakt "
                                     "buiten bereik.", "thematafel Zorg"],
        ["KPI's opstellen", "Zorg", "Vertraagd: Gerapporteerd: niet gestart, maar de eindperiode (2e kwartaal 2024) "
                                    "is voorbij: vertraagd. Gepland: 1e kwartaal 2024 – 2e kwartaal 2024.",
         "thematafel Zorg"]]
    # The theme's summary slide holds its KPI table with status, change, the plain sentence and the committee's
    # toelichting and vervolgactie; the speaker notes add the analyst's numbers.
    assert slide_texts(slides[4])[1] == [
        ["Indicator", "Status", "Sinds vorig kwartaal", "Uitleg, toelichting en vervolgacties"],
        ["Wachttijd intake", "■ Beperkte voortgang", "slechter",
         "Gaat nauwelijks vooruit; de streefwaarde voor 2026 raakt buiten bereik. Personeelstekort bij de intake. "
         "→ Intakers werven (Ziekenhuis Noord, uiterlijk 31-03-2026)"]]
    assert "(R = 0,17)" in slides[4].notes_slide.notes_text_frame.text
    # Only charts with data are drawn, each with alt text naming the KPI and its status, and speaker notes.
    pictures = {slide.shapes.title.text: [s._element.nvPicPr.cNvPr.get("descr") for s in slide.shapes
                                          if s.shape_type == 13] for slide in slides}
    assert {title: alt for title, alt in pictures.items() if alt} == {
        "Zorg": ["Statusverdeling van Zorg: 0 gunstig, 1 ongunstig, 0 neutraal van 1 beoordeelbare indicatoren; met "
                 "streefwaarde: 0 van 1 behaald of op koers."],
        "Wachttijd intake": ["Grafiek van Wachttijd intake, status Beperkte voortgang: Gaat nauwelijks vooruit; de "
                             "streefwaarde voor 2026 raakt buiten bereik."]}
    assert slides[9].notes_slide.notes_text_frame.text.startswith(
        "Wachttijd intake: Beperkte voortgang. Gaat nauwelijks vooruit;")
    agenda = slide_texts(slides[7])[0]
    assert agenda == [["Actie", "Periode", "Status"], ["KPI's opstellen", "1e kwartaal 2024 – 2e kwartaal 2024",
                                                         "Vertraagd"]]
    # Footers: where and when, and the slide number; the versions only on the closing slide.
    footers = [s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame
               and " · dia " in s.text_frame.text]
    assert footers == [f"Regio Testregio · 4e kwartaal 2025 · peildatum 31-12-2025 · dia {n} van 14"
                       for n in range(1, 15)]
    assert [n for n, slide in enumerate(slides, 1) if any("inhoud " in str(t) for t in slide_texts(slide))] == [14]
    # Every shape lies on the 16:9 slide, the title slide's too.
    assert all(0 <= s.left and s.left + s.width <= deck.slide_width and 0 <= s.top
               and s.top + s.height <= deck.slide_height for slide in slides for s in slide.shapes)


def test_xlsx_status_equals_the_status_command(export, inputs, capsys):
    _, out = export
    assert main(["status", "--plan", str(inputs / "plan"), "--data", str(inputs / "data"), "--as-of", "2025-12-31",
                 "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    sheet = load_workbook(out / "regiomonitor-2025-Q4.xlsx")["Status"]
    rows = list(sheet.iter_rows(values_only=True))
    header, records = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
    assert list(header) == list(expected[0])
    assert len(records) == len(expected) == 1
    for key, value in expected[0].items():
        got = records[0][key]
        if key == "doelen":
            assert got == ";".join(value)
        elif isinstance(value, float):
            assert got == pytest.approx(value, abs=1e-6)  # `status` JSON rounds to 6 decimals
        elif hasattr(got, "date") and value is not None:
            assert got.date().isoformat() == value
        else:
            assert got == value, key
    metingen = list(load_workbook(out / "regiomonitor-2025-Q4.xlsx")["Metingen"].iter_rows(values_only=True))
    assert metingen[1:] == [("zorg-wachttijd", "2024-Q4", 10, None, "GGD", None, False),
                            ("zorg-wachttijd", "2025-Q4", 11.5, None, "GGD", None, False),
                            ("zorg-wachttijd", "2025-Q4", 11, "Noorddorp", "GGD", None, False)]
    about = dict(load_workbook(out / "regiomonitor-2025-Q4.xlsx")["Over deze export"].iter_rows(values_only=True))
    assert about["Kwartaal"] == "4e kwartaal 2025" and about["Peildatum"] == "31-12-2025"
    assert about["Versie plan"].startswith("inhoud ")  # the fixture copy is not in git


def test_xlsx_has_a_dutch_sheet_with_kpi_names_beside_the_status_sheet(export):
    _, out = export
    book = load_workbook(out / "regiomonitor-2025-Q4.xlsx")
    assert book.sheetnames == ["Over deze export", "Indicatoren", "Status", "Acties", "Metingen"]
    rows = list(book["Indicatoren"].iter_rows(values_only=True))
    assert rows == [
        ("Thema", "Indicator", "Status", "Uitleg", "Laatste meting", "Streefwaarde", "Sinds vorig kwartaal",
         "Toelichting en vervolgacties", "Verouderd", "Id"),
        ("Zorg", "Wachttijd intake", "Beperkte voortgang",
         "Gaat nauwelijks vooruit; de streefwaarde voor 2026 raakt buiten bereik.", "11,5 weken (4e kwartaal 2025)",
         "8 weken (2026)", "slechter", "Personeelstekort bij de intake.\n→ Intakers werven (Ziekenhuis Noord, "
                                      "uiterlijk 31-03-2026)", None, "zorg-wachttijd")]


def test_html_holds_its_charts_and_needs_no_network(export):
    _, out = export
    html = (out / "regiomonitor-2025-Q4.html").read_text()
    assert html.count("Plotly.newPlot(") == 2  # status distribution and the KPI chart
    assert "<script src=" not in html  # plotly.js is inlined, not fetched
    assert "Personeelstekort bij de intake." in html and "gegenereerd 15-01-2026 09:30" in html
    assert "<p><strong>Doel 1b:</strong> Intake sneller via triage.</p>" in html


@pytest.mark.browser
def test_html_report_renders_offline_in_chromium(export):
    from tests.browser import browser_page

    _, out = export
    with browser_page() as page:
        requests = []
        page.route("**/*", lambda route: (requests.append(route.request.url),
                                          route.continue_() if route.request.url.startswith("file:")
                                          else route.abort()))
        page.goto((out / "regiomonitor-2025-Q4.html").as_uri())
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=20_000)
        assert page.locator(".js-plotly-plot").count() == 2
        assert [u for u in requests if not u.startswith("file:")] == []


def test_same_inputs_give_the_same_numbers(export, inputs, tmp_path):
    result, out = export
    loaded = load_plan(inputs / "plan")
    again = run_export(*judged(loaded, inputs / "data", "2025-Q4"), inputs / "data", tmp_path,
                       formats=("xlsx",), generated=datetime(2026, 2, 1))
    first = list(load_workbook(out / "regiomonitor-2025-Q4.xlsx")["Status"].iter_rows(values_only=True))
    second = list(load_workbook(again.files[0])["Status"].iter_rows(values_only=True))
    assert first == second


def test_without_a_browser_html_and_xlsx_are_still_made(inputs, tmp_path, monkeypatch):
    monkeypatch.setattr("regiomonitor.export.images.browser_available", lambda: False)
    loaded = load_plan(inputs / "plan")
    result = run_export(*judged(loaded, inputs / "data", "2025-Q4"), inputs / "data", tmp_path,
                        formats=("png", "svg", "xlsx", "html"))
    assert sorted(p.name for p in result.files) == ["regiomonitor-2025-Q4.html", "regiomonitor-2025-Q4.xlsx"]
    assert result.messages[0].startswith("Geen Chrome of Chromium gevonden")
    assert "apt-get install chromium" in result.messages[0]


def test_export_command_options(inputs, tmp_path, capsys):
    base = ["export", "--plan", str(inputs / "plan"), "--data", str(inputs / "data"), "--quarter", "2025-Q4",
            "--out", str(tmp_path)]
    assert main(base + ["--theme", "welzijn", "--formats", "xlsx,html"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regiomonitor-2025-Q4-welzijn.html",
                                                          "regiomonitor-2025-Q4-welzijn.xlsx"]
    assert main(base + ["--theme", "bestaat-niet"]) == 2
    assert "FAILED: unknown theme(s) bestaat-niet; the plan has: zorg, welzijn" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(base + ["--formats", "png,docx"])
    assert "unknown format(s) docx: choose from png,svg,pdf,pptx,xlsx,html" in capsys.readouterr().err


def test_zip_holds_the_files_with_their_folders(export):
    result, out = export
    archive = zipfile.ZipFile(__import__("io").BytesIO(zip_bytes(result.files, out)))
    assert "grafieken/zorg-wachttijd.png" in archive.namelist()
    assert len(archive.namelist()) == len(result.files)


@pytest.mark.browser
def test_the_real_plans_pack_reads_back_as_the_committee_sees_it(tmp_path):
    """Issue 16: the pack of the real plan at 2026-Q3, with a toelichting for one KPI off course: every KPI with
    data has its chart and no other chart is drawn, every picture says what it shows, the toelichting stands in the
    KPI table and the speaker notes, slides are 16:9 with every shape on them, the PDF is tagged, and versions stand
    only at the end. The files go to test-artifacts/pakket/ to be looked at."""
    import openpyxl
    import polars as pl

    from regiomonitor.engine.progress import Progress
    from regiomonitor.engine.statuses import codes
    from tests.browser import ARTIFACTS, ROOT

    chromium_path()
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan, ignore=shutil.ignore_patterns("toelichting"))
    loaded = load_plan(plan)
    status = Progress.build(loaded, ROOT / "data").status(datetime(2026, 9, 30).date())
    off = status.filter(pl.col("status_code").is_in(codes(needs_attention=True))).row(0, named=True)
    (plan / "toelichting").mkdir()
    (plan / "toelichting" / "2026-Q3.yaml").write_text(
        f"quarter: 2026-Q3\nindicators:\n  {off['indicator']}:\n    toelichting: Minder instroom door krapte.\n"
        "    vervolgacties:\n      - {action: Wervingsdag, owner: Thematafel, due: 2026-12-31}\n", encoding="utf-8")
    loaded = load_plan(plan)
    result = run_export(*judged(loaded, ROOT / "data", "2026-Q3"), ROOT / "data", tmp_path / "out",
                        formats=("pdf", "pptx", "xlsx", "html"), generated=GENERATED)
    assert result.messages == []
    shown = ARTIFACTS / "pakket"
    shutil.rmtree(shown, ignore_errors=True)
    shown.mkdir(parents=True)
    for path in result.files:
        shutil.copy(path, shown / path.name)

    deck = Presentation(tmp_path / "out" / "regiomonitor-2026-Q3.pptx")
    slides = list(deck.slides)
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)
    assert all(0 <= s.left and s.left + s.width <= deck.slide_width and 0 <= s.top
               and s.top + s.height <= deck.slide_height for slide in slides for s in slide.shapes)
    pictures = [(slide.shapes.title.text, s._element.nvPicPr.cNvPr.get("descr")) for slide in slides
                for s in slide.shapes if s.shape_type == 13]
    charts = [title for title, alt in pictures if alt.startswith("Grafiek van ")]
    with_data = {i.name for t in loaded.themes.values() for i in t.indicators
                 if status.filter(pl.col("indicator") == i.id)["latest_value"][0] is not None}
    assert set(charts) == with_data and len(charts) == len(with_data)  # no empty chart, none missing
    for title, alt in pictures:
        assert alt.startswith(("Grafiek van ", "Statusverdeling van ")) and alt != "image.png", alt
    names = {r["indicator"]: r for r in status.iter_rows(named=True)}
    for title, alt in pictures:
        if alt.startswith("Grafiek van "):
            row = next(r for r in names.values() if r["name"] == title)
            assert alt == f"Grafiek van {title}, status {row['status']}: {row['summary']}"
    tables = " ".join(s.table.cell(r, c).text for slide in slides for s in slide.shapes if s.has_table
                      for r in range(len(s.table.rows)) for c in range(len(s.table.columns)))
    assert "Minder instroom door krapte. → Wervingsdag (Thematafel, uiterlijk 31-12-2026)" in tables
    notes = " ".join(slide.notes_slide.notes_text_frame.text for slide in slides if slide.has_notes_slide)
    assert "Minder instroom door krapte." in notes and "(R = " in notes
    footers = [s.text_frame.text for slide in slides for s in slide.shapes
               if s.has_text_frame and " · dia " in s.text_frame.text]
    assert len(footers) == len(slides) and not any("inhoud " in f or "commit " in f for f in footers)
    assert slides[-1].shapes.title.text == "Over deze rapportage"

    reader = PdfReader(tmp_path / "out" / "regiomonitor-2026-Q3.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL" and "/StructTreeRoot" in reader.trailer["/Root"]
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert any("Minder instroom door krapte." in page for page in pages)
    assert [n for n, page in enumerate(pages) if "inhoud " in page] == [len(pages) - 1]
    # Issue 17: a fed KPI beside the Netherlands and its peers, with its source. 2022, chronisch zieken: the seven
    # gemeenten's shares weighted by their 2022 population (fixtures: 56·42214 + 55·39652 + 58·69221 + 54·23740 +
    # 56·163066 + 54·27552 + 54·17201) / 382646 = 55.90; Nederland 56 (the table's own figure).
    text = " ".join(pages)
    assert ("2022: Kennemerland 55,9% — Nederland 56,0%; Gooi en Vechtstreek 55,0%; Zaanstreek-Waterland 56,0%. "
            "Plaats 2 van 3 regio's (gunstigst eerst).") in text
    assert ("Bron: RIVM, GGD'en en CBS, tabel 50120NED; opgehaald 30-11-2026; volgend cijfer verwacht rond september "
            "2025 (nog niet binnen); testgegevens, geen echte cijfers.") in text
    book = openpyxl.load_workbook(tmp_path / "out" / "regiomonitor-2026-Q3.xlsx", read_only=True)
    compared = [r for r in book["Vergelijking"].iter_rows(values_only=True)]
    assert compared[0] == ("indicator", "period", "value", "area", "source", "note", "is_demo")
    assert ("gezondheidsverschillen-chronisch-zieken", "2022", 56, "Nederland") in [r[:4] for r in compared]

    from tests.browser import browser_page

    with browser_page() as page:
        page.goto((tmp_path / "out" / "regiomonitor-2026-Q3.html").as_uri())
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
        page.screenshot(path=str(shown / "html-rapport.png"), full_page=False)
