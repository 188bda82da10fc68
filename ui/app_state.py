"""The dashboard's glue with Streamlit: the prepared dashboard, cached per data version, and shared page parts.

The plan, the snapshot and the prepared dashboard are rebuilt when any plan or data file changes (the cache key
is the files' names, modification times and sizes), so an edited file shows up on the next page view without
restarting the app; the loaded plan is kept apart, so a change in the data alone does not read the YAML again.

The output boundaries of the dashboard are here too: `md` (from safetext) builds every markdown string a page
renders, `chart` is the only way a figure reaches the browser (through safetext.safe_figure), and `run_app`
turns a page that fails into a plain error panel while the navigation and the other pages go on.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from datetime import date
from pathlib import Path

# plotly and Streamlit import pandas lazily; two sessions doing that at the same moment made plotly see a
# half-imported pandas (found by bench/load.py). Importing it here, once, under Python's import lock, prevents it.
import pandas  # noqa: F401
import streamlit as st

from regiomonitor.core.formatting import count_nl
from regiomonitor.core.locations import data_dir, plan_dir
from regiomonitor.core.periods import Quarter
from regiomonitor.core.problems import shown_relative
from regiomonitor.core.safetext import Markdown, SafeFigure, md, md_lines, safe_figure  # noqa: F401  (md_lines: for the pages)
from regiomonitor.data.sources import DEMO_NOTICE
from regiomonitor.data.versions import DATA_FILES, PLAN_FILES
from regiomonitor.engine.progress import Progress
from regiomonitor.engine.snapshot import build_snapshot
from regiomonitor.engine.statuses import STALE
from regiomonitor.plan.load import LoadedPlan, load_plan
from regiomonitor.present.dashboard import Dashboard, build_dashboard
from regiomonitor.present.search import rank
from regiomonitor.present.words import words_of
from ui.markup import marker_badge, status_badge

AS_OF_PARAM = "kwartaal"
ICON = Path(__file__).resolve().parent.parent / "assets" / "regiomonitor.svg"
log = logging.getLogger("regiomonitor")
if not log.handlers and not logging.getLogger().handlers:  # Streamlit sets up only its own loggers
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)


def _fingerprint(directory: Path, patterns: tuple[str, ...]) -> tuple:
    """Name, time and size of the files the loaders read (versions.PLAN_FILES, DATA_FILES): no recursive glob, which
    would follow a link such as plan/toelichting -> / through the whole file system on every page view. An entry
    that cannot be stat'ed (a dangling link) counts by its own entry, so one broken file does not hide changes in
    the others."""
    entries = []
    for path in (p for pattern in patterns for p in directory.glob(pattern)):
        try:
            info = path.stat()
        except OSError:
            try:
                info = path.lstat()
            except OSError:
                continue
        entries.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(sorted(entries))


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str, fingerprint: tuple) -> LoadedPlan:
    return load_plan(Path(directory))


@st.cache_resource(show_spinner=False, max_entries=4)
def _dashboard(plan_directory: str, data_directory: str, fingerprint: tuple, last: Quarter) -> Dashboard:
    """Built once per data version (and once a quarter, when a new quarter completes); every session reads it.
    Streamlit builds a cache entry in one thread while the others asking for the same entry wait for it."""
    progress = Progress.build(_load(plan_directory, fingerprint[0]), Path(data_directory))
    return build_dashboard(build_snapshot(progress, last))


@st.cache_resource(show_spinner=False, max_entries=32)
def _plan_changes(plan_directory: str, data_directory: str, quarter: Quarter, plan_files: tuple) -> tuple[str, ...] | None:
    from regiomonitor.commands.plan_history import quarter_plan_changes

    found = quarter_plan_changes(Path(plan_directory), Path(data_directory), quarter)
    return None if found is None else tuple(found)


def plan_changes(quarter: Quarter) -> tuple[str, ...] | None:
    """What changed in the plan during `quarter` (git history), worked out once per quarter and version of the
    plan files (the fingerprint every page view takes anyway; no git call on a page view): it reads two revisions
    of the plan, too slow to do for every quarter when the dashboard is built."""
    plans = plan_dir()
    return _plan_changes(str(plans), str(data_dir()), quarter, _fingerprint(plans, PLAN_FILES))


def current_dashboard() -> Dashboard:
    plans, data = plan_dir(), data_dir()
    fingerprint = (_fingerprint(plans, PLAN_FILES), _fingerprint(data, DATA_FILES))
    return _dashboard(str(plans), str(data), fingerprint, Quarter.last_complete(date.today()))


def as_of_selector(dash: Dashboard) -> Quarter:
    """The as-of quarter in the sidebar (default: the last complete quarter, or the plan period's last quarter when
    the plan has ended), kept in the URL."""
    options = list(dash.quarters)
    codes = [q.code for q in options]
    requested = st.query_params.get(AS_OF_PARAM)
    default = dash.loaded.reporting_quarter(date.today()).code
    if requested is not None and requested not in codes:
        st.warning(md("Het kwartaal '{}' uit de link bestaat niet in dit dashboard (het loopt van {} tot en met {}); "
                      "getoond wordt {}.", requested, options[0].label, options[-1].label,
                      next((q for q in options if q.code == default), options[-1]).label), icon=":material/warning:")
    index = codes.index(requested) if requested in codes else codes.index(default) if default in codes else len(codes) - 1
    chosen = st.sidebar.selectbox("Peildatum (kwartaal)", options, index=index, format_func=lambda q: q.label,
                                  key="as_of_quarter", help="De stand van zaken aan het einde van dit kwartaal.")
    st.query_params[AS_OF_PARAM] = chosen.code
    return chosen


PAGES = [  # (file, title, icon, url path)
    ("app_pages/overzicht.py", "Overzicht", "dashboard", "overzicht"),
    ("app_pages/thema.py", "Thema", "folder_open", "thema"),
    ("app_pages/indicator.py", "KPI", "show_chart", "indicator"),
    ("app_pages/initiatieven.py", "Initiatieven", "handshake", "initiatieven"),
    ("app_pages/werkagenda.py", "Werkagenda", "event", "werkagenda"),
    ("app_pages/datakwaliteit.py", "Datakwaliteit", "fact_check", "datakwaliteit"),
    ("app_pages/eigenaren.py", "Eigenaren", "groups", "eigenaren"),
    ("app_pages/rapportage.py", "Rapportage", "assignment", "rapportage"),
    ("app_pages/export.py", "Export", "download", "export"),
    ("app_pages/methodiek.py", "Methodiek", "menu_book", "methodiek"),
]
# (url path, milliseconds) of the last page runs in this process, for bench/pages.py.
PAGE_LOG = os.environ.get("REGIOMONITOR_PAGE_LOG")
PAGE_TIMES: deque[tuple[str, float]] = deque(maxlen=1000)


def auth_configured() -> bool:
    """True when the deployment configures OpenID Connect: an [auth] section in .streamlit/secrets.toml."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answering False
        return False


