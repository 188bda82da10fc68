"""What pages and reports show, as data: tables, figures, texts; no Streamlit."""
