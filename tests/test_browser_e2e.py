"""The dashboard as a user sees it: real app, real Chromium, the real plan; a screenshot per page."""

import pytest

from regiomonitor.plan.load import load_plan
from tests.browser import ARTIFACTS, ROOT, browser_page, chromium_path, running_app
from ui.app_state import PAGES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    chromium_path()
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def page():
    with browser_page() as page:
        yield page


def url_has(page, *parts: str) -> None:
    """Streamlit writes the query parameters into the address bar just after it draws the page: wait for them."""
    condition = " && ".join(f"location.search.includes({part!r})" for part in parts)
    page.wait_for_function(f"() => {condition}", timeout=10_000)


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()
    assert page.get_by_text("Page not found").count() == 0


def test_overview_shows_region_and_all_themes(app_url, page):
    page.goto(app_url)
    page.get_by_role("heading", name="Regioplan Kennemerland").wait_for(timeout=20_000)
    loaded = load_plan(ROOT / "plan")
    for theme in loaded.themes.values():
        page.get_by_text(f"{theme.number}. {theme.name}", exact=True).first.wait_for(timeout=30_000)
    no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "overzicht.png"), full_page=True)


@pytest.mark.parametrize("theme_id", load_plan(ROOT / "plan").theme_ids)
def test_each_theme_page_opens_by_link(app_url, page, theme_id):
    theme = load_plan(ROOT / "plan").themes[theme_id]
    page.goto(f"{app_url}/thema?thema={theme_id}")
    page.get_by_role("heading", name=f"{theme.number}. {theme.name}").wait_for(timeout=20_000)
    if theme.opgaven:
        first = theme.opgaven[0]
        page.get_by_text(f"Opgave {first.id}: {first.title}", exact=False).first.wait_for(timeout=10_000)
    no_exception(page)
    page.screenshot(path=str(ARTIFACTS / f"thema-{theme_id}.png"), full_page=True)


def test_click_from_overview_into_a_theme(app_url, page):
    loaded = load_plan(ROOT / "plan")
    theme = loaded.themes[loaded.theme_ids[3]]
    page.goto(app_url)
    page.get_by_text(f"Naar {theme.name}", exact=True).click()
    page.get_by_role("heading", name=f"{theme.number}. {theme.name}").wait_for(timeout=20_000)
    url_has(page, f"thema={theme.id}")
    no_exception(page)


def test_broken_theme_file_shows_error_panel_and_the_rest(tmp_path, page):
    import shutil

    plan_dir = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "fixtures" / "plan-minimal", plan_dir)
    shutil.copy(ROOT / "tests" / "fixtures" / "bad" / "unknown-field.yaml", plan_dir / "zorg.yaml")
    with running_app(plan_dir) as url:
        page.goto(url)
        page.get_by_text("Het plan bevat 1 fout.").wait_for(timeout=20_000)
        page.get_by_text("zorg.yaml:7:5: opgaven[0].titel: unknown field 'titel'", exact=False).wait_for()
        page.get_by_text("Welzijn", exact=True).first.wait_for()
        no_exception(page)
        page.screenshot(path=str(ARTIFACTS / "foutpaneel.png"), full_page=True)


PAGE_HEADINGS = {"overzicht": "Regioplan Kennemerland", "thema": "1. Kwetsbare ouderen & multimorbide patiënten",
                 "indicator": None, "initiatieven": "Samenwerkingsinitiatieven", "werkagenda": "Werkagenda",
                 "datakwaliteit": "Datakwaliteit", "eigenaren": "Eigenaren", "rapportage": "Rapportage",
                 "export": "Kwartaalexport",
                 "methodiek": None}


@pytest.mark.parametrize("url_path", [url for _, _, _, url in PAGES])
def test_every_page_opens_with_its_content(app_url, page, url_path):
    # The first page is the app's root: it has no path of its own.
    page.goto(f"{app_url}/{'' if url_path == PAGES[0][3] else url_path}?kwartaal=2026-Q3")
    heading = PAGE_HEADINGS[url_path]
    if url_path == "indicator":
        first = next(i for t in load_plan(ROOT / "plan").themes.values() for i in t.indicators)
        heading = first.name
    if url_path == "methodiek":
        page.get_by_text("Methodiek voortgangsbepaling", exact=False).first.wait_for(timeout=20_000)
    else:
        page.get_by_role("heading", name=heading).first.wait_for(timeout=20_000)
    page.get_by_text("Demodata in gebruik.").wait_for()
    # The sidebar keeps the quarter from the link.
    assert page.get_by_role("combobox", name="Peildatum (kwartaal)").input_value() == "3e kwartaal 2026"
    page.wait_for_timeout(1500)  # let charts draw before the screenshot
    no_exception(page)
    page.screenshot(path=str(ARTIFACTS / f"pagina-{url_path}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the same page, for the eye
    try:
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / f"pagina-{url_path}-390.png"), full_page=True)
    finally:
        page.set_viewport_size({"width": 1400, "height": 2400})


