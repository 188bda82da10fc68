"""Eigenaren: per owner organisation or role, its KPI's and actions, and what needs attention."""

import polars as pl
import streamlit as st

from regiomonitor.engine.statuses import attention_labels
from regiomonitor.present.quality_view import NO_OWNER, owner_overview, with_theme_names
from ui.app_state import md, page_frame

loaded, progress, quarter = page_frame()
as_of = quarter.end
st.title("Eigenaren")
status, actions = progress.status(as_of), progress.actions(as_of)
overview = owner_overview(loaded, status, actions)
st.caption(md("Stand {}. 'KPI's met aandacht': {}.", quarter.label, attention_labels()))
st.dataframe(overview, hide_index=True)

owners = {ind.id: ind.owner or NO_OWNER for t in loaded.themes.values() for ind in t.indicators}
kpis = status.with_columns(pl.col("indicator").replace_strict(owners, default=NO_OWNER).alias("owner"))
acts = actions.with_columns(pl.col("owner").fill_null(NO_OWNER))
for owner in overview["Eigenaar"].to_list():
    with st.expander(md("{}", owner)):
        mine = kpis.filter(pl.col("owner") == owner)
        if mine.height:
            st.markdown("**KPI's**")
            st.dataframe(with_theme_names(mine.select(pl.col("name").alias("KPI"), pl.col("theme").alias("Thema"),
                                                      pl.col("status").alias("Status")), loaded), hide_index=True)
        mine = acts.filter(pl.col("owner") == owner)
        if mine.height:
            st.markdown("**Acties**")
            st.dataframe(with_theme_names(mine.select(pl.col("title").alias("Actie"), pl.col("theme").alias("Thema"),
                                                      pl.col("status").alias("Status")), loaded), hide_index=True)
