"""Methodiek: how statuses are determined (docs/methodology.md, our own text)."""

import streamlit as st

from ui.app_state import methodology, page_frame

page_frame()
dutch, english = methodology()
st.markdown(dutch)
with st.expander("English"):
    st.markdown(english)