def test_click_from_overview_into_theme_and_indicator_then_change_quarter(app_url, page):
    loaded = load_plan(ROOT / "plan")
    theme = loaded.themes["acute-zorg"]
    kpi = next(i for i in theme.indicators if i.id == "acute-zorg-hap-telefonische-bereikbaarheid")
    page.goto(f"{app_url}/?kwartaal=2026-Q3")
    page.get_by_text(f"Naar {theme.name}", exact=True).click()
    page.get_by_role("heading", name=f"{theme.number}. {theme.name}").wait_for(timeout=20_000)
    url_has(page, "thema=acute-zorg", "kwartaal=2026-Q3")
    page.get_by_role("link", name=kpi.name).first.click()
    page.get_by_role("heading", name=kpi.name).wait_for(timeout=20_000)
    url_has(page, f"kpi={kpi.id}")
    # Real HZK data (95% of calls answered within 30 seconds in 2024) is for the Spoedpost Haarlem only: it is an
    # area row, and the region as a whole has no measurement yet.
    page.get_by_text("Nog geen nulmeting en geen meting: geen gegevens.").wait_for()
    no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "klik-indicator.png"), full_page=True)

    # Change the quarter in the sidebar: the page and the link follow.
    page.get_by_role("combobox", name="Peildatum (kwartaal)").click()
    page.get_by_role("option", name="4e kwartaal 2024").click()
    page.get_by_text("stand 4e kwartaal 2024", exact=False).first.wait_for(timeout=20_000)
    url_has(page, "kwartaal=2024-Q4")
    no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "kwartaal-gewijzigd.png"), full_page=True)


def test_a_shared_link_opens_the_same_view(app_url, page):
    page.goto(f"{app_url}/thema?thema=mentale-gezondheid&kwartaal=2025-Q2")
    page.get_by_role("heading", name="2. Mentale gezondheid").wait_for(timeout=20_000)
    page.get_by_text("Stand van zaken: 2e kwartaal 2025 (peildatum 30-06-2025)").wait_for()
    no_exception(page)


def search(page, term: str) -> None:
    box = page.get_by_role("textbox", name="Zoeken")
    box.fill(term)
    box.press("Enter")


def test_search_finds_a_kpi_by_part_of_its_name(app_url, page):
    page.goto(f"{app_url}/?kwartaal=2025-Q2")
    page.get_by_role("heading", name="Regioplan Kennemerland").wait_for(timeout=20_000)
    search(page, "spoedtoets")
    page.get_by_role("link", name="spoedtoets", exact=False).first.click()
    page.get_by_role("heading", name="Telefonische bereikbaarheid HAP (spoedtoets binnen 30 seconden)").wait_for(
        timeout=20_000)
    url_has(page, "kpi=acute-zorg-hap-telefonische-bereikbaarheid", "kwartaal=2025-Q2")
    no_exception(page)


def test_search_finds_a_partner_by_another_spelling_and_filters_by_it(app_url, page):
    page.goto(app_url)
    page.get_by_role("heading", name="Regioplan Kennemerland").wait_for(timeout=20_000)
    search(page, "SG")
    link = page.get_by_role("link", name="Partner · Spaarne Gasthuis")
    link.wait_for(timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "zoeken.png"), full_page=True)
    link.click()
    page.get_by_role("heading", name="Samenwerkingsinitiatieven × doelen (19)").wait_for(timeout=20_000)
    url_has(page, "partner=Spaarne")
    no_exception(page)


