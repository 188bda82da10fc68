"""The Streamlit dashboard's glue: the only code that imports Streamlit, besides app.py and app_pages/."""
