"""The dashboard pages run without exceptions and show the plan's content (Streamlit AppTest)."""

import re
import shutil
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def data_dir(minimal_plan):
    data = minimal_plan.parent / "data"
    (data / "measurements").mkdir(parents=True)
    return data


@pytest.fixture
def app(minimal_plan, data_dir, monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(minimal_plan))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(data_dir))
    return AppTest.from_file(APP, default_timeout=30)


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def shown(markdown: str) -> str:
    """What a reader sees of escaped text: the backslash escapes and the word joiners of safetext.md_text gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def test_overview_lists_region_themes_and_counts(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Regioplan Testregio"
    assert [s.value for s in at.subheader] == ["Zorg", "Welzijn", "Het plan in getallen"]
    # First where the region stands: its one KPI has no data; its one action ended in 2024-Q2 and was never
    # reported done (the plan says "niet gestart"): late.
    standing = [(shown(m.label), m.value) for m in at.metric[:5]]
    assert standing == [("Gunstig", "0"), ("Ongunstig", "0"), ("Neutraal", "0"), ("Niet te beoordelen", "1"),
                        ("Acties te laat", "1 van 1")]
    assert at.header[0].value == "Vraagt aandacht (1)"
    attention = shown(next(m.value for m in at.markdown if "Vraag het" in m.value))
    assert attention.startswith("- :red-badge[:material/schedule: Vertraagd] **KPI's opstellen** (Zorg) — Gerapporteerd: "
                                "niet gestart, maar de eindperiode (2e kwartaal 2024) is voorbij: vertraagd.")
    assert attention.endswith("_Vraag het: thematafel Zorg_")
    # Level names come from the plan file: this plan calls its opgaven "Ambities".
    # One line, not a metric per level (bench/browser.py: every element costs the page's drawing).
    assert len(at.metric) == 5
    text = shown(markdown_text(at))
    assert ("**2** thema's · **1** ambities · **4** doelen · **1** samenwerkingsinitiatieven · **1** indicatoren"
            in text)
    # Per theme card: Zorg has 1 ambitie with 2 doelen, Welzijn has none but 2 doelen directly.
    assert ("**1** ambities · **2** doelen · **1** samenwerkingsinitiatieven · **1** indicatoren · **1** acties"
            in text)
    assert ("**0** ambities · **2** doelen · **0** samenwerkingsinitiatieven · **0** indicatoren · **0** acties"
            in text)


def test_theme_page_deep_link_shows_opgaven_doelen_and_links(app):
    at = app
    at.query_params["thema"] = "zorg"
    at.run().switch_page("app_pages/thema.py").run()
    assert not at.exception
    assert at.title[0].value == "Zorg"
    assert at.subheader[0].value == "Ambitie 1: Wachttijden omlaag"
    text = markdown_text(at)
    assert "**Doel 1a** — Minder wachtenden" in text
    assert (":gray-badge[:material/help: Geen gegevens] nog geen meting; "
            "nulmeting 12 weken \\(2022\\), streefwaarde 8 weken \\(2026\\)") in text
    link = at.get("page_link")[0].proto
    assert (link.label, link.page) == ("Wachttijd intake", "indicator")
    assert "kpi=zorg-wachttijd" in link.query_string
    assert "Wachtlijstteam" in text
    initiatives = at.dataframe[1].value
    assert initiatives["Draagt bij aan doelen"].to_list() == ["1a Minder wachtenden; Welzijn W1 Meer ontmoetingsplekken"]


def test_theme_without_opgaven_shows_its_doelen(app):
    at = app
    at.query_params["thema"] = "welzijn"
    at.run().switch_page("app_pages/thema.py").run()
    assert not at.exception
    text = markdown_text(at)
    assert "**Doel W1** — Meer ontmoetingsplekken" in text
    assert "Wachtlijstteam" in text  # the initiative of another theme that serves W1


def test_broken_theme_shows_error_panel_and_the_other_theme(minimal_plan, app):
    shutil.copy(FIXTURES / "bad" / "duplicate-key.yaml", minimal_plan / "zorg.yaml")
    at = app.run()
    assert not at.exception
    assert "Het plan bevat 1 fout." in at.error[0].value
    assert f"{minimal_plan}/zorg.yaml:5:1: name: duplicate key 'name' (first defined on line 2)" in at.code[0].value
    assert "Welzijn" in [s.value for s in at.subheader]


def test_text_from_yaml_is_escaped_not_rendered(minimal_plan, app):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace(
        "title: Minder wachtenden", "title: \"<img src=x onerror=alert(1)> [klik](javascript:alert(1))\""),
        encoding="utf-8")
    at = app
    at.query_params["thema"] = "zorg"
    at.run().switch_page("app_pages/thema.py").run()
    text = markdown_text(at)
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\> \\[klik\\]\\(javascript\\:alert\\(1\\)\\)" in text


def test_opgave_level_initiative_is_shown_at_the_opgave(minimal_plan, app):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace(
        'contributes_to: ["1a", "welzijn/W1"]', 'contributes_to_opgaven: ["1"]'), encoding="utf-8")
    at = app
    at.query_params["thema"] = "zorg"
    at.run().switch_page("app_pages/thema.py").run()
    assert not at.exception
    assert ":material/handshake: **Samenwerkingsinitiatieven voor deze ambitie:** Wachtlijstteam" in markdown_text(at)
    assert at.dataframe[1].value["Draagt bij aan ambities"].to_list() == ["1 Wachttijden omlaag"]


def test_status_badges_follow_the_quarter_in_the_sidebar(app, data_dir):
    # Baseline 12 weeks (2022), target 8 (2026). 2024-Q4: 10 weeks, p = 0.5, e = 731/1461: on course.
    # 2025-Q4: 11.5 weeks, p = 0.125, e = 1095/1461: R = 0.17, limited progress.
    (data_dir / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n")
    at = app
    at.query_params["kwartaal"] = "2024-Q4"
    at.run().switch_page("app_pages/thema.py").run()
    assert not at.exception
    assert (str(at.sidebar.selectbox[0].value), at.sidebar.selectbox[0].value.end.isoformat()) == ("2024-Q4", "2024-12-31")
    assert ":blue-badge[:material/trending_up: Op koers] laatste meting 10 weken " \
           "\\(4e kwartaal 2024\\)" in markdown_text(at)
    assert "kwartaal=2024-Q4" in at.get("page_link")[0].proto.query_string
    at.sidebar.selectbox[0].select_index(7).run()   # 2025-Q4
    assert at.query_params["kwartaal"] == "2025-Q4"
    assert ":orange-badge[:material/south_east: Beperkte voortgang] `▁█` laatste meting 11\\,5 weken" in markdown_text(at)
    assert not at.warning  # real data only: no demo banner


def test_demo_banner_whenever_demo_data_is_used(app, data_dir):
    (data_dir / "demo").mkdir()
    (data_dir / "demo" / "demo.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,demo,\n")
    at = app.run()
    assert "Demodata in gebruik." in at.warning[0].value
    at.switch_page("app_pages/thema.py").run()
    assert "Demodata in gebruik." in at.warning[0].value


MEASUREMENTS = ("indicator,period,value,area,source,note\n"
                "zorg-wachttijd,2024-Q4,10,,GGD,\n"
                "zorg-wachttijd,2025-Q4,11.5,,GGD,\n"
                "zorg-wachttijd,2024-Q4,9,Noorddorp,GGD,\n"
                "zorg-wachttijd,2024-Q4,11,Zuiddorp,GGD,\n"
                "zorg-wachttijd,2024-Q3,veel,,GGD,\n")


def open_page(at, page: str, **params):
    for key, value in params.items():
        at.query_params[key] = value
    at.run().switch_page(page).run()
    assert not at.exception
    return at


def test_indicator_page_deep_link_shows_status_history_areas_and_data(app, data_dir):
    (data_dir / "measurements" / "m.csv").write_text(MEASUREMENTS)
    at = open_page(app, "app_pages/indicator.py", kpi="zorg-wachttijd", kwartaal="2024-Q4")
    assert at.title[0].value == "Wachttijd intake"
    assert at.main.selectbox[0].value == "zorg-wachttijd"
    text = markdown_text(at)
    assert (":blue-badge[:material/trending_up: Op koers] — stand 4e kwartaal 2024: laatste meting "
            "**10 weken \\(4e kwartaal 2024\\)**") in text
    # Baseline 12 (2022) to target 8 (2026): 10 at 31-12-2024 is half the fall; expected 731/1461 of it.
    assert shown(at.info[0].value) == ("**Op koers naar de streefwaarde voor 2026.**  \nGerealiseerd 50% van de "
                                       "beoogde daling, verwacht 50% op 31-12-2024 (R = 1,00): op koers.")
    assert "**Nulmeting:** 12 weken \\(2022\\)" in text
    assert "**Bron streefwaarde:** testplan, Zorg — \"In 2026 is de wachttijd 8 weken.\"" in shown(text)
    history = at.dataframe[0].value
    assert history["Kwartaal"][0] == "4e kwartaal 2024" and history["Status"][0] == "Op koers"
    assert history["Status"][1] == "Geen gegevens"
    # Region chart and the per-gemeente chart.
    assert len(at.get("plotly_chart")) == 2
    data = at.dataframe[1].value
    # Only measurements up to the as-of date: 2025-Q4 is left out; the bad row never loaded.
    assert data["Periode"].to_list() == ["4e kwartaal 2024"] * 3
    assert data["Gebied"].to_list() == ["regio", "Noorddorp", "Zuiddorp"]
    assert data["Waarde"].to_list() == ["10", "9", "11"]
    assert len(at.get("download_button")) == 1


def test_indicator_page_says_when_the_link_names_an_unknown_kpi(app):
    at = open_page(app, "app_pages/indicator.py", kpi="bestaat-niet")
    assert "'bestaat\\-niet' uit de link staat niet (meer) in het plan. Kies hierboven een indicator." in at.warning[0].value
    assert at.title[0].value == "Wachttijd intake"


def test_initiatives_page_matrix_blind_spots_and_partners(app):
    at = open_page(app, "app_pages/initiatieven.py")
    matrix = at.dataframe[0].value
    assert matrix.columns.to_list() == ["Samenwerkingsinitiatief", "Thema", "Status", "zorg/1a", "welzijn/W1"]
    assert matrix.iloc[0].to_list() == ["Wachtlijstteam", "Zorg (ook: Welzijn)", "lopend", "●", "●"]
    unserved = at.dataframe[1].value
    assert unserved[["Thema", "Doel"]].values.tolist() == [["Zorg", "1b"], ["Welzijn", "W2"]]
    assert "2 doelen waaraan geen samenwerkingsinitiatief bijdraagt" in at.caption[1].value
    assert at.dataframe[2].value.empty  # every initiative serves a doel
    partners = at.dataframe[3].value
    assert partners["Partner"].to_list() == ["Huisartsen Zuid", "Ziekenhuis Noord"]


def test_initiatives_filter_by_partner(app):
    at = open_page(app, "app_pages/initiatieven.py")
    at.main.selectbox[0].select("Ziekenhuis Noord").run()
    assert at.subheader[0].value == "Samenwerkingsinitiatieven × doelen (1)"
    at.main.multiselect[0].select("welzijn").run()  # led by Zorg, Wachtlijstteam serves Welzijn's W1 too
    assert at.subheader[0].value == "Samenwerkingsinitiatieven × doelen (1)"
    assert at.query_params["thema"] == "welzijn"


def test_werkagenda_shows_late_actions(app):
    at = open_page(app, "app_pages/werkagenda.py", kwartaal="2024-Q2")
    # KPI's opstellen runs 2024-Q1..2024-Q2 and was never reported started: late since 2024-Q1 ended.
    assert at.markdown[0].value.startswith("Stand 2e kwartaal 2024: **1** van 1 acties lopen achter")
    late = at.dataframe[0].value
    assert late[["Thema", "Actie", "Status"]].values.tolist() == [["Zorg", "KPI's opstellen", "Start vertraagd"]]
    assert len(at.get("plotly_chart")) == 1


def test_data_quality_page_groups_by_owner_and_lists_rejected_rows(app, data_dir):
    (data_dir / "measurements" / "m.csv").write_text(MEASUREMENTS)
    at = open_page(app, "app_pages/datakwaliteit.py", kwartaal="2026-Q3")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Indicatoren zonder gegevens": "0", "Indicatoren verouderd": "1", "Afgewezen meetregels": "1",
                       "Waarschuwingen in het plan": "1"}
    issues = at.dataframe[0].value
    assert issues["Probleem"].to_list() == ["verouderd (laatste meting 4e kwartaal 2025)", "geen eigenaar"]
    rejected = at.dataframe[1].value
    assert rejected["Bestand"][0].endswith("m.csv") and rejected["Rij"][0] == 6
    warnings = at.dataframe[2].value
    assert warnings["Bestand"][0].endswith("welzijn.yaml")
    assert "doel 'W2' has no indicator, initiative or action" in warnings["Melding"][0]


def test_owners_page_counts_what_needs_attention(app, data_dir):
    (data_dir / "measurements" / "m.csv").write_text(MEASUREMENTS)
    at = open_page(app, "app_pages/eigenaren.py", kwartaal="2026-Q3")
    overview = at.dataframe[0].value
    assert overview.iloc[0].to_list() == ["Eigenaar nog niet belegd", 1, 1, 1, 1]
    assert at.dataframe[1].value.iloc[0].to_list() == ["Wachttijd intake", "Zorg", "Beperkte voortgang"]


def test_methodology_page_shows_the_rules(app):
    at = open_page(app, "app_pages/methodiek.py")
    assert "`R ≥ 0,95` → **Op koers**" in at.markdown[0].value


def search(at, term: str) -> list[tuple[str, str, dict[str, str]]]:
    """Type `term` in the sidebar's search: its hits, as (label as read, page, query parameters)."""
    at.sidebar.text_input[0].input(term).run()
    assert not at.exception
    return [(shown(link.proto.label), link.proto.page, dict(parse_qsl(link.proto.query_string)))
            for link in at.sidebar.get("page_link") if " · " in link.proto.label]


