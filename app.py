"""Regiomonitor dashboard: `streamlit run app.py`. Pages live in app_pages/; logic in the regiomonitor package.

The pages only read a prepared dashboard (regiomonitor/present/dashboard.py), so no session needs a data-frame
engine's thread pool on a page view. The pools are limited to one thread here, before Polars is first imported:
a plan's tables are small, and a pool that waits for the GIL while a script holds it is how sessions deadlocked
before (ARCHITECTURE.md, "Concurrency").
"""

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")

from ui.app_state import limit_thread_pools, run_app  # noqa: E402  (after the environment is set)

limit_thread_pools()
run_app()
