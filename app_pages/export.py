"""Export: the quarterly committee pack as one zip download (charts, PDF, PPTX, XLSX, HTML)."""

import tempfile
import time
from pathlib import Path

import streamlit as st

from regiomonitor.core.locations import data_dir
from regiomonitor.export import zip_bytes
from regiomonitor.export.child import export_in_child, progress_text
from regiomonitor.export.formats import BY_CODE, FORMATS, IMAGE_FORMATS
from regiomonitor.export.images import MISSING_BROWSER, browser_available
from ui.app_state import md, page_frame

dash, quarter = page_frame()
loaded = dash.loaded
as_of = quarter.end
st.title("Kwartaalexport")
words = dash.words
st.caption(md("{}: grafieken voor de eigen slides, een rapport om rond te sturen en de cijfers erachter. Het kwartaal "
              "is de peildatum in de zijbalk.",
              f"Voor de {words.committee}" if words.committee else "Voor de kwartaalrapportage"))
st.markdown(md("Kwartaal: **{}** (peildatum {:%d-%m-%Y})", quarter.label, as_of))

names = {t: theme.name for t, theme in loaded.themes.items()}
themes = st.multiselect(md("{}", words.themes), list(names), format_func=names.get,
                        placeholder=f"Alle {words.themes_mid}")
formats = st.multiselect("Formaten", list(FORMATS), default=list(FORMATS), format_func=lambda code: BY_CODE[code].label)
if not browser_available() and IMAGE_FORMATS & set(formats):
    st.warning(md("{}", MISSING_BROWSER), icon=":material/warning:")

if loaded.errors:
    st.error("Het plan bevat fouten: herstel die eerst (zie het Overzicht).", icon=":material/error:")
elif st.button("Export maken", type="primary", icon=":material/package_2:", disabled=not formats):
    bar = st.progress(0.0, text="De export wordt voorbereid…")
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=md("{}", progress_text(done, total, time.monotonic() - started)))

    with tempfile.TemporaryDirectory() as folder:
        # made by `regiomonitor export` in its own process: a long job that would otherwise hold this one
        result = export_in_child(loaded.directory, data_dir(), quarter.code, Path(folder), themes or None,
                                 tuple(formats), progress=show)
        bar.empty()
        if result.error:
            st.session_state.pop("export_zip", None)
            st.error(md("{}", result.error), icon=":material/error:")
        else:
            st.session_state["export_zip"] = (zip_bytes(result.files, Path(folder)), len(result.files),
                                              quarter.code, result.messages, tuple(themes), tuple(formats))
made = st.session_state.get("export_zip")
if made and made[2:3] + made[4:] != (quarter.code, tuple(themes), tuple(formats)):
    made = None  # made for another quarter, other themes or formats: never offered for the ones shown
if made:
    content, count, quarter, messages = made[:4]
    for message in messages:
        st.warning(md("{}", message), icon=":material/warning:")
    st.success(md("{} bestanden klaar voor {}.", count, quarter), icon=":material/check:")
    st.download_button("Download (zip)", content, file_name=f"regiomonitor-{quarter}.zip", mime="application/zip",
                       icon=":material/download:")