def land(page: str, params: dict[str, str]) -> AppTest:
    """Follow a search hit's link: a new session opens its page with its query parameters."""
    return open_page(AppTest.from_file(APP, default_timeout=30), f"app_pages/{page}.py", **params)


def test_sidebar_search_ranks_its_hits_and_each_link_keeps_the_quarter(app):
    at = app
    at.query_params["kwartaal"] = "2025-Q2"
    hits = search(at.run(), "wacht")
    # names that start with the term (plan order), then a name with a word that does; nothing fuzzy
    assert hits == [
        ("Indicator · Wachttijd intake (Zorg)", "indicator", {"kpi": "zorg-wachttijd", "kwartaal": "2025-Q2"}),
        ("Samenwerkingsinitiatief · Wachtlijstteam (Zorg)", "initiatieven",
         {"initiatief": "zorg-wachtlijstteam", "kwartaal": "2025-Q2"}),
        ("Doel 1a · Minder wachtenden (Zorg)", "thema", {"thema": "zorg", "doel": "1a", "kwartaal": "2025-Q2"}),
    ]
    assert search(at, "Ziekenhuis Noord") == [
        ("Partner · Ziekenhuis Noord", "initiatieven", {"partner": "Ziekenhuis Noord", "kwartaal": "2025-Q2"})]
    assert search(at, "wachtijd") == []  # a typo finds nothing unrelated
    assert [c.value for c in at.sidebar.caption] == ["Niets gevonden voor ‘wachtijd’."]


