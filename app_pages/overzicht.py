"""Overzicht: the region, and per theme its ambitie and what the plan holds for it."""

import streamlit as st

from regiomonitor.core.formatting import period_range_nl
from regiomonitor.plan.model import Levels
from regiomonitor.present.charts import status_bar
from regiomonitor.present.views import theme_summary
from ui.app_state import (
    AS_OF_PARAM,
    chart,
    md,
    page_frame,
    plan_title,
    show_problems,
)
from ui.markup import counts_line, share_text, status_counts_markdown

loaded, progress, quarter = page_frame()
as_of = quarter.end
rollups = {row["theme"]: row for row in progress.rollup(as_of, "theme").iter_rows(named=True)}
changes = progress.changes(as_of)
plan = loaded.plan
levels = plan.levels if plan else Levels()

st.title(plan_title(loaded))
if plan:
    st.caption(md("Regio {} · looptijd {} · gemeenten: {}", plan.region, period_range_nl(plan.period.start, plan.period.end),
                  ", ".join(plan.municipalities)))
    if plan.subtitle:
        st.markdown(md("*{}*", plan.subtitle))
show_problems(loaded)
st.markdown(md("Stand van zaken: **{}** (peildatum {:%d-%m-%Y})", quarter.label, as_of))

summaries = [theme_summary(loaded.themes[t]) for t in loaded.theme_ids if t in loaded.themes]
totals = st.columns(5)
totals[0].metric(md("{}", levels.themes), len(loaded.theme_ids))
totals[1].metric(md("{}", levels.opgaven), sum(s.opgaven for s in summaries))
totals[2].metric(md("{}", levels.doelen), sum(s.doelen for s in summaries))
totals[3].metric(md("{}", levels.initiatives), sum(s.initiatives for s in summaries))
totals[4].metric(md("{}", levels.indicators), sum(s.indicators for s in summaries))

st.header(md("{}", levels.themes))
columns = st.columns(2)
for position, theme_id in enumerate(loaded.theme_ids):
    with columns[position % 2].container(border=True):
        theme = loaded.themes.get(theme_id)
        if theme is None:
            st.subheader(md("{}", theme_id))
            st.warning("Dit thema kon niet worden geladen: zie de fouten bovenaan de pagina.", icon=":material/warning:")
            continue
        summary = theme_summary(theme)
        st.subheader(md("{}. {}", summary.number, summary.name) if summary.number else md("{}", summary.name))
        st.markdown(md("**{}:** {}", levels.ambitie, summary.ambitie))
        st.markdown(counts_line(summary, levels))
        rollup = rollups.get(theme.id)
        st.markdown(share_text(rollup, levels))
        if rollup and rollup["indicators"]:
            chart(status_bar(rollup), config={"displayModeBar": False, "staticPlot": True}, key=f"bar-{theme.id}")
            st.markdown(status_counts_markdown(rollup))
        moved = changes.filter((changes["theme"] == theme.id) & changes["change"].is_in(["better", "worse"]))
        if moved.height:
            lines = [md("- :material/arrow_upward: {}: {} → {}" if c == "better" else
                        "- :material/arrow_downward: {}: {} → {}", n, p, s)
                     for n, p, s, c in moved.select("name", "previous_status", "status", "change").iter_rows()]
            with st.expander(md("Sinds vorig kwartaal: {} beter, {} slechter", moved.filter(moved["change"] == "better").height,
                                moved.filter(moved["change"] == "worse").height)):
                st.markdown(md("\n").join(lines))
        elif rollup and rollup["assessable"]:
            st.caption("Sinds vorig kwartaal: geen veranderingen in status.")
        notes = []
        if rollup and rollup["stale"]:
            notes.append(md(":violet-badge[:material/history: Verouderd: {}]", rollup["stale"]))
        if rollup and rollup["actions_late"]:
            notes.append(md(":red-badge[:material/schedule: Acties te laat: {} van {}]", rollup["actions_late"],
                            rollup["actions"]))
        if notes:
            st.markdown(md(" ").join(notes))
        st.page_link("app_pages/thema.py", label=md("Naar {}", summary.name), icon=":material/arrow_forward:",
                     query_params={"thema": theme.id, AS_OF_PARAM: quarter.code})

if plan and plan.guiding_principles:
    with st.expander("Leidende principes"):
        for principle in plan.guiding_principles:
            st.markdown(md("**{}** — {}", principle.name, principle.description or ""))
