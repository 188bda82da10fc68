"""The dashboard's search (present/search.py): what it finds, in which order, and where each hit lands."""

from __future__ import annotations

import pytest

from regiomonitor.plan.load import load_plan
from regiomonitor.present.initiative_view import initiative_rows
from regiomonitor.present.search import _entry, fold, rank, search_entries
from regiomonitor.present.words import words_of
from tests.conftest import ROOT

ENTRIES = (
    _entry("kpi", "Wachttijd intake", {"kpi": "a"}, "Wachttijd intake"),
    _entry("kpi", "Intake wachttijd GGZ", {"kpi": "b"}, "Intake wachttijd GGZ"),
    _entry("doel", "Minder wachtenden", {"thema": "zorg", "doel": "1a"}, "Minder wachtenden", "1a Minder wachtenden"),
    _entry("initiative", "Wachtlijstteam", {"initiatief": "w"}, "Wachtlijstteam"),
    _entry("action", "Wacht", {"thema": "zorg", "actie": "x"}, "Wacht"),
    _entry("partner", "Spaarne Gasthuis", {"partner": "Spaarne Gasthuis"}, "Spaarne Gasthuis", "SG"),
    _entry("partner", "Sint Jacob", {"partner": "Sint Jacob"}, "Sint Jacob", "St. Jacob"),
    _entry("owner", "Zorgbalans", {"eigenaar": "Zorgbalans"}, "Zorgbalans"),
    _entry("kpi", "Persoonsgerichte zorg", {"kpi": "c"}, "Persoonsgerichte zorg"),
    _entry("kpi", "Cliënttevredenheid", {"kpi": "d"}, "Cliënttevredenheid"),
)


@pytest.mark.parametrize("term, expected", [
    # the whole name (Wacht), then names that start with it (in plan order), then a word that starts with it
    ("wacht", ["Wacht", "Wachttijd intake", "Wachtlijstteam", "Intake wachttijd GGZ", "Minder wachtenden"]),
    ("WACHTTIJD", ["Wachttijd intake", "Intake wachttijd GGZ"]),
    ("Wachttijd intake", ["Wachttijd intake", "Intake wachttijd GGZ"]),  # exact, then both words in any order
    # inside a word: only from three characters ("sg" stands in "persoonsgerichte", and is not found there)
    ("tijd", ["Wachttijd intake", "Intake wachttijd GGZ"]),
    ("sg", ["Spaarne Gasthuis"]),
    ("zorg", ["Zorgbalans", "Persoonsgerichte zorg"]),
    ("org", ["Zorgbalans", "Persoonsgerichte zorg"]),
    # a partner by its other spelling, whatever the case, accents and punctuation
    ("st jacob", ["Sint Jacob"]),
    ("St.Jacob", ["Sint Jacob"]),
    ("client", ["Cliënttevredenheid"]),
    # every word of the term at the start of a word, in any order
    ("ggz wachttijd", ["Intake wachttijd GGZ"]),
    ("1a", ["Minder wachtenden"]),
    # no fuzzy matches: a typo, or text the name does not contain, finds nothing
    ("wachtijd", []),
    ("gasthuis spaarne ziekenhuis", []),
    ("  ", []),
    ("!?", []),
])
def test_rank_puts_the_whole_name_first_then_its_start_then_a_word_then_anywhere(term, expected):
    found, total = rank(ENTRIES, term)
    assert [e.label for e in found] == expected
    assert total == len(expected)


def test_rank_shows_at_most_the_limit_and_says_how_many_it_found():
    found, total = rank(ENTRIES, "wacht", 2)
    assert [e.label for e in found] == ["Wacht", "Wachttijd intake"]
    assert total == 5


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("  St.Jacob (trekker) ") == "st jacob trekker"
    assert fold("Cliënt-tevredenheid") == "client tevredenheid"
    assert fold("GGZ_inGeest!") == "ggz ingeest"


