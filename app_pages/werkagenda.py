"""Werkagenda: a timeline 2024–2026 per theme; late actions stand out."""

import polars as pl
import streamlit as st

from regiomonitor.core.formatting import period_range_nl
from regiomonitor.present.charts import gantt
from regiomonitor.present.quality_view import gantt_frame, with_theme_names
from ui.app_state import chart, md, page_frame

loaded, progress, quarter = page_frame()
as_of = quarter.end
st.title(md("{}", loaded.plan.levels.actions) if loaded.plan else "Werkagenda")
theme_names = {t: theme.name for t, theme in loaded.themes.items()}
requested = st.query_params.get("thema")
choice = st.selectbox("Thema", ["alle", *theme_names], format_func=lambda t: "Alle thema's" if t == "alle" else theme_names[t],
                      index=([*theme_names].index(requested) + 1) if requested in theme_names else 0)
st.query_params["thema"] = choice
actions = progress.actions(as_of)
if choice != "alle":
    actions = actions.filter(actions["theme"] == choice)

late = actions.filter(actions["late"])
st.markdown(md("Stand {}: **{}** van {} acties lopen achter (gestreept en rood in de tijdlijn).", quarter.label,
               late.height, actions.height))
if actions.height:
    start = loaded.plan.period.start.start if loaded.plan else actions["start_end"].min()
    end = loaded.plan.period.end.end if loaded.plan else actions["end_end"].max()
    short = {t: str(theme.number or t) for t, theme in loaded.themes.items()}
    st.caption(md("Labels beginnen met het themanummer: {}", " · ".join(f"{short[t]} {n}" for t, n in theme_names.items())))
    chart(gantt(gantt_frame(actions, short), start, end, as_of))

st.subheader("Acties die achterlopen")
table = with_theme_names(late.select(
    late["theme"].alias("Thema"), late["title"].alias("Actie"),
    late["status"].alias("Status"), late["reported_status"].alias("Gerapporteerd"),
), loaded)
periods = [period_range_nl(s, e) for s, e in zip(late["start"], late["end"])]
st.dataframe(table.with_columns(pl.Series("Periode", periods, dtype=pl.String)), hide_index=True)