def require_login() -> None:
    """With login configured, nobody sees anything of the plan before logging in (st.login, OpenID Connect).
    Without it, the app runs open, as it does on localhost."""
    if not auth_configured():
        return
    if st.user.get("is_logged_in"):  # a Mapping; test sessions have no such key
        st.sidebar.caption(md("Ingelogd als {}", st.user.get("name") or st.user.get("email") or ""))
        st.sidebar.button("Uitloggen", on_click=st.logout, icon=":material/logout:")
        return
    st.title("Regiomonitor")
    st.info("Log in om het dashboard van het regioplan te zien.", icon=":material/lock:")
    providers = [k for k, v in st.secrets["auth"].items() if isinstance(v, dict)]
    st.button("Inloggen", type="primary", icon=":material/login:", on_click=st.login,
              args=(providers[0],) if len(providers) == 1 else ())
    st.stop()


def limit_thread_pools() -> None:
    """One thread for pyarrow's compute and I/O pools (Polars reads POLARS_MAX_THREADS, set in app.py; DuckDB's
    connection is made with one thread in engine/db.py)."""
    import pyarrow

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)


PAGE_FAILED = ("**Deze pagina kon niet (helemaal) worden getoond** door een onverwachte fout. De fout is vastgelegd "
               "in het logboek van de server. De andere pagina's werken gewoon; meld het aan de beheerder van het "
               "dashboard als het zo blijft.")


