"""The one module of the package that knows Streamlit: cached plan loading and shared page parts.

The plan is re-read when any plan file changes (the cache key is the files' modification times),
so an edited YAML file shows up on the next page view without restarting the app.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from regiomonitor.formatting import md_escape
from regiomonitor.locations import plan_dir
from regiomonitor.plan import LoadedPlan, load_plan


def _fingerprint(directory: Path) -> tuple:
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.glob("*.yaml")))
    except OSError:
        return ()


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str, fingerprint: tuple) -> LoadedPlan:
    return load_plan(Path(directory))


def current_plan() -> LoadedPlan:
    directory = plan_dir()
    return _load(str(directory), _fingerprint(directory))


def show_problems(loaded: LoadedPlan, files: set[str] | None = None) -> None:
    """A readable error panel: file, line and message per problem; no stack traces."""
    errors = [p for p in loaded.errors if files is None or p.file in files]
    if not errors:
        return
    with st.container(border=True):
        st.error(f"**Het plan bevat {len(errors)} fout(en).** Onderdelen met fouten worden niet getoond; "
                 "de rest van het plan wel. Herstel de bestanden hieronder (bestand:regel:kolom).", icon=":material/error:")
        st.code("\n".join(str(p) for p in errors), language=None, wrap_lines=True)


def plan_title(loaded: LoadedPlan) -> str:
    return md_escape(loaded.plan.title) if loaded.plan else "Regiomonitor"