def test_a_search_hit_lands_on_the_kpi_and_on_the_doel(app):
    hits = search(app.run(), "wachttijd intake")
    at = land(*hits[0][1:])
    assert at.title[0].value == "Wachttijd intake" and at.query_params["kwartaal"] == "2026-Q3"
    (_, page, params), = search(app, "sneller")
    at = land(page, params)
    assert at.title[0].value == "Zorg"
    assert ":violet-background[:material/search: **Doel 1b** — Sneller intake]" in markdown_text(at)


def test_a_search_hit_lands_on_the_initiative_shown_first(app):
    (_, page, params), = search(app.run(), "lijstteam")
    at = land(page, params)
    assert shown(at.markdown[0].value) == (":violet-background[:material/search: **Wachtlijstteam**]  \n"
                                           "Zorg (ook: Welzijn) · lopend")
    assert shown(at.markdown[1].value) == ("**Partners:** Ziekenhuis Noord, Huisartsen Zuid  \n"
                                           "**Draagt bij aan:** zorg/1a, welzijn/W1")
    at = land("initiatieven", {"initiatief": "bestaat-niet"})
    assert shown(at.warning[0].value) == "'bestaat-niet' uit de link is geen samenwerkingsinitiatief (meer) in het plan."


def test_a_partner_link_filters_the_initiatives_by_that_partner_in_any_spelling(app, minimal_plan):
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "partners:\n  - {name: Ziekenhuis Noord, aliases: [ZN]}\n"
                    "  - {name: Huisartsen Zuid}\n", encoding="utf-8")
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("[Ziekenhuis Noord, Huisartsen Zuid]",
                                                             "[ZN (trekker), Huisartsen Zuid]"), encoding="utf-8")
    assert search(app.run(), "zn") == [
        ("Partner · Ziekenhuis Noord", "initiatieven", {"partner": "Ziekenhuis Noord", "kwartaal": "2026-Q3"})]
    at = land("initiatieven", {"partner": "Ziekenhuis Noord"})
    assert at.main.selectbox[0].value == "Ziekenhuis Noord"
    assert at.subheader[0].value == "Samenwerkingsinitiatieven × doelen (1)"
    assert at.dataframe[3].value["Partner"].to_list() == ["Huisartsen Zuid", "Ziekenhuis Noord"]  # one, not two
    at = land("initiatieven", {"partner": "ziekenhuis-noord"})  # a link in another spelling finds it as well
    assert at.main.selectbox[0].value == "Ziekenhuis Noord" and at.query_params["partner"] == "Ziekenhuis Noord"
    at.main.selectbox[0].set_value("Huisartsen Zuid").run()  # another partner chosen: the link follows
    assert at.query_params["partner"] == "Huisartsen Zuid"
    at = land("initiatieven", {"partner": "Onbekend"})
    assert at.main.selectbox[0].value is None
    assert at.warning[0].value.startswith("'Onbekend' uit de link is geen partner van een samenwerkingsinitiatief")


