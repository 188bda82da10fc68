"""Regiomonitor dashboard: `streamlit run app.py`. Pages live in pages/; logic in the regiomonitor package."""

import streamlit as st

st.set_page_config(page_title="Regiomonitor", page_icon=":material/monitoring:", layout="wide")

overzicht = st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", url_path="overzicht", default=True)
thema = st.Page("pages/thema.py", title="Thema", icon=":material/folder_open:", url_path="thema")
st.navigation([overzicht, thema]).run()