def run_app() -> None:
    """Set up the pages with st.navigation and run the one the URL asks for (after the login, if configured).

    The icon is a file of our own, sent inline: a Material icon as favicon made every page fetch it from
    Google's font server, which tells a third party who opens the dashboard and fails on a closed network."""
    st.set_page_config(page_title="Regiomonitor", page_icon=ICON, layout="wide")
    require_login()
    titles, shown = navigation_words()
    pages = [st.Page(path, title=titles.get(url, title), icon=f":material/{icon}:", url_path=url, default=(n == 0))
             for n, (path, title, icon, url) in enumerate(PAGES) if shown.get(url, True)]
    # Streamlit's own sidebar menu drops the URL's parameters on every click, and with them the quarter: the
    # menu is drawn by page_frame instead, as links that carry the quarter.
    page = st.navigation(pages, position="hidden")
    st.session_state["navigation_pages"] = pages
    started = time.perf_counter()
    try:
        run_page(page)
    finally:
        done = time.perf_counter()
        PAGE_TIMES.append((page.url_path or PAGES[0][3], 1000 * (done - started)))
        if PAGE_LOG:  # bench/load.py reads the server's own page times from here
            with open(PAGE_LOG, "a", encoding="utf-8") as log:
                log.write(f"{PAGE_TIMES[-1][0]}\t{PAGE_TIMES[-1][1]:.1f}\n")


def navigation_words() -> tuple[dict[str, str], dict[str, bool]]:
    """The pages named by the plan's own levels, and a page for a level the plan does not have left out (while
    the plan cannot be read at all, every page stays, so that each can say so)."""
    plans = plan_dir()
    loaded = _load(str(plans), _fingerprint(plans, PLAN_FILES))
    words = words_of(loaded)
    titles = {"thema": words.theme, "indicator": words.indicator, "initiatieven": words.initiatives,
              "werkagenda": words.agenda}
    if not loaded.themes or loaded.errors:  # a theme that could not be read may hold the level
        return titles, {}
    return titles, {"indicator": words.has_indicators, "initiatieven": words.has_initiatives,
                    "werkagenda": words.has_actions}


def run_page(page) -> None:
    """The page boundary: a page that raises shows a plain Dutch panel, and the traceback goes to the server's
    log only (an exception text can quote file content). What the page drew before stays, and so do the
    navigation and the sidebar. Streamlit's st.stop, st.rerun and st.switch_page are BaseExceptions, not
    Exceptions, and pass through untouched."""
    try:
        page.run()
    except Exception:
        log.exception("page %r failed", page.url_path or PAGES[0][3])
        st.error(PAGE_FAILED, icon=":material/error:")


def chart(fig, key: str | None = None, config: dict | None = None) -> None:
    """The only way a figure reaches the browser: Plotly renders its own tags in every label (`<a href>` is a
    live link), so each figure passes safetext.safe_figure here, once, whatever chart built it; a figure the
    dashboard prepared (SafeFigure) has been through it already."""
    from regiomonitor.present.charts import PLOTLY_CONFIG

    shown = fig.figure if isinstance(fig, SafeFigure) else safe_figure(fig)
    st.plotly_chart(shown, key=key, config=PLOTLY_CONFIG if config is None else config)


def page_frame() -> tuple[Dashboard, Quarter]:
    """What every page starts with: the prepared dashboard, the as-of quarter, search and the status legend in
    the sidebar and, when demo data is in use, the banner that says so. (The pages live in app_pages/, not
    pages/: Streamlit's legacy multipage mode never runs one on its own.)"""
    dash = current_dashboard()
    menu = st.sidebar.container()
    quarter = as_of_selector(dash)
    with menu:
        for page in st.session_state.get("navigation_pages", ()):
            st.page_link(page, query_params={AS_OF_PARAM: quarter.code})
    search_box(dash, quarter)
    status_legend(dash)
    demo_banner(dash)
    return dash, quarter


SEARCH_PAGES = {  # what a search hit opens: (page, icon); the hit's own parameters say where on the page
    "kpi": ("app_pages/indicator.py", "show_chart"),
    "doel": ("app_pages/thema.py", "flag"),
    "initiative": ("app_pages/initiatieven.py", "handshake"),
    "partner": ("app_pages/initiatieven.py", "apartment"),
    "action": ("app_pages/werkagenda.py", "event"),
    "owner": ("app_pages/eigenaren.py", "person"),
}
SEARCH_SHOWN = 12