def test_a_search_hit_lands_on_the_action_and_on_the_owner(app, minimal_plan):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("    status: niet gestart\n",
                                                             "    status: niet gestart\n    owner: Team Noord\n"),
                    encoding="utf-8")
    hits = search(app.run(), "opstellen")
    assert hits == [("Actie · KPI's opstellen (Zorg)", "werkagenda",
                     {"thema": "zorg", "actie": "zorg-kpis-opstellen", "kwartaal": "2026-Q3"})]
    at = land(*hits[0][1:])
    found = shown(at.markdown[0].value)
    assert found.startswith(":violet-background[:material/search: **KPI's opstellen**]")
    assert found.endswith("\nZorg · 1e kwartaal 2024 – 2e kwartaal 2024 · **Vertraagd**")
    assert shown(at.markdown[1].value).startswith("_Gerapporteerd: niet gestart, maar de eindperiode")
    assert at.caption[0].value == "Eigenaar: Team Noord"
    hits = search(app, "team noord")
    assert hits == [("Eigenaar · Team Noord", "eigenaren", {"eigenaar": "Team Noord", "kwartaal": "2026-Q3"})]
    at = land(*hits[0][1:])
    opened = [e for e in at.expander if "Team Noord" in e.label]
    assert len(opened) == 1 and opened[0].label == ":violet-background[:material/search: Team Noord]"
    for page, param in (("werkagenda", "actie"), ("eigenaren", "eigenaar")):
        at = land(page, {param: "<b>weg</b>"})
        assert "'\\<b\\>weg\\<\\/b\\>' uit de link is geen" in at.warning[0].value