def test_export_from_the_page_while_another_user_goes_on(app_url, page, tmp_path):
    import zipfile

    page.goto(f"{app_url}/export?kwartaal=2026-Q3")
    page.get_by_role("heading", name="Kwartaalexport").wait_for(timeout=20_000)
    for name in ["Grafieken als PNG (1600×900)", "Grafieken als SVG", "PDF-rapport", "PowerPoint (16:9)"]:
        page.get_by_role("button", name=f"Remove {name}").click()
    page.get_by_role("button", name="Export maken").click()
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:  # the export runs in a child process: a second user's page is served meanwhile
        other_page = other.new_page()
        other_page.goto(f"{app_url}/methodiek")
        other_page.get_by_role("heading", name="Methodiek voortgangsbepaling / Progress methodology").wait_for(
            timeout=20_000)
        no_exception(other_page)
    finally:
        other.close()
    page.get_by_text("2 bestanden klaar voor 2026-Q3.").wait_for(timeout=120_000)
    no_exception(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download (zip)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "regiomonitor-2026-Q3.zip"
    assert sorted(zipfile.ZipFile(target).namelist()) == ["regiomonitor-2026-Q3.html", "regiomonitor-2026-Q3.xlsx"]
    page.screenshot(path=str(ARTIFACTS / "export-klaar.png"), full_page=True)


def test_the_quarter_survives_every_sidebar_link(app_url, page):
    """Issue 16: pick 3e kwartaal 2025 on the Overzicht, then walk every page through the sidebar: each opens on
    that quarter, with it in the address."""
    page.goto(f"{app_url}/?kwartaal=2025-Q3")
    page.get_by_role("heading", name="Regioplan Kennemerland").wait_for(timeout=20_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    titles = [title for _, title, _, url in PAGES if url != "overzicht"]
    for title in [t if t != "Initiatieven" else "Samenwerkingsinitiatieven" for t in titles]:
        sidebar.get_by_role("link", name=title, exact=True).click()
        url_has(page, "kwartaal=2025-Q3")
        combobox = page.get_by_role("combobox", name="Peildatum (kwartaal)")
        combobox.wait_for(timeout=20_000)
        assert combobox.input_value() == "3e kwartaal 2025", title
        no_exception(page)


def test_an_unknown_quarter_in_a_link_says_so(app_url, page):
    page.goto(f"{app_url}/werkagenda?kwartaal=2031-Q5")
    page.get_by_text("Het kwartaal '2031-Q5' uit de link bestaat niet in dit dashboard", exact=False).wait_for(
        timeout=20_000)
    no_exception(page)


def test_the_overview_lists_every_unfavourable_kpi_at_the_default_quarter(app_url, page):
    """Issue 16: the steering group's minute. Every KPI the registry judges unfavourable at the quarter the
    dashboard opens on stands in the attention list, with whom to ask."""
    from datetime import date

    import polars as pl

    from regiomonitor.engine.progress import Progress
    from regiomonitor.engine.statuses import codes

    loaded = load_plan(ROOT / "plan")
    quarter = loaded.reporting_quarter(date.today())
    progress = Progress.build(loaded, ROOT / "data")
    status = progress.status(quarter.end)
    unfavourable = status.filter(pl.col("status_code").is_in(codes(judgement="unfavourable")))["name"].to_list()
    late = progress.actions(quarter.end).filter(pl.col("late")).height
    assert unfavourable  # the demo data has some
    page.goto(app_url)
    page.get_by_role("heading", name=f"Vraagt aandacht ({len(unfavourable) + late})").wait_for(timeout=20_000)
    attention = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Vraag het:").first.inner_text()
    for name in unfavourable:
        assert name in attention, name
    assert attention.count("Vraag het:") == len(unfavourable) + late
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_text("Ongunstig", exact=True).wait_for(timeout=20_000)
    assert page.get_by_text("Ongunstig", exact=True).bounding_box()["y"] < 844  # a status on a phone's first screen
    page.screenshot(path=str(ARTIFACTS / "overzicht-390.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_the_page_is_dutch_focus_is_visible_and_the_overview_prints_whole(app_url, page):
    """Issue 16: lang="nl"; a keyboard user sees where the focus is; a print of the Overzicht has no sidebar, its
    cards and charts stay whole, and it holds the whole page (not the part a scroll area shows)."""
    import io

    from pypdf import PdfReader

    page.goto(f"{app_url}/?kwartaal=2026-Q3")
    page.get_by_role("heading", name="Vraagt aandacht", exact=False).first.wait_for(timeout=20_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=20_000)
    page.wait_for_timeout(1000)  # the cards' bars
    assert page.evaluate("() => document.documentElement.lang") == "nl"
    page.get_by_role("combobox", name="Peildatum (kwartaal)").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                            "return [s.outlineStyle, s.outlineWidth]; }")
    assert outline == ["solid", "3px"]
    page.emulate_media(media="print")
    try:
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        cards = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stColumn\"] "
                              "[data-testid=\"stLayoutWrapper\"]')].filter(e => e.querySelector('h3'))"
                              ".map(e => getComputedStyle(e).breakInside)")
        assert len(cards) >= 6 and set(cards) == {"avoid"}
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.emulate_media(media="screen")
    (ARTIFACTS / "overzicht-afdruk.pdf").write_bytes(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Peildatum (kwartaal)" not in text and "Uitleg statussen" not in text  # the sidebar is not printed
    for theme in load_plan(ROOT / "plan").themes.values():
        assert theme.name in text, theme.name  # every card, down to the last
    assert "Het plan in getallen" in text
