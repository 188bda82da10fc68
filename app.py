"""Regiomonitor dashboard: `streamlit run app.py`. Pages live in pages/; logic in the regiomonitor package."""

import streamlit as st

st.set_page_config(page_title="Regiomonitor", page_icon=":material/monitoring:", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", url_path="overzicht", default=True),
    st.Page("pages/thema.py", title="Thema", icon=":material/folder_open:", url_path="thema"),
    st.Page("pages/indicator.py", title="KPI", icon=":material/show_chart:", url_path="indicator"),
    st.Page("pages/initiatieven.py", title="Initiatieven", icon=":material/handshake:", url_path="initiatieven"),
    st.Page("pages/werkagenda.py", title="Werkagenda", icon=":material/event:", url_path="werkagenda"),
    st.Page("pages/datakwaliteit.py", title="Datakwaliteit", icon=":material/fact_check:", url_path="datakwaliteit"),
    st.Page("pages/eigenaren.py", title="Eigenaren", icon=":material/groups:", url_path="eigenaren"),
    st.Page("pages/methodiek.py", title="Methodiek", icon=":material/menu_book:", url_path="methodiek"),
]
st.navigation(PAGES).run()
