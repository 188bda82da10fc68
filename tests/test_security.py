"""No injection: text from YAML and CSV is shown as text, SQL takes bound parameters, YAML is loaded safely.
The browser test proves it where it matters: scripts, event handlers and javascript: links in the plan do
nothing in Chromium."""

import re
import shutil

import pytest

from tests.browser import browser_page, chromium_path, running_app
from tests.conftest import FIXTURES, ROOT, code_files

CODE = {p: p.read_text(encoding="utf-8") for p in code_files()}


def test_no_raw_html_in_the_dashboard():
    for path, text in CODE.items():
        for pattern in ("unsafe_allow_html", "st.html(", "components.html(", "components.v1"):
            assert pattern not in text, f"{path.relative_to(ROOT)} uses {pattern}"


def test_sql_is_never_built_from_values():
    built = [(path.relative_to(ROOT).as_posix(), line.strip()) for path, text in CODE.items()
             for line in text.splitlines() if re.search(r"\.(execute|sql|query)\(\s*f[\"']", line)]
    # The exceptions create our own five tables, staging views and intermediate steps from our own names and our
    # own files in queries/; no value from a file reaches them.
    assert built == [
        ("regiomonitor/engine/db.py", "cursor.execute(f\"create temp table {step} as {query_text('intermediate/' + step)}\")"),
        ("regiomonitor/engine/db.py", 'con.execute(f"create table {name} as select * from {name}_frame")  '
                                      '# names are ours, not user input'),
        ("regiomonitor/engine/db.py", "con.execute(f\"create view {view} as {query_text('staging/' + view)}\")"),
    ]
    for query in (ROOT / "queries").rglob("*.sql"):
        assert "{" not in query.read_text(encoding="utf-8"), f"{query.name} has a template placeholder"


def test_yaml_is_only_loaded_safely():
    for path, text in CODE.items():
        for pattern in ("yaml.load(", "unsafe_load", "FullLoader", "UnsafeLoader", "yaml.Loader", "full_load"):
            assert pattern not in text, f"{path.relative_to(ROOT)} uses {pattern}"


HOSTILE_TITLE = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> Meer ontmoetingsplekken'
HOSTILE_LINK = "[Lees meer](javascript:window.__xss=3) en <a href='javascript:window.__xss=4'>hier</a>"


@pytest.mark.browser
def test_hostile_text_in_plan_and_data_does_nothing_in_the_browser(tmp_path):
    chromium_path()
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "plan-minimal", plan)
    welzijn = (plan / "welzijn.yaml").read_text()
    welzijn = welzijn.replace("title: Meer ontmoetingsplekken", f"title: '{HOSTILE_TITLE}'")
    welzijn = welzijn.replace("ambitie: Iedereen doet mee.", f'ambitie: "{HOSTILE_LINK}"')
    (plan / "welzijn.yaml").write_text(welzijn)
    zorg = (plan / "zorg.yaml").read_text().replace(
        'quote: "De wachttijd is 12 weken."', 'quote: "javascript:window.__xss=5 <img src=x onerror=window.__xss=6>"')
    (plan / "zorg.yaml").write_text(zorg)
    plan_file = (plan / "plan.yaml").read_text().replace(
        "file: sources/testplan.txt", "file: \"javascript:window.__xss=7\"")
    (plan / "plan.yaml").write_text(plan_file)
    data = tmp_path / "data" / "measurements"
    data.mkdir(parents=True)
    (data / "m.csv").write_text("indicator,period,value,area,source,note\n"
                                "zorg-wachttijd,2024-Q4,10,<img src=x onerror=window.__xss=8>,GGD,"
                                "\"<script>window.__xss=9</script>\"\n"
                                "zorg-wachttijd,2024-Q4,11,<a href='javascript:window.__xss=10'>wijk</a>,GGD,\n")
    with running_app(plan, tmp_path / "data") as url, browser_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("/", "/thema?thema=welzijn", "/indicator?kpi=zorg-wachttijd&kwartaal=2025-Q1",
                     "/initiatieven", "/datakwaliteit"):
            page.goto(url + path)
            page.locator('[data-testid="stMainBlockContainer"] h1').first.wait_for(timeout=20_000)
            page.wait_for_timeout(1000)
            assert page.evaluate("() => window.__xss") is None, path
            assert page.locator("a[href^='javascript']").count() == 0, path
            assert page.locator('[data-testid="stMain"] script').count() == 0, path
            assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0, path
        # The hostile text is shown as the text it is.
        page.goto(url + "/indicator?kpi=zorg-wachttijd&kwartaal=2025-Q1")
        page.get_by_text("javascript:window.__xss=5", exact=False).first.wait_for(timeout=20_000)
        page.locator(".js-plotly-plot").nth(1).wait_for(timeout=20_000)  # the chart per area, with hostile names
        assert page.locator("a[href^='javascript'], a[*|href^='javascript']").count() == 0
        assert page.evaluate("() => window.__xss") is None
        page.goto(url + "/thema?thema=welzijn")
        page.get_by_text("<script>window.__xss = 1</script>", exact=False).first.wait_for(timeout=20_000)
        assert dialogs == []


def test_hardened_streamlit_defaults():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["server"]["maxUploadSize"] == 1
    # found by bench/load.py: per-session polling of source files and a full GC after every run stalled 20 sessions
    assert config["server"]["fileWatcherType"] == "none"
    assert config["runner"]["postScriptGC"] is False
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()  # secrets are the deployment's, never committed
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text()


