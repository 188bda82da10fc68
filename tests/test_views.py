"""View helpers: Dutch formatting and the tables the theme page shows."""

import pytest

from regiomonitor.core.formatting import number_nl, period_nl, value_with_unit
from regiomonitor.core.safetext import md_text
from regiomonitor.plan.index import build_index
from regiomonitor.plan.load import load_plan
from regiomonitor.present.views import agenda_table, figure_text, indicator_facts, indicator_table_at
from regiomonitor.present.words import words_of
from tests.conftest import FIXTURES, ROOT


@pytest.mark.parametrize("value, expected", [(1234.5, "1.234,5"), (272, "272"), (9.8, "9,8"),
                                             (1234567, "1.234.567"), (0.25, "0,25"), (None, "–")])
def test_number_nl(value, expected):
    assert number_nl(value) == expected


@pytest.mark.parametrize("period, expected", [("2026-Q3", "3e kwartaal 2026"), ("2024", "2024"),
                                              ("2024-07", "juli 2024"), ("2026-09-30", "30-09-2026")])
def test_period_nl(period, expected):
    assert period_nl(period) == expected


def test_value_with_unit():
    assert value_with_unit(35, "%") == "35%"
    assert value_with_unit(272, "per 1.000 inwoners") == "272 per 1.000 inwoners"
    assert value_with_unit(1234.5, "aantal") == "1.234,5"
    assert value_with_unit(7, "nog te bepalen") == "7"
    assert value_with_unit(2.5, "% groei") == "2,5% groei"


def test_md_text_neutralises_markup():
    assert md_text("[klik](javascript:alert(1)) **vet** <b>") == (
        "\\[klik\\]\\(javascript\\:alert\\(1\\)\\) \\*\\*vet\\*\\* \\<b\\>")


def test_theme_tables(minimal_plan):
    zorg_file = minimal_plan / "zorg.yaml"
    zorg_file.write_text(zorg_file.read_text(encoding="utf-8").replace(
        "    end: 2024-Q2\n", "    end: 2024-Q2\n    indicators: [zorg-wachttijd]\n"), encoding="utf-8")
    loaded = load_plan(minimal_plan)
    zorg = loaded.themes["zorg"]
    table = indicator_table_at(indicator_facts(loaded, build_index(loaded), zorg, words_of(loaded)), zorg.indicators, {})
    assert table.to_pylist()[0] == {
        "Indicator": "Wachttijd intake", "Status": "Geen gegevens", "Laatste meting": "geen meting", "Eenheid": "weken",
        "Richting": "lager is beter", "Soort": "resultaat",
        "Nulmeting": "12 weken (2022)", "Streefwaarde": "8 weken (2026)", "Norm": "", "Frequentie": "per kwartaal",
        "Eigenaar": "nog niet belegd",
    }
    status = {"zorg-wachttijd": {"status": "Op koers", "stale": True, "latest_value": 10.5, "unit": "weken",
                                 "latest_period": "2024-Q4"}}
    facts = indicator_facts(loaded, build_index(loaded), zorg, words_of(loaded))
    row = indicator_table_at(facts, zorg.indicators, status).to_pylist()[0]
    assert (row["Status"], row["Laatste meting"]) == ("Op koers · verouderd", "10,5 weken (4e kwartaal 2024)")
    agenda = agenda_table(loaded, build_index(loaded), zorg, words_of(loaded))
    assert agenda.row(0, named=True) == {
        "Actie": "KPI's opstellen", "Doelen": "1a Minder wachtenden", "Periode": "1e kwartaal 2024 – 2e kwartaal 2024",
        "Status in het plan": "Niet gestart", "Betreft": "Wachttijd intake", "Omschrijving": "",
    }
    assert figure_text("to be set", "%") == "nog vast te stellen"


def test_judgement_line_counts_by_the_registry_and_the_share_only_of_kpis_with_a_target():
    from regiomonitor.present.views import judgement_line
    from regiomonitor.present.words import words_of

    words = words_of(load_plan(FIXTURES / "plan-minimal"))
    # 30 assessable: 3 with a target (2 Verslechterd, 1 Op koers); of the 27 others 11 improving, 2 within the
    # norm, 14 stable: favourable 1 + 13, unfavourable 2, neutral 14.
    row = {"assessable": 30, "on_course": 1, "with_target": 3, "favourable": 14, "unfavourable": 2, "neutral": 14}
    assert judgement_line(row, words) == ("14 gunstig, 2 ongunstig, 14 neutraal van 30 beoordeelbare indicatoren; "
                                          "met streefwaarde: 1 van 3 behaald of op koers")
    row = {"assessable": 5, "on_course": 0, "with_target": 0, "favourable": 2, "unfavourable": 1, "neutral": 2}
    assert judgement_line(row, words) == "2 gunstig, 1 ongunstig, 2 neutraal van 5 beoordeelbare indicatoren"
    assert judgement_line({"assessable": 0}, words) == "nog geen beoordeelbare indicatoren"
    assert judgement_line(None, words) == "nog geen beoordeelbare indicatoren"