def test_search_terms_and_names_are_text_never_markup(app, minimal_plan):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("name: Wachtlijstteam", "name: '**Wacht** <img src=x>'"),
                    encoding="utf-8")
    at = app.run()
    hits = search(at, "<img")
    assert hits == [("Samenwerkingsinitiatief · **Wacht** <img src=x> (Zorg)", "initiatieven",
                     {"initiatief": "zorg-wachtlijstteam", "kwartaal": "2026-Q3"})]
    label = next(link.proto.label for link in at.sidebar.get("page_link") if "img" in link.proto.label)
    assert "\\*\\*Wacht\\*\\* \\<img" in label  # escaped: no bold, no tag
    search(at, "**vet** <b>x</b>")
    assert at.sidebar.caption[0].value == "Niets gevonden voor ‘\\*\\*vet\\*\\* \\<b\\>x\\<\\/b\\>’."


def test_overview_card_says_what_changed_since_the_previous_quarter(app, data_dir):
    # 2025-Q3: latest 10 weeks (2024-Q4), on course. 2025-Q4: 11.5 weeks, limited progress: worse.
    (data_dir / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n")
    at = app
    at.query_params["kwartaal"] = "2025-Q4"
    at.run()
    assert not at.exception
    assert [e.label for e in at.expander if e.label.startswith("Sinds")] == ["Sinds vorig kwartaal: 0 beter, 1 slechter"]
    assert "- :material/arrow_downward: Wachttijd intake: Op koers → Beperkte voortgang" in markdown_text(at)
    at.sidebar.selectbox[0].select_index(8).run()  # 2026-Q1: still 11.5, still limited progress
    assert at.query_params["kwartaal"] == "2026-Q1"
    assert "Sinds vorig kwartaal: geen veranderingen in status." in [c.value for c in at.caption]


def test_commentary_is_shown_next_to_the_status(minimal_plan, app, data_dir):
    (data_dir / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n")
    (minimal_plan / "toelichting").mkdir()
    (minimal_plan / "toelichting" / "2025-Q4.yaml").write_text(
        "quarter: 2025-Q4\nindicators:\n  zorg-wachttijd:\n    toelichting: Personeelstekort <b>bij</b> intake.\n"
        "    vervolgacties:\n      - {action: Intakers werven, owner: Ziekenhuis Noord, due: 2026-03-31}\n"
        "doelen:\n  zorg/1a:\n    toelichting: Doel loopt achter.\n")
    expected = (":material/comment: **Toelichting commissie:** Personeelstekort \\<b\\>bij\\<\\/b\\> intake\\.  \n"
                ":material/assignment: Vervolgactie: Intakers werven — Ziekenhuis Noord, uiterlijk 31\\-03\\-2026")
    at = open_page(app, "app_pages/thema.py", thema="zorg", kwartaal="2025-Q4")
    text = markdown_text(at)
    assert expected in text
    assert ":material/comment: **Toelichting commissie:** Doel loopt achter\\." in text
    at = open_page(app, "app_pages/indicator.py", kpi="zorg-wachttijd", kwartaal="2025-Q4")
    assert expected in markdown_text(at)
    at = open_page(AppTest.from_file(APP, default_timeout=30), "app_pages/indicator.py", kpi="zorg-wachttijd",
                   kwartaal="2025-Q3")
    assert at.title[0].value == "Wachttijd intake"
    assert "Toelichting commissie" not in markdown_text(at)  # commentary belongs to its own quarter


def test_export_page_makes_one_zip(app, data_dir):
    import io
    import zipfile

    (data_dir / "measurements" / "m.csv").write_text(MEASUREMENTS)
    at = open_page(app, "app_pages/export.py", kwartaal="2025-Q4")
    assert at.title[0].value == "Kwartaalexport"
    assert "Kwartaal: **4e kwartaal 2025** (peildatum 31\\-12\\-2025)" in markdown_text(at)
    at.main.multiselect[1].set_value(["xlsx", "html"]).run()
    at.button[0].click().run()
    assert not at.exception
    assert shown(at.success[0].value) == "2 bestanden klaar voor 2025-Q4."
    content, *_ = at.session_state["export_zip"]
    assert sorted(zipfile.ZipFile(io.BytesIO(content)).namelist()) == ["regiomonitor-2025-Q4.html",
                                                                      "regiomonitor-2025-Q4.xlsx"]
    assert len(at.get("download_button")) == 1


def test_a_file_broken_while_the_app_runs_shows_the_panel_and_recovers(minimal_plan, app, data_dir):
    good = (minimal_plan / "zorg.yaml").read_text(encoding="utf-8")
    at = app.run()
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader][:2] == ["Zorg", "Welzijn"]

    shutil.copy(FIXTURES / "bad" / "unknown-field.yaml", minimal_plan / "zorg.yaml")
    (data_dir / "measurements" / "m.csv").write_text(MEASUREMENTS)  # with one bad row
    at.run()
    assert not at.exception
    assert "Het plan bevat 1 fout." in at.error[0].value
    assert "zorg.yaml:7:5: opgaven[0].titel: unknown field 'titel'; did you mean 'title'?" in at.code[0].value
    assert "Welzijn" in [s.value for s in at.subheader]  # the rest keeps being served

    (minimal_plan / "zorg.yaml").write_text(good, encoding="utf-8")
    at.run()
    assert not at.exception and not at.error  # recovered without a restart
    assert [s.value for s in at.subheader][:2] == ["Zorg", "Welzijn"]
    at.switch_page("app_pages/datakwaliteit.py").run()
    assert {m.label: m.value for m in at.metric}["Afgewezen meetregels"] == "1"


def test_with_login_configured_an_anonymous_visitor_sees_only_the_login(app):
    at = app
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
                          "client_id": "regiomonitor", "client_secret": "s",
                          "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Regiomonitor"]
    assert at.info[0].value == "Log in om het dashboard van het regioplan te zien."
    assert [b.label for b in at.button] == ["Inloggen"]
    assert not at.subheader and not at.metric and not at.dataframe  # nothing of the plan
    assert not at.sidebar.selectbox  # no navigation, quarter or search either
    at.switch_page("app_pages/indicator.py").run()  # a deep link is no way round it
    assert [t.value for t in at.title] == ["Regiomonitor"] and not at.dataframe


