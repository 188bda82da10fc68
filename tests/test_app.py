"""The dashboard pages run without exceptions and show the plan's content (Streamlit AppTest)."""

import shutil

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


def test_overview_lists_region_themes_and_counts(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Regioplan Testregio"
    assert [s.value for s in at.subheader] == ["Zorg", "Welzijn"]
    # Level names come from the plan file: this plan calls its opgaven "Ambities".
    totals = [(m.label, m.value) for m in at.metric[:5]]
    assert totals == [("Thema's", "2"), ("Ambities", "1"), ("Doelen", "4"),
                      ("Samenwerkingsinitiatieven", "1"), ("Indicatoren", "1")]
    # Per theme card: Zorg has 1 ambitie with 2 doelen, Welzijn has none but 2 doelen directly.
    text = markdown_text(at)
    assert ("**1** ambities · **2** doelen · **1** initiatieven · **1** indicatoren · **1** werkagenda-acties"
            in text)
    assert ("**0** ambities · **2** doelen · **0** initiatieven · **0** indicatoren · **0** werkagenda-acties"
            in text)


def test_theme_page_deep_link_shows_opgaven_doelen_and_links(app):
    at = app
    at.query_params["thema"] = "zorg"
    at.run().switch_page("pages/thema.py").run()
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
    assert initiatives["Draagt bij aan doelen"].to_list() == ["1a, welzijn/W1"]


def test_theme_without_opgaven_shows_its_doelen(app):
    at = app
    at.query_params["thema"] = "welzijn"
    at.run().switch_page("pages/thema.py").run()
    assert not at.exception
    text = markdown_text(at)
    assert "**Doel W1** — Meer ontmoetingsplekken" in text
    assert "Wachtlijstteam" in text  # the initiative of another theme that serves W1


def test_broken_theme_shows_error_panel_and_the_other_theme(minimal_plan, app):
    shutil.copy(FIXTURES / "bad" / "duplicate-key.yaml", minimal_plan / "zorg.yaml")
    at = app.run()
    assert not at.exception
    assert "Het plan bevat 1 fout(en)." in at.error[0].value
    assert f"{minimal_plan}/zorg.yaml:5:1: name: duplicate key 'name' (first defined on line 2)" in at.code[0].value
    assert "Welzijn" in [s.value for s in at.subheader]


def test_text_from_yaml_is_escaped_not_rendered(minimal_plan, app):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace(
        "title: Minder wachtenden", "title: \"<img src=x onerror=alert(1)> [klik](javascript:alert(1))\""),
        encoding="utf-8")
    at = app
    at.query_params["thema"] = "zorg"
    at.run().switch_page("pages/thema.py").run()
    text = markdown_text(at)
    assert "\\<img src=x onerror=alert\\(1\\)\\> \\[klik\\]\\(javascript\\:alert\\(1\\)\\)" in text


def test_opgave_level_initiative_is_shown_at_the_opgave(minimal_plan, app):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace(
        'contributes_to: ["1a", "welzijn/W1"]', 'contributes_to_opgaven: ["1"]'), encoding="utf-8")
    at = app
    at.query_params["thema"] = "zorg"
    at.run().switch_page("pages/thema.py").run()
    assert not at.exception
    assert ":material/handshake: **Initiatieven voor deze ambitie:** Wachtlijstteam" in markdown_text(at)
    assert at.dataframe[1].value["Draagt bij aan opgaven"].to_list() == ["1"]


def test_status_badges_follow_the_quarter_in_the_sidebar(app, data_dir):
    # Baseline 12 weeks (2022), target 8 (2026). 2024-Q4: 10 weeks, p = 0.5, e = 731/1461: on course.
    # 2025-Q4: 11.5 weeks, p = 0.125, e = 1095/1461: R = 0.17, limited progress.
    (data_dir / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n")
    at = app
    at.query_params["kwartaal"] = "2024-Q4"
    at.run().switch_page("pages/thema.py").run()
    assert not at.exception
    assert at.sidebar.selectbox[0].value.isoformat() == "2024-12-31"
    assert ":blue-badge[:material/trending_up: Op koers] laatste meting 10 weken " \
           "\\(4e kwartaal 2024\\)" in markdown_text(at)
    assert "kwartaal=2024-Q4" in at.get("page_link")[0].proto.query_string
    at.sidebar.selectbox[0].select_index(7).run()   # 2025-Q4
    assert at.query_params["kwartaal"] == "2025-Q4"
    assert ":orange-badge[:material/south_east: Beperkte voortgang] `▁█` laatste meting 11,5 weken" in markdown_text(at)
    assert not at.warning  # real data only: no demo banner


def test_demo_banner_whenever_demo_data_is_used(app, data_dir):
    (data_dir / "demo").mkdir()
    (data_dir / "demo" / "demo.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,demo,\n")
    at = app.run()
    assert "Demodata in gebruik." in at.warning[0].value
    at.switch_page("pages/thema.py").run()
    assert "Demodata in gebruik." in at.warning[0].value