def test_the_minimal_plan_can_be_searched_for_everything_in_its_own_words():
    loaded = load_plan(ROOT / "tests" / "fixtures" / "plan-minimal")
    words = words_of(loaded)
    entries = search_entries(loaded, words, initiative_rows(loaded))
    assert [(e.kind, e.label, dict(e.params)) for e in entries] == [
        ("kpi", "Indicator · Wachttijd intake (Zorg)", {"kpi": "zorg-wachttijd"}),
        ("doel", "Doel 1a · Minder wachtenden (Zorg)", {"thema": "zorg", "doel": "1a"}),
        ("doel", "Doel 1b · Sneller intake (Zorg)", {"thema": "zorg", "doel": "1b"}),
        ("initiative", "Samenwerkingsinitiatief · Wachtlijstteam (Zorg)", {"initiatief": "zorg-wachtlijstteam"}),
        ("action", "Actie · KPI's opstellen (Zorg)", {"thema": "zorg", "actie": "zorg-kpis-opstellen"}),
        ("doel", "Doel W1 · Meer ontmoetingsplekken (Welzijn)", {"thema": "welzijn", "doel": "W1"}),
        ("doel", "Doel W2 · Minder eenzaamheid (Welzijn)", {"thema": "welzijn", "doel": "W2"}),
        ("partner", "Partner · Huisartsen Zuid", {"partner": "Huisartsen Zuid"}),
        ("partner", "Partner · Ziekenhuis Noord", {"partner": "Ziekenhuis Noord"}),
    ]  # no owners: the plan names none
    assert [e.label for e in rank(entries, "in")[0]] == [
        "Indicator · Wachttijd intake (Zorg)",  # "intake" starts a word; "in" is too short to be found inside one
        "Doel 1b · Sneller intake (Zorg)"]


def test_a_plans_own_words_its_owners_and_no_level_it_lacks(minimal_plan):
    plan, zorg = minimal_plan / "plan.yaml", minimal_plan / "zorg.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("levels:\n", "levels:\n  indicator: Kengetal\n"),
                    encoding="utf-8")
    text = zorg.read_text(encoding="utf-8")
    text = text[:text.index("initiatives:")] + text[text.index("werkagenda:"):]  # no initiatives, so no partners
    text = text.replace("    frequency: quarterly\n", "    frequency: quarterly\n    owner: Team <b>A</b>\n")
    text += ("  - {id: zorg-wachttijd-2, name: Wachttijd intake, definition: d, unit: weken, kind: context, "
             "frequency: yearly, owner: Team <b>A</b>}\n")
    zorg.write_text(text, encoding="utf-8")
    loaded = load_plan(minimal_plan)
    entries = search_entries(loaded, words_of(loaded), initiative_rows(loaded))
    assert [(e.label, dict(e.params)) for e in entries if e.kind not in ("doel", "action")] == [
        ("Kengetal · Wachttijd intake (Zorg)", {"kpi": "zorg-wachttijd"}),
        ("Kengetal · Wachttijd intake (Zorg) [zorg-wachttijd-2]", {"kpi": "zorg-wachttijd-2"}),  # told apart
        ("Eigenaar · Team <b>A</b>", {"eigenaar": "Team <b>A</b>"}),  # text: the page escapes it (test_app.py)
    ]
    assert not [e for e in entries if e.kind in ("initiative", "partner")]


def test_kennemerland_search_finds_a_partner_by_any_spelling_before_anything_else():
    loaded = load_plan(ROOT / "plan")
    entries = search_entries(loaded, words_of(loaded), initiative_rows(loaded))
    assert len({e.label for e in entries}) == len(entries)
    for spelling in ("SG", "Spaarne Gasthuis", "spaarne gasthuis (trekker)", "kinderartsen SG"):
        assert rank(entries, spelling)[0][0].label == "Partner · Spaarne Gasthuis", spelling
    for spelling in ("St. Jacob", "St.Jacob", "sint jacob"):
        assert rank(entries, spelling)[0][0].label == "Partner · Sint Jacob", spelling
    assert rank(entries, "Viva!Zorggroep")[0][0].label == "Partner · ViVa! Zorggroep"
    first = rank(entries, "spoedtoets")[0]
    assert [(e.kind, dict(e.params)) for e in first] == [
        ("kpi", {"kpi": "acute-zorg-hap-telefonische-bereikbaarheid"})]