def test_without_login_configured_the_app_is_open(app):
    at = app.run()
    assert at.title[0].value == "Regioplan Testregio"
    assert "Inloggen" not in [b.label for b in at.button]


def test_a_page_that_fails_shows_a_plain_panel_and_the_app_goes_on(app, monkeypatch, caplog):
    import regiomonitor.present.quality_view
    from ui.app_state import PAGE_FAILED

    def broken(*args, **kwargs):
        raise RuntimeError("geheime inhoud uit zorg.yaml: <img src=x onerror=alert(1)>")

    monkeypatch.setattr(regiomonitor.present.quality_view, "owner_overview", broken)
    at = open_page(app, "app_pages/eigenaren.py")
    assert [e.value for e in at.error] == [PAGE_FAILED]  # the page boundary: no exception element, no traceback
    assert at.title[0].value == "Eigenaren"  # what the page drew before the failure stays
    shown_text = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "code", "exception", "title")
                  for e in at.get(kind)]
    assert not [t for t in shown_text if "geheime" in str(t)]
    assert [s.label for s in at.sidebar.selectbox] == ["Peildatum (kwartaal)"]  # the sidebar still works
    assert [t.label for t in at.sidebar.text_input] == ["Zoeken"]
    assert "page 'eigenaren' failed" in caplog.text and "RuntimeError: geheime inhoud" in caplog.text  # server log
    at.switch_page("app_pages/overzicht.py").run()  # and so does the navigation
    assert not at.exception and not at.error
    assert at.title[0].value == "Regioplan Testregio"


