"""The minimal Streamlit page bench/browser.py compares the Overzicht with: a title, a line of text, a select box."""

import streamlit as st

st.title("Minimale pagina")
st.write("Een regel tekst, om de Overzicht-pagina mee te vergelijken.")
st.selectbox("Kwartaal", ["3e kwartaal 2026", "2e kwartaal 2026", "1e kwartaal 2026"])
