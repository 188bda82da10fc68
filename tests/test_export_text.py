"""Text that a format's library cannot lay out or store costs at most that one document, and the PDF lays out any
text (a probe found that one toelichting of 2,750 characters, a 100,000-character name or a theme name full of
combining marks stopped the whole export: fpdf refuses a table row taller than a page; python-pptx refused U+FFFE).

The pack is built from the small test plan and then given the hostile text directly, so these tests do not depend
on what the plan loaders accept."""

import io
import re
import shutil
from datetime import datetime

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from regiomonitor.commands.cli import main
from regiomonitor.export.pack import build_pack
from regiomonitor.export.pdf import MORE, write_pdf
from regiomonitor.export.run import run_export
from regiomonitor.export.slides import write_pptx
from regiomonitor.plan.load import load_plan
from tests.conftest import FIXTURES, judged

DATA = "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\n"
WORDS = " ".join(f"woord{n:03d}" for n in range(1, 401))  # 3,599 characters: about 115 lines in its column
FOLLOW_UP = "Vervolg van de tabel: de volledige tekst van de ingekorte cellen"
NO_BROWSER = "regiomonitor.export.images.browser_available"


@pytest.fixture
def inputs(tmp_path):
    shutil.copytree(FIXTURES / "plan-minimal", tmp_path / "plan")
    (tmp_path / "plan" / "toelichting").mkdir()
    (tmp_path / "plan" / "toelichting" / "2024-Q4.yaml").write_text(
        f'quarter: 2024-Q4\nindicators:\n  zorg-wachttijd:\n    toelichting: "{WORDS}"\n')
    (tmp_path / "data" / "measurements").mkdir(parents=True)
    (tmp_path / "data" / "measurements" / "m.csv").write_text(DATA)
    return tmp_path


@pytest.fixture
def pack(inputs):
    loaded = load_plan(inputs / "plan")
    assert loaded.errors == []
    return build_pack(*judged(loaded, inputs / "data", "2024-Q4"), inputs / "data",
                      generated=datetime(2026, 1, 15, 9, 30))