def test_streamlit_control_flow_passes_the_page_boundary(minimal_plan, app):
    """st.stop (and Streamlit's other control flow) raise BaseExceptions inside the page; the boundary must not
    take them for failures."""
    from ui.app_state import PAGE_FAILED

    zorg = minimal_plan / "zorg.yaml"
    text = zorg.read_text(encoding="utf-8")
    shutil.copy(FIXTURES / "bad" / "unknown-field.yaml", zorg)
    at = open_page(app, "app_pages/thema.py", thema="zorg")  # the theme's problems, then st.stop
    assert at.title[0].value == "zorg" and PAGE_FAILED not in [e.value for e in at.error]
    zorg.write_text(text, encoding="utf-8")
    at = open_page(AppTest.from_file(APP, default_timeout=30), "app_pages/indicator.py", kpi="zorg-wachttijd")
    assert not at.exception and not at.error and at.title[0].value == "Wachttijd intake"
    zorg.write_text(text[:text.index("indicators:\n")] + "indicators: []\n", encoding="utf-8")
    at.run()  # a plan without KPI's has no KPI page: the session lands on the Overzicht, without an error
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Regioplan Testregio"]


def welzijn_kpis(plan, count: int) -> None:
    """`count` KPI's in the Welzijn theme, all measuring doel W2."""
    text = "indicators:\n" + "".join(
        f"  - {{id: w-{n:02d}, name: Eenzaamheid {n:02d}, definition: d, unit: '%', direction: lower_is_better, "
        f"kind: result, doelen: [W2], frequency: yearly}}\n" for n in range(count))
    with (plan / "welzijn.yaml").open("a", encoding="utf-8") as file:
        file.write(text)


def test_the_kpi_page_offers_the_kpis_of_the_kpis_own_theme(app, minimal_plan):
    welzijn_kpis(minimal_plan, 2)
    at = open_page(app, "app_pages/indicator.py", kpi="w-01")
    assert at.main.selectbox[0].options == ["Eenzaamheid 00 (Welzijn)", "Eenzaamheid 01 (Welzijn)"]
    assert at.main.selectbox[0].value == "w-01"
    at = open_page(AppTest.from_file(APP, default_timeout=30), "app_pages/indicator.py", kpi="zorg-wachttijd")
    assert at.main.selectbox[0].options == ["Wachttijd intake (Zorg)"]


def test_the_thema_page_writes_out_twelve_kpis_per_doel_and_counts_the_rest(app, minimal_plan):
    welzijn_kpis(minimal_plan, 15)
    at = open_page(app, "app_pages/thema.py", thema="welzijn")
    links = [link.label for link in at.get("page_link") if link.label.startswith("Eenzaamheid")]
    assert links == [f"Eenzaamheid {n:02d}" for n in range(12)]
    assert "- _En nog 3 meer: zie de tabel ‘Indicatoren’ hieronder._" in markdown_text(at)
    assert len(at.dataframe[0].value) == 15  # the theme's KPI table has them all


def test_a_theme_with_many_kpis_comes_in_parts_and_a_search_hit_opens_its_part(app, minimal_plan):
    # 12 KPI's on each of W2..W5: W1 draws 1 element, the others 25 each (heading, and a link and a line per KPI).
    # W1..W3 make 51; W4 would make 76 > 64 and starts the second part, with W5 (50).
    with (minimal_plan / "welzijn.yaml").open("a", encoding="utf-8") as file:
        file.write("".join(f"  - {{id: W{n}, title: Doel {n}, source: {{document: testplan, section: Welzijn}}}}\n"
                           for n in (3, 4, 5)))
    text = "indicators:\n" + "".join(
        f"  - {{id: w-{d}-{n:02d}, name: KPI {d} {n:02d}, definition: d, unit: '%', direction: lower_is_better, "
        f"kind: result, doelen: [W{d}], frequency: yearly}}\n" for d in (2, 3, 4, 5) for n in range(12))
    with (minimal_plan / "welzijn.yaml").open("a", encoding="utf-8") as file:
        file.write(text)
    at = open_page(app, "app_pages/thema.py", thema="welzijn", doel="W5")
    assert at.main.selectbox[1].options == ["Deel 1 van 2: Doel W1 tot en met W3", "Deel 2 van 2: Doel W4 tot en met W5"]
    assert at.main.selectbox[1].value == 1
    links = [link.label for link in at.get("page_link") if link.label.startswith("KPI")]
    assert links == [f"KPI {d} {n:02d}" for d in (4, 5) for n in range(12)]
    assert at.query_params["deel"] == "2"
    at.main.selectbox[1].set_value(0).run()  # the reader goes to the first part
    assert [link.label for link in at.get("page_link") if link.label.startswith("KPI")][:2] == ["KPI 2 00", "KPI 2 01"]
    assert at.query_params["deel"] == "1"


