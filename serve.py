"""The dashboard as served: `streamlit run serve.py` (what `make dashboard` runs). The pages themselves are
app.py's; this adds the Dutch page and its stylesheet (ui/server.py)."""

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route

from ui.server import STYLESHEET_PATH, DutchPage, stylesheet

app = st.App("app.py", middleware=[Middleware(DutchPage)], routes=[Route(STYLESHEET_PATH, stylesheet)])