def search_box(dash: Dashboard, quarter: Quarter) -> None:
    """Type part of a name: the best matches (present/search.rank: the whole name, then its start or a word's
    start, then anywhere in it) are links that open their page at the item found, in the same quarter."""
    words = dash.words
    levels = [(words.has_indicators, words.indicator_mid), (words.has_doelen, words.doel_mid),
              (words.has_initiatives, words.initiative_mid), (words.has_initiatives, "partner"),
              (words.has_actions, words.action_mid), (True, "eigenaar")]
    named = [name for has, name in levels if has]
    looked_for = f"{', '.join(named[:-1])} of {named[-1]}" if len(named) > 1 else named[0]
    term = st.sidebar.text_input("Zoeken", key="search", max_chars=200, placeholder=f"Zoek een {looked_for}…")
    if not term.strip():
        return
    found, total = rank(dash.search, term, SEARCH_SHOWN)
    if not found:
        st.sidebar.caption(md("Niets gevonden voor ‘{}’.", term))
        return
    for entry in found:
        page, icon = SEARCH_PAGES[entry.kind]
        st.sidebar.page_link(page, label=md("{}", entry.label), icon=f":material/{icon}:",
                             query_params={**dict(entry.params), AS_OF_PARAM: quarter.code})
    if total > len(found):
        st.sidebar.caption(md("En nog {} meer: typ meer van de naam.", total - len(found)))


def linked_item(param: str, items, noun: str):
    """The item a link names in `param` (looked up in `items`, a mapping or a set), or None. A name the plan no
    longer has says so, once, in the same words on every page that lands on an item."""
    asked = st.query_params.get(param)
    if not asked:
        return None
    found = (asked if asked in items else None) if isinstance(items, (set, frozenset)) else items.get(asked)
    if found is None:
        st.warning(md("'{}' uit de link is geen {} (meer) in het plan.", asked, noun), icon=":material/link_off:")
    return found


def status_legend(dash: Dashboard) -> None:
    """Every status once, with its meaning in the plan's own thresholds (prepared), and the stale marker."""
    with st.sidebar.expander("Uitleg statussen"):
        # One element for the whole list: it is drawn with every page view, and each element costs its share.
        lines = [md("{} {}", status_badge(code), meaning) for code, meaning in dash.legend]
        st.markdown(md("  \n").join([*lines, md("{} {}", marker_badge(STALE), STALE.meaning)]))
        if not dash.thresholds_uniform:
            st.caption(md("Sommige {} hebben eigen drempels voor R; hun uitleg noemt ze.", dash.words.indicators_mid))
        st.page_link("app_pages/methodiek.py", label="Hoe de status wordt bepaald", icon=":material/menu_book:")


def demo_banner(dash: Dashboard) -> None:
    if dash.snapshot.measurements.demo_in_use:
        st.warning(md("**Demodata in gebruik.** {}", DEMO_NOTICE), icon=":material/science:")


def show_problems(loaded: LoadedPlan, files: set[str] | None = None) -> None:
    """A readable error panel: file, line and message per problem; no stack traces."""
    errors = [p for p in loaded.errors if files is None or p.file in files]
    if not errors:
        return
    with st.container(border=True):
        st.error(md("**Het plan bevat {}.** Onderdelen met fouten worden niet getoond; de rest van het plan "
                    "wel. Herstel de bestanden hieronder (bestand:regel:kolom).", count_nl(len(errors), "fout", "fouten")),
                 icon=":material/error:")
        st.code("\n".join(str(shown_relative(p)) for p in errors), language=None, wrap_lines=True)


def methodology() -> tuple[Markdown, Markdown]:
    """docs/methodology.md in Dutch and in English. It is a document of the repository, reviewed like code,
    so its Markdown is ours and rendered as written (unlike any text from the plan or the data)."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "methodology.md").read_text(encoding="utf-8")
    dutch, english = text.split("## English", 1)
    return Markdown(dutch), Markdown(english)


def plan_title(loaded: LoadedPlan) -> Markdown:
    return md("{}", loaded.plan.title if loaded.plan else "Regiomonitor")