def test_overview_shows_the_plans_own_sections(minimal_plan, app):
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("themes: [zorg, welzijn]", """sections:
  - id: randvoorwaarden
    title: Landelijke randvoorwaarden
    items:
      - title: Voldoende budget <b>nu</b>
        period: "2024"
        description: Geoormerkt.
        source: {document: testplan, section: Randvoorwaarden}
themes: [zorg, welzijn]"""), encoding="utf-8")
    at = app.run()
    assert not at.exception
    expander = next(e for e in at.expander if "Landelijke randvoorwaarden" in e.label)
    assert shown(expander.label) == "Landelijke randvoorwaarden (1)"
    text = shown("\n".join(m.value for m in expander.markdown))
    assert "- **Voldoende budget <b>nu</b>** (2024) — Geoormerkt." in text
    assert "_Bron: testplan, Randvoorwaarden_" in text


def test_theme_page_says_why_a_doel_has_nothing_yet(minimal_plan, app):
    welzijn = minimal_plan / "welzijn.yaml"
    welzijn.write_text(welzijn.read_text(encoding="utf-8").replace(
        "    title: Minder eenzaamheid\n", "    title: Minder eenzaamheid\n    gap: Het plan noemt nog geen actie.\n"),
        encoding="utf-8")
    at = app
    at.query_params["thema"] = "welzijn"
    at.run().switch_page("app_pages/thema.py").run()
    assert not at.exception
    text = shown(markdown_text(at))
    assert "- _Nog niets gekoppeld: Het plan noemt nog geen actie._" in text


def test_export_page_never_offers_a_zip_made_for_another_quarter(app):
    from regiomonitor.export.formats import FORMATS

    at = app
    at.query_params["kwartaal"] = "2025-Q4"
    at.run().switch_page("app_pages/export.py").run()
    assert not at.exception
    at.session_state["export_zip"] = (b"zip", 3, "2025-Q3", [], (), tuple(FORMATS))
    at.run()
    assert len(at.get("download_button")) == 0  # made for 2025-Q3 while 2025-Q4 is shown
    at.session_state["export_zip"] = (b"zip", 3, "2025-Q4", [], (), tuple(FORMATS))
    at.run()
    assert len(at.get("download_button")) == 1


def test_a_fed_kpi_shows_its_source_and_the_region_beside_the_netherlands_and_its_peers(monkeypatch):
    """Issue 17, the real plan with its replayed feeds: provenance as Staat VenZ shows it, the standing in words and
    as a table (2022: the weighted mean 55,9; see test_export), and the comparison lines in the chart."""
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(ROOT / "plan"))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(ROOT / "data"))
    at = open_page(AppTest.from_file(APP, default_timeout=60), "app_pages/indicator.py",
                   kpi="gezondheidsverschillen-chronisch-zieken", kwartaal="2026-Q3")
    assert not at.exception
    text = shown(markdown_text(at))
    assert ("2022: Kennemerland 55,9% — Nederland 56,0%; Gooi en Vechtstreek 55,0%; Zaanstreek-Waterland 56,0%. "
            "Plaats 2 van 3 regio's (gunstigst eerst).") in text
    for row in ("**Tabel:** 50120NED Gezondheid per wijk en buurt; 2012/2016/2020/2022 (indeling 2022)",
                "**Verslagperiode:** 2022", "**Laatst opgehaald:** 30-11-2026",
                "**Let op:** testgegevens uit een nagebootste CBS-tabel, geen echte cijfers"):
        assert row in text, row
    places = at.dataframe[0].value
    assert places["Gebied"].to_list() == ["Gooi en Vechtstreek", "Kennemerland", "Zaanstreek-Waterland", "Nederland"]
    figure = at.get("plotly_chart")[0].proto.spec
    assert '"name":"Nederland"' in figure.replace(" ", "") and '"name":"Kennemerland"' in figure.replace(" ", "")
