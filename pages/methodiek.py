"""Methodiek: how statuses are determined (docs/methodology.md, our own text)."""

from pathlib import Path

import streamlit as st

from regiomonitor.app_state import page_frame

page_frame()
text = (Path(__file__).resolve().parent.parent / "docs" / "methodology.md").read_text(encoding="utf-8")
st.markdown(text.split("## English")[0])
with st.expander("English"):
    st.markdown(text.split("## English")[1])
