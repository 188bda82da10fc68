"""Eigenaren: per owner organisation or role, its KPI's and actions, and what needs attention."""

import streamlit as st

from regiomonitor.engine.statuses import attention_labels
from regiomonitor.present.words import in_words
from ui.app_state import md, page_frame

dash, quarter = page_frame()
st.title("Eigenaren")
owners, words = dash.owners[quarter], dash.words
if words.has_indicators:
    st.caption(md("Stand {}. '{} met aandacht': {}.", quarter.label, words.indicators, attention_labels()))
st.dataframe(in_words(words, owners.overview), hide_index=True)

for part in owners.owners:
    with st.expander(md("{}", part.owner)):
        if part.indicators is not None:
            st.markdown(md("**{}**", words.indicators))
            st.dataframe(in_words(words, part.indicators), hide_index=True)
        if part.actions is not None:
            st.markdown(md("**{}**", words.actions))
            st.dataframe(in_words(words, part.actions), hide_index=True)
