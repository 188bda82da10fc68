"""Initiatieven: initiatives × doelen across all themes, the blind spots, and who takes part in what.

A link (a search hit) may name an initiative (`initiatief`: shown first, highlighted) or a partner (`partner`: the
filter set to it, in any of its spellings)."""

import streamlit as st

from regiomonitor.present.initiative_view import (
    DIRECT,
    VIA_OPGAVE,
    filter_rows,
    initiatives_without_doel,
    matrix,
    partners,
    unserved_doelen,
)
from regiomonitor.present.words import in_words
from ui.app_state import linked_item, md, page_frame

dash, quarter = page_frame()
loaded = dash.loaded
words = dash.words
st.title(md("{}", words.initiatives))
rows = dash.initiatives
theme_names = {t: theme.name for t, theme in loaded.themes.items()}

found = linked_item("initiatief", dash.initiatives_by_id, words.initiative_mid)
if found is not None:
    with st.container(border=True):
        st.markdown(md(":violet-background[:material/search: **{}**]  \n{} · {}", found.name, found.theme_name,
                       found.status))
        if found.aim:
            st.markdown(md("_{}_", found.aim))
        serves = list(found.doelen) + [f"{o} (hele {words.opgave_mid})" for o in found.opgaven]
        st.markdown(md("**Partners:** {}  \n**Draagt bij aan:** {}", ", ".join(found.partners) or "–",
                       ", ".join(serves) or (found.gap or "–")))

left, middle, right = st.columns(3)
requested = [t for t in st.query_params.get_all("thema") if t in theme_names]
themes = left.multiselect(md("{}", words.theme), list(theme_names), default=requested, format_func=theme_names.get,
                          placeholder=f"Alle {words.themes_mid}")
st.query_params["thema"] = themes
statuses = middle.multiselect("Status", sorted({r.status for r in rows}), placeholder="Alle statussen")
wanted = st.query_params.get("partner")
named = dash.partner_names.resolve(wanted) if wanted else None
if wanted and named not in dash.partners:
    st.warning(md("'{}' uit de link is geen partner van een {} in het plan; getoond worden alle partners.", wanted,
                  words.initiative_mid), icon=":material/link_off:")
partner = right.selectbox("Partner", dash.partners, placeholder="Alle partners",
                          index=dash.partners.index(named) if named in dash.partners else None)
if partner:
    st.query_params["partner"] = partner
else:
    st.query_params.pop("partner", None)
selected = filter_rows(rows, themes, statuses, partner)

st.subheader(md("{} × {} ({})", words.initiatives, words.doelen_mid, len(selected)))
if words.has_opgaven:
    st.caption(md("{} draagt bij aan deze {} · {} draagt bij aan de hele {} waar deze {} onder valt (het plan noemt "
                  "daar geen afzonderlijke {}). Kolommen: {}/{}.", DIRECT, words.doel_mid, VIA_OPGAVE, words.opgave_mid,
                  words.doel_mid, words.doel_mid, words.theme_mid, words.doel_mid))
else:
    st.caption(md("{} draagt bij aan deze {}. Kolommen: {}/{}.", DIRECT, words.doel_mid, words.theme_mid, words.doel_mid))
st.dataframe(in_words(words, matrix(dash.index, selected)), hide_index=True)

blind, loose = st.columns(2)
with blind:
    st.subheader(md("Witte vlekken: {} zonder {}", words.doelen_mid, words.initiative_mid))
    unserved = unserved_doelen(loaded, dash.index, themes)
    via = md(", ook niet via de {}", words.opgave_mid) if words.has_opgaven else md("")
    st.caption(md("{} {} waaraan geen {} bijdraagt{}.", unserved.num_rows, words.doelen_mid, words.initiative_mid,
                  via))
    st.dataframe(in_words(words, unserved), hide_index=True)
with loose:
    st.subheader(md("{} zonder {}", words.initiatives, words.doel_mid))
    st.dataframe(in_words(words, initiatives_without_doel(selected)), hide_index=True)

st.subheader(md("Partners en hun {}", words.initiatives_mid))
st.dataframe(in_words(words, partners(selected)), hide_index=True)
