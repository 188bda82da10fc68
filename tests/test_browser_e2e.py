"""The dashboard as a user sees it: real app, real Chromium, the real plan; a screenshot per page."""

import pytest

from regiomonitor.plan import load_plan
from tests.browser import ARTIFACTS, ROOT, browser_page, chromium_path, running_app

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


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()


def test_overview_shows_region_and_all_themes(app_url, page):
    page.goto(app_url)
    page.get_by_role("heading", name="Regioplan Kennemerland").wait_for(timeout=20_000)
    loaded = load_plan(ROOT / "plan")
    for theme in loaded.themes.values():
        page.get_by_text(f"{theme.number}. {theme.name}", exact=True).first.wait_for(timeout=10_000)
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
    assert f"thema={theme.id}" in page.url
    no_exception(page)


def test_broken_theme_file_shows_error_panel_and_the_rest(tmp_path, page):
    import shutil

    plan_dir = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "fixtures" / "plan-minimal", plan_dir)
    shutil.copy(ROOT / "tests" / "fixtures" / "bad" / "unknown-field.yaml", plan_dir / "zorg.yaml")
    with running_app(plan_dir) as url:
        page.goto(url)
        page.get_by_text("Het plan bevat 1 fout(en).").wait_for(timeout=20_000)
        page.get_by_text("zorg.yaml:7:5: opgaven[0].titel: unknown field 'titel'", exact=False).wait_for()
        page.get_by_text("Welzijn", exact=True).first.wait_for()
        no_exception(page)
        page.screenshot(path=str(ARTIFACTS / "foutpaneel.png"), full_page=True)
