"""`check` guarantees the citations: every quote stands in the text of its source document, every document a quote
cites can be read, and every figure of an indicator carries a quote. Expectations written out by hand."""

import os
from pathlib import Path

import pytest

from regiomonitor.commands.cli import main
from regiomonitor.plan import citations
from regiomonitor.plan.citations import citation_problems
from regiomonitor.plan.load import load_plan

NO_FILE = "source document 'testplan' has no file: add a text copy of the document (file:) so that quotes can be checked"
NO_QUOTE = "has no quote: cite the sentence the figure comes from"


@pytest.fixture(autouse=True)
def no_measurements(tmp_path_factory, monkeypatch):
    """`check` reads the data too: these tests give it an empty data folder."""
    monkeypatch.setenv("REGIOMONITOR_DATA", str(tmp_path_factory.mktemp("no-data")))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(plan: Path) -> list[str]:
    loaded = load_plan(plan)
    assert loaded.errors == []
    return [str(p) for p in citation_problems(loaded)]


def test_the_minimal_plan_cites_correctly(minimal_plan):
    assert problems(minimal_plan) == []


SOURCE_TEXT = """\
Zorg

De wacht\u00adtijd is 12
weken. In 2026 is de wacht-
tijd \u201cslechts\u201d 8 weken \u2013 zegt het plan. De GGZ-
instellingen en welzijns- en zorg-
organisaties werken samen aan e-health.
Het plan zegt: "samen sterk", en de zorg\u00ad
verzekeraar betaalt.
"""