def pdf_text(pack) -> str:
    """The report's text with whitespace collapsed and without the page footers (a text may run across pages)."""
    reader = PdfReader(io.BytesIO(write_pdf(pack, {}, {}, None)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return re.sub(r" ?Regio [^·]*· [^·]*· peildatum [0-9-]+ · pagina \d+ van \d+", "", text)


# --- (a) the PDF lays out any text ------------------------------------------------------------------------------------

def test_a_long_toelichting_is_cut_in_the_table_and_printed_whole_after_it(pack):
    text = pdf_text(pack)
    table, after = text.split(FOLLOW_UP)
    assert "Uitleg, toelichting en vervolgacties" in table and MORE in table
    assert "woord001" in table and "woord400" not in table
    assert after.startswith(f" Wachttijd intake — Uitleg, toelichting en vervolgacties: Op koers naar de streefwaarde "
                            f"voor 2026. {WORDS} ")


def test_a_toelichting_that_fits_stays_in_the_table_uncut(pack):
    pack.themes[0].indicators[0].note = pack.themes[0].indicators[0].note.model_copy(
        update={"toelichting": " ".join(["wachtlijst"] * 150)})  # 1,649 characters: always fitted
    text = pdf_text(pack)
    assert FOLLOW_UP not in text and MORE not in text
    assert text.count("wachtlijst") == 150


def test_a_name_that_is_one_long_word_wraps_everywhere(pack):
    name = "W" * 20_000
    pack.themes[0].title = "Z" * 20_000
    pack.themes[0].indicators[0].name = name
    text = pdf_text(pack)
    summary, theme = text.split(FOLLOW_UP)[1:]
    assert "".join(summary.split()).startswith("Z" * 80 + "…—Thema:" + "Z" * 20_000)
    kpi = theme[theme.index(" — Indicator: ") + len(" — Indicator: "):]
    assert "".join(kpi.split()).startswith(name)  # lines broken inside the word: whitespace between them


def test_a_theme_name_full_of_combining_marks(pack):
    pack.themes[0].title = "Z" + "\u0336\u0489\u0301" * 2_000  # c200: the summary table's row was too high
    text = pdf_text(pack)
    assert FOLLOW_UP in text.split("Statussen per thema")[0]  # the summary table was cut and followed up


# --- (b) each document on its own -------------------------------------------------------------------------------------

def export(inputs, tmp_path, formats):
    loaded = load_plan(inputs / "plan")
    return run_export(*judged(loaded, inputs / "data", "2024-Q4"), inputs / "data", tmp_path / "out",
                      formats=formats, generated=datetime(2026, 1, 15, 9, 30))


def test_a_document_that_cannot_be_made_costs_only_itself(inputs, tmp_path, monkeypatch):
    def too_high(*args):
        raise ValueError("The row with index 1 is too high and cannot be rendered on a single page")

    monkeypatch.setattr(NO_BROWSER, lambda: False)
    monkeypatch.setattr("regiomonitor.export.pdf.write_pdf", too_high)
    result = export(inputs, tmp_path, ("pdf", "xlsx", "html"))
    assert sorted(p.name for p in result.files) == ["regiomonitor-2024-Q4.html", "regiomonitor-2024-Q4.xlsx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["regiomonitor-2024-Q4.html",
                                                                   "regiomonitor-2024-Q4.xlsx"]
    assert result.messages[1:] == ["Het PDF-rapport kon niet worden gemaakt: The row with index 1 is too high and "
                                   "cannot be rendered on a single page; de andere bestanden wel."]


def test_the_command_says_which_document_is_missing(inputs, tmp_path, monkeypatch, capsys):
    def not_xml(*args):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")

    monkeypatch.setattr("regiomonitor.export.slides.write_pptx", not_xml)
    monkeypatch.setattr(NO_BROWSER, lambda: False)
    assert main(["export", "--plan", str(inputs / "plan"), "--data", str(inputs / "data"), "--quarter", "2024-Q4",
                 "--out", str(tmp_path / "out"), "--formats", "pptx,xlsx"]) == 0
    out, err = capsys.readouterr()
    assert out == f"{tmp_path}/out/regiomonitor-2024-Q4.xlsx\n"
    assert err.splitlines()[-2:] == [
        "LET OP: De PPTX-presentatie kon niet worden gemaakt: All strings must be XML compatible: Unicode or ASCII, "
        "no NULL bytes or control characters; de andere bestanden wel.",
        f"wrote 1 file(s) to {tmp_path}/out for 2024-Q4"]


def test_when_the_only_document_fails_the_message_claims_no_others(inputs, tmp_path, monkeypatch):
    def broken(*args):
        raise UnicodeEncodeError("utf-8", "x\ud800", 1, 2, "surrogates not allowed")

    monkeypatch.setattr("regiomonitor.export.xlsx.write_xlsx", broken)
    result = export(inputs, tmp_path, ("xlsx",))
    assert result.files == []
    assert result.messages == ["De Excel-werkmap (XLSX) kon niet worden gemaakt: 'utf-8' codec can't encode character "
                               "'\\ud800' in position 1: surrogates not allowed."]


def test_the_command_fails_when_no_document_could_be_made(inputs, tmp_path, monkeypatch, capsys):
    def broken(*args):
        raise ValueError("kapot")

    monkeypatch.setattr("regiomonitor.export.xlsx.write_xlsx", broken)
    assert main(["export", "--plan", str(inputs / "plan"), "--data", str(inputs / "data"), "--quarter", "2024-Q4",
                 "--out", str(tmp_path / "out"), "--formats", "xlsx"]) == 1
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "LET OP: De Excel-werkmap (XLSX) kon niet worden gemaakt: kapot.",
        "FAILED: none of the files asked for could be made for 2024-Q4"]


def test_the_reason_is_one_visible_line_of_at_most_300_characters(inputs, tmp_path, monkeypatch):
    def noisy(*args):
        raise RuntimeError("naam \u202eeerst" + "x" * 400 + "\ntweede regel")

    monkeypatch.setattr("regiomonitor.export.html.write_html", noisy)
    [message] = export(inputs, tmp_path, ("html",)).messages
    reason = "naam \\u202eeerst" + "x" * 283 + "…"
    assert len(reason) == 300
    assert message == f"Het HTML-rapport kon niet worden gemaakt: {reason}."


# --- the deck keeps what XML cannot hold ------------------------------------------------------------------------------

def test_the_deck_escapes_characters_xml_cannot_hold(pack):
    png = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(png, "PNG")
    pack.plan_title = "Plan \ufffe"
    pack.themes[0].title = "Zorg \uffff"
    pack.themes[0].theme = pack.themes[0].theme.model_copy(update={"ambitie": "Goed \ud800"})
    pack.themes[0].indicators[0].name = "Wachttijd \ufffe"
    pack.themes[0].actions[0].name = "Actie \ud800"
    deck = Presentation(io.BytesIO(write_pptx(pack, {}, {"zorg-wachttijd": png.getvalue()}, None)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == ["Plan \\ufffe", "Waar staan we — 4e kwartaal 2024", "Vraagt aandacht (1)", "Zorg \\uffff",
                      "Zorg \\uffff — Doelen",
                      "Zorg \\uffff — Werkagenda", "Zorg \\uffff — Samenwerkingsinitiatieven", "Wachttijd \\ufffe",
                      "Welzijn", "Welzijn — Doelen", "Welzijn — Samenwerkingsinitiatieven", "Over deze rapportage"]
    agenda = next(s for s in deck.slides[5].shapes if s.has_table).table
    assert agenda.cell(1, 0).text == "Actie \\ud800"
    kpis = next(s for s in deck.slides[3].shapes if s.has_table).table
    assert kpis.cell(1, 0).text == "Wachttijd \\ufffe"
    body = [s.text_frame.text for s in deck.slides[3].shapes if s.has_text_frame and "Ambitie" in s.text_frame.text]
    assert body[0].endswith("\nAmbitie: Goed \\ud800")
