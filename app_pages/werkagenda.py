"""Werkagenda: a timeline 2024–2026 per theme; late actions stand out."""

import streamlit as st

from regiomonitor.present.dashboard import ALL_THEMES
from ui.app_state import chart, md, page_frame

dash, quarter = page_frame()
loaded = dash.loaded
as_of = quarter.end
st.title(md("{}", loaded.plan.levels.actions) if loaded.plan else "Werkagenda")
theme_names = {t: theme.name for t, theme in loaded.themes.items()}
requested = st.query_params.get("thema")
choice = st.selectbox("Thema", [ALL_THEMES, *theme_names],
                      format_func=lambda t: "Alle thema's" if t == ALL_THEMES else theme_names[t],
                      index=([*theme_names].index(requested) + 1) if requested in theme_names else 0)
st.query_params["thema"] = choice
agenda = dash.agenda[quarter, choice]

st.markdown(md("Stand {}: **{}** van {} acties lopen achter (gestreept en rood in de tijdlijn).", quarter.label,
               agenda.late_count, agenda.total))
if agenda.timeline:
    short = {t: str(theme.number or t) for t, theme in loaded.themes.items()}
    st.caption(md("Labels beginnen met het themanummer: {}", " · ".join(f"{short[t]} {n}" for t, n in theme_names.items())))
    chart(agenda.timeline)

st.subheader("Acties die achterlopen")
st.dataframe(agenda.late, hide_index=True)
