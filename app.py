"""Regiomonitor dashboard: `streamlit run app.py`. Pages live in pages/; logic in the regiomonitor package."""

import streamlit as st

st.set_page_config(page_title="Regiomonitor", page_icon="📊", layout="wide")

overzicht = st.Page("pages/overzicht.py", title="Overzicht", icon="🏠", url_path="overzicht", default=True)
thema = st.Page("pages/thema.py", title="Thema", icon="📂", url_path="thema")

st.navigation([overzicht, thema]).run()
