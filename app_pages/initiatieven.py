"""Initiatieven: initiatives × doelen across all themes, the blind spots, and who takes part in what."""

import streamlit as st

from regiomonitor.present.initiative_view import (
    DIRECT,
    VIA_OPGAVE,
    filter_rows,
    initiatives_without_doel,
    matrix,
    partners,
    unserved_doelen,
)
from ui.app_state import md, page_frame

dash, quarter = page_frame()
loaded = dash.loaded
levels = loaded.plan.levels if loaded.plan else None
st.title("Samenwerkingsinitiatieven")
rows = dash.initiatives
theme_names = {t: theme.name for t, theme in loaded.themes.items()}

left, middle, right = st.columns(3)
requested = [t for t in st.query_params.get_all("thema") if t in theme_names]
themes = left.multiselect("Thema", list(theme_names), default=requested, format_func=theme_names.get,
                          placeholder="Alle thema's")
st.query_params["thema"] = themes
statuses = middle.multiselect("Status", sorted({r.status for r in rows}), placeholder="Alle statussen")
partner = right.selectbox("Partner", sorted({p for r in rows for p in r.partners}, key=str.lower), index=None,
                          placeholder="Alle partners")
selected = filter_rows(rows, themes, statuses, partner)

st.subheader(md("Initiatieven × doelen ({} initiatieven)", len(selected)))
st.caption(md("{} draagt bij aan dit doel · {} draagt bij aan de hele opgave waar dit doel onder valt (het plan noemt daar "
              "geen afzonderlijk doel). Kolommen: thema/doel.", DIRECT, VIA_OPGAVE))
st.dataframe(matrix(dash.index, selected), hide_index=True)

blind, loose = st.columns(2)
with blind:
    st.subheader("Witte vlekken: doelen zonder initiatief")
    unserved = unserved_doelen(loaded, dash.index, themes)
    st.caption(md("{} doelen waar geen enkel initiatief aan bijdraagt, ook niet via de opgave.", unserved.num_rows))
    st.dataframe(unserved, hide_index=True)
with loose:
    st.subheader("Initiatieven zonder doel")
    st.dataframe(initiatives_without_doel(selected), hide_index=True)

st.subheader("Partners en hun initiatieven")
st.dataframe(partners(selected), hide_index=True)
