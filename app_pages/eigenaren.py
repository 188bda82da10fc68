"""Eigenaren: per owner organisation or role, its KPI's and actions, and what needs attention."""

import streamlit as st

from regiomonitor.engine.statuses import attention_labels
from ui.app_state import md, page_frame

dash, quarter = page_frame()
st.title("Eigenaren")
owners = dash.owners[quarter]
st.caption(md("Stand {}. 'KPI's met aandacht': {}.", quarter.label, attention_labels()))
st.dataframe(owners.overview, hide_index=True)

for part in owners.owners:
    with st.expander(md("{}", part.owner)):
        if part.indicators is not None:
            st.markdown("**KPI's**")
            st.dataframe(part.indicators, hide_index=True)
        if part.actions is not None:
            st.markdown("**Acties**")
            st.dataframe(part.actions, hide_index=True)
