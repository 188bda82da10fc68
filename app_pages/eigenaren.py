"""Eigenaren: per owner organisation or role, its KPI's and actions, and what needs attention. A link (a search hit)
may name an owner (`eigenaar`): that owner's part is opened and marked."""

import streamlit as st

from regiomonitor.engine.statuses import attention_labels
from regiomonitor.present.words import in_words
from ui.app_state import linked_item, md, page_frame

dash, quarter = page_frame()
st.title("Eigenaren")
owners, words = dash.owners[quarter], dash.words
if words.has_indicators:
    st.caption(md("Stand {}. '{} met aandacht': {}.", quarter.label, words.indicators, attention_labels()))
st.dataframe(in_words(words, owners.overview), hide_index=True)

asked = linked_item("eigenaar", {part.owner for part in owners.owners}, "eigenaar")
for part in owners.owners:
    label = md("{}", part.owner)
    if part.owner == asked:
        label = md(":violet-background[:material/search: {}]", label)
    with st.expander(label, expanded=part.owner == asked):
        if part.indicators is not None:
            st.markdown(md("**{}**", words.indicators))
            st.dataframe(in_words(words, part.indicators), hide_index=True)
        if part.actions is not None:
            st.markdown(md("**{}**", words.actions))
            st.dataframe(in_words(words, part.actions), hide_index=True)