# Text that renderers turn into links by themselves: GFM autolinks bare URLs, www. addresses and e-mail
# addresses after Markdown escapes are resolved, Plotly renders <a href> in any label.
BARE = {"url": "https://evil.example/bare", "www": "www.evil.example", "mail": "kpi@evil.example"}


def _plan_with_bare_links(tmp_path):
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "plan-minimal", plan)

    def edit(name: str, old: str, new: str) -> None:
        text = (plan / name).read_text()
        assert old in text, (name, old)
        (plan / name).write_text(text.replace(old, new, 1))

    edit("plan.yaml", "region: Testregio", f"region: 'Testregio {BARE['url']}'")
    edit("plan.yaml", "  opgaven: Ambities\n",
         f"  opgaven: 'Ambities {BARE['www']}'\n  themes: \"Thema's {BARE['mail']}\"\n"
         f"  indicators: 'Indicatoren {BARE['url']}'\n  actions: 'Werkagenda {BARE['www']}'\n"
         f"  knelpunten: 'Knelpunten {BARE['mail']}'\n  theme: 'Thema {BARE['url']}'\n")
    edit("welzijn.yaml", "name: Welzijn", f"name: 'Welzijn {BARE['www']}'")  # page-link labels, selectbox options
    edit("zorg.yaml", "name: Wachttijd intake", f"name: 'Wachttijd {BARE['url']}'")
    edit("zorg.yaml", "unit: weken", f"unit: 'weken <a href=\"https://evil.example/unit\">u</a> {BARE['www']}'")
    edit("zorg.yaml", "    frequency: quarterly\n", f"    frequency: quarterly\n    owner: '{BARE['mail']}'\n")
    edit("zorg.yaml", "partners: [Ziekenhuis Noord, Huisartsen Zuid]", f"partners: ['{BARE['www']}', Huisartsen Zuid]")
    data = tmp_path / "data" / "measurements"
    data.mkdir(parents=True)
    (data / "m.csv").write_text("indicator,period,value,area,source,note\n"
                                f"zorg-wachttijd,2024-Q4,10,,GGD,{BARE['url']}\n"
                                f"zorg-wachttijd,2024-Q4,9,<a href='https://evil.example/area'>{BARE['www']}</a>,GGD,\n"
                                "zorg-wachttijd,2024-Q4,11,Zuiddorp,GGD,\n")
    return plan, tmp_path / "data"


@pytest.mark.browser
def test_every_page_stays_on_its_own_host_and_shows_links_in_plan_text_as_text(tmp_path):
    """Every page of the dashboard, with plan and data text full of bare URLs, addresses and Plotly links:
    the browser requests nothing from another host (no font CDN for the icon), opens no dialog, and no text
    from a file becomes a link or an image."""
    from urllib.parse import urlparse

    from ui.app_state import PAGES

    chromium_path()
    plan, data = _plan_with_bare_links(tmp_path)
    with running_app(plan, data) as url, browser_page() as page:
        own = urlparse(url).netloc
        requests, dialogs = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("websocket", lambda w: requests.append(w.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        paths = ["/"] + [f"/{p[3]}" for p in PAGES[1:]]
        paths += ["/indicator?kpi=zorg-wachttijd&kwartaal=2025-Q1", "/thema?thema=welzijn",
                  f"/thema?thema={BARE['url']}", f"/indicator?kpi={BARE['www']}"]  # query parameters echoed on the page
        for path in paths:
            page.goto(url + path)
            page.locator('[data-testid="stMainBlockContainer"] h1').first.wait_for(timeout=20_000)
            page.wait_for_timeout(1500)  # charts and late requests
            for expander in page.locator('[data-testid="stExpander"] summary').all():
                expander.click()  # owners and knelpunten sit in expander labels and bodies
            links = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || "
                                  "a.getAttribute('xlink:href') || '').filter(h => !h.startsWith('#') && "  # heading anchors
                                  "/evil|mailto:|^www/i.test(h))")
            assert links == [], path
            assert page.locator("img[src*='evil']").count() == 0, path
        # Selectbox options are plain text in Streamlit (not Markdown): the KPI names with a URL show as text.
        page.goto(url + "/indicator?kpi=zorg-wachttijd")
        page.get_by_role("combobox", name="Indicator").click()
        option = page.get_by_role("option").first
        option.wait_for(timeout=20_000)
        assert BARE["url"] in option.inner_text() and page.locator("[role=option] a").count() == 0
        page.keyboard.press("Escape")
        page.goto(url + "/eigenaren")
        owner = page.locator('[data-testid="stExpander"] summary', has_text="evil.example").first
        owner.wait_for(timeout=20_000)
        assert owner.inner_text().replace("\u2060", "").splitlines()[-1].strip() == BARE["mail"]  # there, as text
        page.wait_for_timeout(1000)
        foreign = sorted({u for u in requests if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != own})
        assert foreign == []
        assert any(urlparse(u).path == "/_stcore/stream" for u in requests)  # the recording worked
        assert dialogs == []
        # The favicon is our own SVG, inline (it was fonts.gstatic.com/…/materialsymbolsrounded/monitoring/…).
        icon = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        assert icon and all(h.startswith("data:image/svg+xml") for h in icon), icon