def test_a_comparison_figure_is_shown_with_its_value():
    """Regression: comparison figures (e.g. the ROAZ-region average) read 'nog vast te stellen'."""
    from regiomonitor.present.indicator_view import fact_rows

    loaded = load_plan(ROOT / "plan")
    hap = next(i for i in loaded.themes["acute-zorg"].indicators if i.id == "acute-zorg-hap-contacten-per-1000")
    facts = dict(fact_rows(hap))
    # the plan gives no year for the comparison: 2023 is assumed, and shown as such
    assert facts["Ter vergelijking: ROAZ-regio NH-FL (totaal)"] == "246 per 1.000 inwoners (2023, aanname)"


def test_a_theme_with_many_kpis_is_split_in_parts_of_whole_doelen():
    from types import SimpleNamespace

    from regiomonitor.present.views import DoelView, split_in_parts

    def view(doel: str, kpis: int) -> DoelView:
        return DoelView(SimpleNamespace(id=doel), [f"k{n}" for n in range(kpis)], [], [], [])

    groups = [("1", [view("1a", 12), view("1b", 12)]), ("2", []), ("3", [view("3a", 5), view("3b", 30)]),
              (None, [view("X", 0)])]
    # Elements: 1a 1 + 2 * 12 = 25, 1b 25 (50), 3a 11 (61); 3b writes out 12 of its 30: 25 more would make
    # 86 > 64, so a new part starts with opgave 3 again; X 1.
    parts = split_in_parts(groups)
    assert [[(opgave, [v.doel.id for v in views]) for opgave, views in p.groups] for p in parts] == [
        [("1", ["1a", "1b"]), ("2", []), ("3", ["3a"])],
        [("3", ["3b"]), (None, ["X"])]]
    assert [(p.first, p.last) for p in parts] == [("1a", "3a"), ("3b", "X")]


def test_an_assumed_figure_is_marked_as_such():
    from regiomonitor.plan.figures import Value
    from regiomonitor.present.views import figure_text

    source = {"document": "t", "section": "s"}
    cited = Value.model_validate({"value": 43, "period": "2023", "source": source})
    assumed = Value.model_validate({"value": 43, "period": "2023", "source": source, "assumed": "jaar niet genoemd"})
    assert (figure_text(cited, "%"), figure_text(assumed, "%")) == ("43% (2023)", "43% (2023, aanname)")


def test_a_target_without_direction_is_a_located_error():
    from regiomonitor.plan.crosscheck import indicator_problems
    from regiomonitor.plan.model import Indicator

    source = {"document": "t", "section": "s"}
    ind = Indicator.model_validate({"id": "k", "name": "K", "definition": "d", "unit": "%", "kind": "result",
                                    "frequency": "yearly", "target": {"value": 5, "period": "2026", "source": source}})
    assert list(indicator_problems(ind)) == [(("target",), "a target needs a `direction` (higher_is_better or "
                                              "lower_is_better): which way is good cannot be judged without one")]


def test_quarter_ticks_of_a_span_within_one_quarter_are_empty():
    from datetime import date

    from regiomonitor.present.charts import quarter_ticks

    assert quarter_ticks(date(2024, 12, 1), date(2024, 12, 1)) == ([], [])
    assert quarter_ticks(date(2024, 1, 1), date(2024, 6, 30)) == ([date(2024, 3, 31), date(2024, 6, 30)],
                                                                 ["1e kw. 2024", "2e kw. 2024"])


def test_the_kpi_card_names_every_assumption_and_why():
    from regiomonitor.present.indicator_view import fact_rows

    loaded = load_plan(ROOT / "plan")
    ind = next(i for i in loaded.themes["arbeidsmarkt"].indicators if i.id == "arbeidsmarkt-instroom")
    facts = dict(fact_rows(ind))
    assert facts["Aanname (streefwaarde)"] == ("het plan zegt '5% binnen 5 jaar' zonder beginjaar; gerekend vanaf het "
                                               "regioplan (december 2023) is dat 2028")
    assert facts["Streefwaarde"].endswith("(2028, aanname)")
