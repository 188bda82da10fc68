"""The plan's partners (plan.yaml `partners`, plan/partners.py): every spelling of one organisation is one partner,
for the Initiatieven page's filter and table, the search and `check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiomonitor.commands.cli import main
from regiomonitor.plan.load import load_plan
from regiomonitor.plan.model import Plan
from regiomonitor.plan.partners import partner_names, spelling_key, without_remark
from regiomonitor.present.initiative_view import filter_rows, initiative_rows, partner_list, partners
from tests.conftest import ROOT

PLAN = {"region": "R", "title": "T", "period": {"start": "2024", "end": "2026"}, "sources": [{"id": "s", "title": "S"}],
        "themes": ["zorg"]}
NAMES = partner_names(Plan.model_validate({**PLAN, "partners": [
    {"name": "Spaarne Gasthuis", "aliases": ["SG", "kinderartsen SG"]},
    {"name": "GGZ inGeest"},
    {"name": "Sint Jacob", "aliases": ["St. Jacob"]},
    {"name": "jeugd (13 partijen)"},
    {"name": "Brijder", "aliases": ["Verslavingszorg (Brijder)"]},
]}))


@pytest.mark.parametrize("spelling, partner", [
    ("Spaarne Gasthuis", "Spaarne Gasthuis"),
    ("  spaarne   GASTHUIS ", "Spaarne Gasthuis"),
    ("Spaarne Gasthuis (trekker)", "Spaarne Gasthuis"),            # a remark in brackets at the end
    ("Spaarne Gasthuis (met effect op: HAP en RAV)", "Spaarne Gasthuis"),
    ("SG", "Spaarne Gasthuis"),                                    # an alias
    ("Kinderartsen SG", "Spaarne Gasthuis"),
    ("GGZInGeest (betrokken)", "GGZ inGeest"),                     # spaces do not count
    ("ggz In Geest", "GGZ inGeest"),
    ("GGZ-inGeest", "GGZ inGeest"),                                # nor punctuation
    ("St.Jacob (trekker)", "Sint Jacob"),
    ("St Jacob", "Sint Jacob"),
    ("Jeugd (13 partijen)", "jeugd (13 partijen)"),               # a declared name may hold brackets
    ("Verslavingszorg (Brijder)", "Brijder"),                     # an alias is looked up before its remark goes
    ("Spaarne", None),                                             # no part of a name, no guess
    ("Spaarne Gasthuis Haarlem", None),
    ("jeugd", None),
])
def test_the_resolver_names_the_partner_of_every_spelling(spelling, partner):
    assert NAMES.canonical(spelling) == partner
    assert NAMES.resolve(spelling) == (partner or " ".join(spelling.split()))


def test_spelling_keys_and_remarks():
    assert spelling_key("Huisartsencoöperatie Zuid-Kennemerland") == "huisartsencooperatiezuidkennemerland"
    assert spelling_key("!!!") == "!!!"  # punctuation only: kept, not the empty key every such name would share
    assert without_remark("RAV (in nauw contact)") == "RAV"
    assert without_remark("alle (zorg)partijen in de buurt") == "alle (zorg)partijen in de buurt"
    assert without_remark("(trekker)") == "(trekker)"
    assert NAMES.suggestion("Spaarne Gasthuis Haarlem") == "Spaarne Gasthuis"
    assert NAMES.suggestion("Zilveren Kruis") is None


def test_without_a_list_every_spelling_stands_for_itself_as_before():
    names = partner_names(Plan.model_validate(PLAN))
    assert not names.declared
    assert names.canonical("Spaarne Gasthuis") is None
    assert names.resolve(" Spaarne  Gasthuis (trekker) ") == "Spaarne Gasthuis (trekker)"
    assert names.resolve("spaarne gasthuis") == "spaarne gasthuis"


def declare(plan: Path, partners: str) -> None:
    path = plan / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "partners:\n" + partners, encoding="utf-8")


def spell(plan: Path, partners: str) -> None:
    path = plan / "zorg.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("partners: [Ziekenhuis Noord, Huisartsen Zuid]", f"partners: {partners}"),
                    encoding="utf-8")


def check_lines(plan: Path, capsys) -> list[str]:
    (plan.parent / "data").mkdir(exist_ok=True)
    main(["check", "--plan", str(plan), "--data", str(plan.parent / "data")])
    return [line.split("/plan/", 1)[1] for line in capsys.readouterr().out.splitlines()
            if "/plan/" in line and "W2" not in line]  # the fixture's own warning about doel W2


def test_check_warns_about_an_unknown_spelling_on_its_line_with_a_suggestion(minimal_plan, capsys):
    declare(minimal_plan, "  - name: Ziekenhuis Noord\n    aliases: [ZN]\n  - name: Huisartsen Noord\n")
    spell(minimal_plan, "[ZN (trekker), Huisartsen Zuid, Gemeente Oost]")
    assert check_lines(minimal_plan, capsys) == [
        "zorg.yaml:22:30: warning: initiatives[0].partners[1]: unknown partner 'Huisartsen Zuid': did you mean "
        "'Huisartsen Noord'? If not, add it under `partners` in plan.yaml, as a partner or as an alias of one",
        "zorg.yaml:22:47: warning: initiatives[0].partners[2]: unknown partner 'Gemeente Oost': add it under "
        "`partners` in plan.yaml, as a partner or as an alias of one",
    ]


def test_a_name_or_alias_of_two_partners_is_an_error_on_its_line(minimal_plan, capsys):
    declare(minimal_plan, "  - name: Ziekenhuis Noord\n    aliases: [ZN, Ziekenhuis-Noord]\n"
                          "  - name: Huisartsen Zuid\n    aliases: [z.n.]\n  - name: ziekenhuis noord\n")
    assert check_lines(minimal_plan, capsys) == [
        "plan.yaml:20:15: partners[1].aliases[0]: 'z.n.' would name two partners, 'Ziekenhuis Noord' and "
        "'Huisartsen Zuid': a name or alias belongs to one partner only (upper and lower case, accents, spaces and "
        "punctuation do not count)",
        "plan.yaml:21:11: partners[2].name: partner 'ziekenhuis noord' is declared twice (as 'Ziekenhuis Noord' "
        "before; upper and lower case, accents, spaces and punctuation do not count)",
    ]  # an alias that repeats its own partner's name (Ziekenhuis-Noord) does no harm


def test_a_plan_without_a_list_is_checked_as_before(minimal_plan, capsys):
    spell(minimal_plan, "[Ziekenhuis Noord, ziekenhuis noord (trekker), Gemeente Oost]")
    assert check_lines(minimal_plan, capsys) == []
    rows = initiative_rows(load_plan(minimal_plan))
    assert rows[0].partners == ("Ziekenhuis Noord", "ziekenhuis noord (trekker)", "Gemeente Oost")


def test_the_filter_and_the_table_count_every_spelling_as_one_partner(minimal_plan):
    declare(minimal_plan, "  - name: Ziekenhuis Noord\n    aliases: [ZN]\n  - name: Huisartsen Zuid\n")
    spell(minimal_plan, "[ZN, Ziekenhuis Noord (trekker), huisartsen zuid]")
    text = (minimal_plan / "zorg.yaml").read_text(encoding="utf-8")
    second = ("  - id: zorg-tweede\n    name: Tweede\n    partners: [ziekenhuis-noord]\n    contributes_to: [\"1b\"]\n"
              "    source: {document: testplan, section: Initiatieven}\n")
    (minimal_plan / "zorg.yaml").write_text(text.replace("werkagenda:\n", second + "werkagenda:\n"), encoding="utf-8")
    loaded = load_plan(minimal_plan)
    assert loaded.problems == [p for p in loaded.problems if "W2" in p.message]  # every spelling is known
    rows = initiative_rows(loaded)
    assert [r.partners for r in rows] == [("Ziekenhuis Noord", "Huisartsen Zuid"), ("Ziekenhuis Noord",)]
    assert partner_list(rows) == ("Huisartsen Zuid", "Ziekenhuis Noord")
    assert [r.name for r in filter_rows(rows, [], [], "Ziekenhuis Noord")] == ["Wachtlijstteam", "Tweede"]
    assert partners(rows).to_pylist() == [
        {"Partner": "Ziekenhuis Noord", "Aantal": 2, "Initiatieven": "Wachtlijstteam; Tweede"},
        {"Partner": "Huisartsen Zuid", "Aantal": 1, "Initiatieven": "Wachtlijstteam"}]


def test_kennemerland_names_each_partner_once_and_counts_all_its_spellings():
    loaded = load_plan(ROOT / "plan")
    names = partner_names(loaded.plan)
    spellings = {p for t in loaded.themes.values() for i in t.initiatives for p in i.partners}
    assert all(names.canonical(s) for s in spellings)  # `check --strict` passes: test_plan_content.py
    spelled = {name: sorted(s for s in spellings if names.canonical(s) == name)
               for name in ("Spaarne Gasthuis", "GGZ inGeest", "Sint Jacob", "ViVa! Zorggroep")}
    assert spelled == {
        "Spaarne Gasthuis": ["SG", "Spaarne Gasthuis", "Spaarne Gasthuis (geriatrie/geheugenpoli)",
                             "Spaarne Gasthuis (geïnformeerd en betrokken waar nodig)",
                             "Spaarne Gasthuis (management en geriaters)", "Spaarne Gasthuis (met effect op: HAP en RAV)",
                             "Spaarne Gasthuis (trekker)", "kinderartsen SG"],
        "GGZ inGeest": ["GGZ InGeest (participant)", "GGZ in Geest", "GGZ inGeest", "GGZInGeest (betrokken)",
                        "GGZInGeest (geïnformeerd en betrokken waar nodig)", "ggz InGeest"],
        "Sint Jacob": ["Sint Jacob", "St Jacob", "St. Jacob", "St.Jacob (trekker)"],
        "ViVa! Zorggroep": ["ViVa-zorggroep", "Viva!", "Viva!Zorggroep"],
    }
    rows = initiative_rows(loaded)
    table = {row["Partner"]: row["Aantal"] for row in partners(rows).to_pylist()}
    for name in spelled:  # an initiative counts once for a partner, however many of its spellings it lists
        assert table[name] == sum(any(names.canonical(p) == name for p in i.partners)
                                  for t in loaded.themes.values() for i in t.initiatives)
    assert table["Spaarne Gasthuis"] == 19 and table["GGZ inGeest"] == 9 and table["Sint Jacob"] == 5
    assert len(filter_rows(rows, [], [], "Spaarne Gasthuis")) == 19
