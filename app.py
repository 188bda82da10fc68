"""Regiomonitor dashboard: `streamlit run app.py`. Pages live in pages/; logic in the regiomonitor package."""

from ui.app_state import run_app

run_app()