def test_a_quote_stands_across_line_breaks_soft_hyphens_hyphenated_line_ends_and_typographic_quotes(minimal_plan):
    (minimal_plan.parent / "sources" / "testplan.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    zorg = minimal_plan / "zorg.yaml"
    # a soft hyphen inside a word and a line break
    edit(zorg, 'quote: "De wachttijd is 12 weken."', 'quote: "De wachttijd is   12 weken."')
    # a word split at a line end, curly quotes and an en dash in the text, straight ones in the quote
    edit(zorg, 'quote: "In 2026 is de wachttijd 8 weken."',
         "quote: 'In 2026 is de wachttijd \"slechts\" 8 weken - zegt het plan.'")
    # a real hyphen at a line end (GGZ-instellingen), a suspended one inside a line (welzijns- en), a split word
    # (zorg-organisaties), a hyphen inside a line (e-health)
    edit(zorg, "source: {document: testplan, section: Zorg}\nopgaven:",
         'source: {document: testplan, section: Zorg, quote: "De GGZ-instellingen en welzijns- en zorgorganisaties '
         'werken samen aan e-health."}\nopgaven:')
    # curly quotes in the quote, straight ones in the text; a soft hyphen at a line end
    edit(minimal_plan / "welzijn.yaml", "source: {document: testplan, section: Welzijn}\ndoelen:",
         "source: {document: testplan, section: Welzijn, quote: \"Het plan zegt: \u201csamen sterk\u201d, en de "
         "zorgverzekeraar betaalt.\"}\ndoelen:")
    assert problems(minimal_plan) == []


@pytest.mark.parametrize("quote", ["De wachttijd is 13 weken.",  # a figure changed
                                   "werken samen aan ehealth.",  # a hyphen inside a line is a hyphen
                                   "de zorg verzekeraar betaalt",  # a soft hyphen joins, it does not part
                                   "De GGZ instellingen"])
def test_a_quote_that_differs_from_the_text_does_not_stand(minimal_plan, quote):
    (minimal_plan.parent / "sources" / "testplan.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    edit(minimal_plan / "zorg.yaml", 'quote: "In 2026 is de wachttijd 8 weken."', f'quote: "{quote}"')
    assert problems(minimal_plan) == [f'{minimal_plan}/zorg.yaml:49:58: indicators[0].target.source.quote: quote not '
                                      f'found in sources/testplan.txt: "{quote}"']


def test_an_invented_quote_is_an_error_on_its_line_and_check_fails(minimal_plan, capsys):
    zorg = minimal_plan / "zorg.yaml"
    edit(zorg, 'quote: "De wachttijd is 12 weken."', 'quote: "De wachttijd is 4 weken."')
    edit(zorg, 'quote: "In 2026 is de wachttijd 8 weken."',
         'quote: "In 2026 is de wachttijd nog maar acht weken,\n        dankzij het nieuwe wachtlijstteam."')
    edit(minimal_plan / "plan.yaml", "levels:", "source: {document: testplan, section: Inleiding, quote: Iedereen doet "
                                               "niet mee.}\nlevels:")
    expected = [
        f'{minimal_plan}/plan.yaml:9:57: source.quote: quote not found in sources/testplan.txt: "Iedereen doet niet mee."',
        f'{minimal_plan}/zorg.yaml:45:58: indicators[0].baseline.source.quote: quote not found in sources/testplan.txt: '
        '"De wachttijd is 4 weken."',
        f'{minimal_plan}/zorg.yaml:49:58: indicators[0].target.source.quote: quote not found in sources/testplan.txt: '
        '"In 2026 is de wachttijd nog maar acht weken, dankzij het nie…"',
    ]
    assert problems(minimal_plan) == expected
    assert main(["check", "--plan", str(minimal_plan)]) == 1
    out, err = capsys.readouterr()
    assert expected[0] in out.splitlines() and expected[2] in out.splitlines()
    assert err.strip() == "FAILED: 2 of 2 themes valid, 3 error(s), 1 warning(s)"


def test_an_empty_quote_is_an_error_and_no_second_warning(minimal_plan):
    edit(minimal_plan / "zorg.yaml", 'quote: "De wachttijd is 12 weken."', 'quote: "  "')
    assert problems(minimal_plan) == [f"{minimal_plan}/zorg.yaml:45:58: indicators[0].baseline.source.quote: quote is "
                                      "empty: give the sentence from the source, or leave quote out"]


def test_a_document_without_file_is_one_error_on_its_entry(minimal_plan, capsys):
    edit(minimal_plan / "plan.yaml", "file: sources/testplan.txt", "date: 2023-12")
    # two quotes cite the document: it is reported once, and neither quote is reported
    assert problems(minimal_plan) == [f"{minimal_plan}/plan.yaml:7:5: sources[0]: {NO_FILE}"]
    assert main(["check", "--plan", str(minimal_plan)]) == 1
    out, err = capsys.readouterr()
    assert f"{minimal_plan}/plan.yaml:7:5: sources[0]: {NO_FILE}" in out.splitlines()
    assert err.strip() == "FAILED: 2 of 2 themes valid, 1 error(s), 1 warning(s)"


def test_a_document_nobody_quotes_needs_no_file(minimal_plan):
    edit(minimal_plan / "plan.yaml", "levels:", "  - id: nota\n    title: Nota zonder tekst\n    file: "
                                               "https://example.org/nota.pdf\nlevels:")
    assert problems(minimal_plan) == []


def test_a_web_address_is_no_text_copy(minimal_plan):
    edit(minimal_plan / "plan.yaml", "file: sources/testplan.txt", "file: https://example.org/regioplan.pdf")
    assert problems(minimal_plan) == [
        f"{minimal_plan}/plan.yaml:8:12: sources[0].file: source document 'testplan' has a web address as file "
        "(https://example.org/regioplan.pdf): quotes are checked against a text copy of the document, so give the path "
        "of one (file:)"]


def test_a_missing_file_is_one_error_never_a_traceback(minimal_plan):
    (minimal_plan.parent / "sources" / "testplan.txt").unlink()
    assert problems(minimal_plan) == [
        f"{minimal_plan}/plan.yaml:8:12: sources[0].file: source document 'testplan': file sources/testplan.txt does "
        "not exist (file: is read relative to the folder that holds the plan folder)"]


def test_a_path_out_of_the_folder_is_refused(minimal_plan):
    edit(minimal_plan / "plan.yaml", "file: sources/testplan.txt", "file: ../testplan.txt")
    assert problems(minimal_plan) == [
        f"{minimal_plan}/plan.yaml:8:12: sources[0].file: source document 'testplan': file ../testplan.txt lies outside "
        "the folder that holds the plan folder: give a path inside it"]


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _link_out(path: Path) -> None:
    outside = path.parent.parent.parent / "elders.txt"
    outside.write_text("De wachttijd is 12 weken. In 2026 is de wachttijd 8 weken.", encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)


def _latin1(path: Path) -> None:
    path.write_bytes("De wachttijd is 12 weken. Zo is het in 2026: 8 weken, ook voor patiënten.".encode("latin-1"))


@pytest.mark.parametrize("make, reason", [
    (_folder, "is not read: this is a folder, not a file: refused without reading it"),
    (_fifo, "is not read: this is a named pipe (FIFO), not a file: refused without reading it"),
    (_link_out, "is not read: this is a link to a place outside {root}/: refused, only files inside it are read"),
    (_latin1, "is not UTF-8 text (byte 0xeb at position 67): save it as UTF-8"),
], ids=["folder", "fifo", "link-out", "latin-1"])
def test_a_file_that_cannot_be_read_is_one_error_saying_why(minimal_plan, make, reason):
    make(minimal_plan.parent / "sources" / "testplan.txt")
    reason = reason.format(root=minimal_plan.parent.as_posix())
    assert problems(minimal_plan) == [
        f"{minimal_plan}/plan.yaml:8:12: sources[0].file: source document 'testplan': file sources/testplan.txt {reason}"]


def test_each_document_is_read_once(minimal_plan, monkeypatch):
    reads = []
    real = citations.read_bytes
    monkeypatch.setattr(citations, "read_bytes", lambda path, *args: reads.append(path) or real(path, *args))
    assert problems(minimal_plan) == []
    assert reads == [minimal_plan.parent / "sources" / "testplan.txt"]  # two quotes, one read


FIGURES = """\
    interim_targets:
      - value: 10
        period: "2024"
        source: {document: testplan, section: Zorg}
    norm: {max: 10, source: {document: testplan, section: Zorg}}
    comparisons:
      - label: Landelijk
        value: 9
        period: "2022"
        source: {document: testplan, section: Zorg}
    frequency: quarterly
"""


def test_a_figure_without_quote_is_a_warning_on_its_line(minimal_plan):
    zorg = minimal_plan / "zorg.yaml"
    edit(zorg, ', quote: "De wachttijd is 12 weken."}', "}")
    edit(zorg, "    frequency: quarterly\n", FIGURES)
    assert problems(minimal_plan) == [
        f"{minimal_plan}/zorg.yaml:42:5: warning: indicators[0].baseline: baseline of indicator 'zorg-wachttijd' {NO_QUOTE}",
        f"{minimal_plan}/zorg.yaml:51:9: warning: indicators[0].interim_targets[0]: interim target for 2024 of indicator "
        f"'zorg-wachttijd' {NO_QUOTE}",
        f"{minimal_plan}/zorg.yaml:54:5: warning: indicators[0].norm: norm of indicator 'zorg-wachttijd' {NO_QUOTE}",
        f"{minimal_plan}/zorg.yaml:56:9: warning: indicators[0].comparisons[0]: comparison 'Landelijk' of indicator "
        f"'zorg-wachttijd' {NO_QUOTE}",
    ]


def test_check_passes_a_figure_without_quote_and_strict_fails_on_it(minimal_plan, capsys):
    # Without its doel W2 (which has no indicator) the minimal plan gives no warning at all.
    edit(minimal_plan / "welzijn.yaml", "  - id: W2\n    title: Minder eenzaamheid\n    source: {document: testplan, "
                                        "section: Welzijn}\n", "")
    assert main(["check", "--plan", str(minimal_plan), "--strict"]) == 0
    capsys.readouterr()
    edit(minimal_plan / "zorg.yaml", ', quote: "In 2026 is de wachttijd 8 weken."}', "}")
    warning = (f"{minimal_plan}/zorg.yaml:46:5: warning: indicators[0].target: target of indicator 'zorg-wachttijd' "
               f"{NO_QUOTE}")
    assert main(["check", "--plan", str(minimal_plan)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [warning]
    assert err.strip() == "OK: 2 of 2 themes valid, 0 error(s), 1 warning(s)"
    assert main(["check", "--plan", str(minimal_plan), "--strict"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [warning]
    assert err.strip() == "FAILED: 2 of 2 themes valid, 0 error(s), 1 warning(s)"
