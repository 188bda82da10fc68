"""Markup from plan and data text never reaches the user as markup: one mechanism per medium, applied where the
text leaves Regiomonitor, and a check on the code that no page can go round it.

- Streamlit markdown: pages pass a string literal or a `Markdown` from safetext.md to every call that renders
  markdown (checked here by reading pages/*.py and app_state.py);
- Plotly: every figure leaves through safetext.safe_figure (app_state.chart, export/html._figure);
- the pull-request comment: problems in fences no line can close, every name through md_text;
- the CSV download: text cells that would start a formula are neutralised.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import re
import shutil
import typing
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from regiomonitor.core.safetext import WORD_JOINER, Markdown, csv_text, md, md_code, md_code_block, md_lines, md_text, safe_figure
from tests.conftest import FIXTURES, ROOT, code_files, judged

HOSTILE = ['<a href="https://evil.example">x</a>', "<img src=x onerror=alert(1)>", "&lt;b&gt;"]
HOSTILE_TEXT = " ".join(HOSTILE)


# --- md and Markdown ----------------------------------------------------------------------------------------


def test_md_escapes_each_value_and_keeps_its_own_markup():
    text = md("**{}:** {}", "Ambitie", "[klik](https://evil.example) *vet*")
    assert isinstance(text, Markdown)
    assert text == "**Ambitie:** \\[klik\\]\\(https\\:" + WORD_JOINER + "\\/\\/evil\\.example\\) \\*vet\\*"


def test_md_inserts_markdown_as_it_is_and_applies_format_specs_first():
    inner = md("_{}_", "x*y")
    assert md(":violet-background[{}]", inner) == ":violet-background[_x\\*y_]"
    assert md("{:%d-%m-%Y} · {:.1f}", date(2024, 12, 31), 2.345) == "31\\-12\\-2024 · 2\\.3"


def test_markdown_join_and_add_escape_what_is_not_markdown_yet():
    assert md("\n").join(["- a", md("- **b**")]) == "\\- a\n- **b**"
    assert isinstance(md("a") + md("b"), Markdown)
    assert not isinstance(md("a") + "b", Markdown)  # a plain str, which the page check rejects


def test_md_lines_keeps_line_breaks():
    assert md_lines("# kop\nregel") == "\\# kop  \nregel"


@pytest.mark.parametrize("text", ["https://evil.example/x", "HTTP://EVIL.example", "www.evil.example", "Www.evil.example",
                                  "a@b.nl", "mailto:a@b.nl", "@org/team", "ftp://evil.example"])
def test_md_text_breaks_every_autolink_and_mention(text):
    """GFM links `https://…`, `www.…` and e-mail addresses after escapes are resolved (seen in Chromium, see
    test_security.py); a word joiner after `@`, between `:` and `/` and between `www` and `.` stops it."""
    shown = md_text(text).replace("\\", "")
    assert not re.search(r"(?i)https?://|www\.|@[\w-]", shown.replace(WORD_JOINER, "\x00"))
    assert shown.replace(WORD_JOINER, "") == text


def test_md_code_and_code_block_cannot_be_closed_from_inside():
    assert md_code("a``b") == "```a``b```"
    assert md_code("x\n# kop") == "`x\\n# kop`"
    assert md_code("a|b", table=True) == "`a\\|b`"
    assert md_code_block(["ok", "````", "# kop"]) == ["`````", "ok", "````", "# kop", "`````"]
    assert md_code_block(["ok"], "text")[0] == "```text"


# --- the page check ----------------------------------------------------------------------------------------

# Streamlit calls that render Markdown, by method name: (positions, keywords) of the arguments it renders. Any
# call with one of these names is checked, whatever it is called on (st, st.sidebar, a column, a container).
# help= is Markdown wherever it exists; st.metric renders its value and delta as Markdown too (seen in
# Chromium: a URL as metric value became a link). Selectbox and multiselect options, placeholders and
# dataframe cells are plain text (seen in Chromium) and are not checked.
_BODY = ((0,), ("body",))
_LABEL = ((0,), ("label",))
MARKDOWN_CALLS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    **dict.fromkeys(["markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success",
                     "toast"], _BODY),
    **dict.fromkeys(["expander", "popover", "status", "badge", "button", "download_button", "link_button",
                     "form_submit_button", "checkbox", "toggle", "selectbox", "multiselect", "slider", "select_slider",
                     "text_input", "number_input", "text_area", "date_input", "time_input", "file_uploader",
                     "color_picker", "camera_input", "audio_input", "data_editor_label"], _LABEL),
    "radio": ((0, 1), ("label", "options", "captions")),
    "pills": ((0, 1), ("label", "options")),
    "segmented_control": ((0, 1), ("label", "options")),
    "spinner": ((0,), ("text",)),
    "progress": ((1,), ("text",)),
    "page_link": ((1,), ("label",)),
    "metric": ((0, 1, 2), ("label", "value", "delta")),
    "tabs": ((0,), ("tabs",)),
    "write": ((0, 1, 2, 3, 4, 5, 6, 7), ()),
}
NUMERIC_CALLS = {"len", "sum", "int", "float", "round", "min", "max", "abs"}
MARKDOWN_OPTIONS = {"radio", "pills", "segmented_control"}  # their option labels are Markdown too


class PageCheck:
    """Reads one module and says which Markdown-rendering arguments are not provably safe.

    Safe: a string literal (our own text), or a Markdown: a call of safetext.md with a literal template, of
    md_lines, of a function annotated to return Markdown, `<Markdown>.join(…)`, `<Markdown> + <Markdown>`, or a
    name bound only to such values anywhere in the file (a conservative reading: scopes are not told apart)."""

    def __init__(self, path: Path, source: str | None = None, module: str | None = None):
        self.path = path
        self.tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
        self.module = module
        self.imports: dict[str, tuple[str, str]] = {}
        self.modules = {alias.asname or alias.name.split(".")[0] for node in ast.walk(self.tree)
                        if isinstance(node, ast.Import) for alias in node.names} - {"st"}
        self.functions: dict[str, ast.FunctionDef] = {}
        self.bindings: dict[str, list[ast.expr | None]] = {}  # None: bound by something we cannot read
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
                for arg in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
                    self.bindings.setdefault(arg.arg, []).append(None)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                self._bind(node.target, node.value)
            elif isinstance(node, ast.AugAssign):
                value = node.value if isinstance(node.op, ast.Add) else None
                self._bind(node.target, value)
            elif isinstance(node, (ast.For, ast.comprehension)):
                self._bind(node.target, None)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                self._bind(node.optional_vars, node.context_expr)

    def _bind(self, target: ast.expr, value: ast.expr | None, position: int | None = None) -> None:
        if isinstance(target, ast.Name):
            self.bindings.setdefault(target.id, []).append(
                value if position is None else (ast.Subscript(value, ast.Constant(position)) if value else None))
        elif isinstance(target, (ast.Tuple, ast.List)):
            for n, element in enumerate(target.elts):
                self._bind(element, value, n)

    # -- what a called name returns ----------------------------------------------------------------------

    def _resolve(self, name: str):
        if name in self.imports:
            module, attribute = self.imports[name]
            return getattr(importlib.import_module(module), attribute, None)
        if self.module and name not in self.functions:
            return None
        if self.module:
            return getattr(importlib.import_module(self.module), name, None)
        return None

    def _returns(self, call: ast.Call):
        """The return annotation of the called function (a type), when it can be known."""
        if not isinstance(call.func, ast.Name):
            return None
        name = call.func.id
        if name in self.functions and not self.module:  # a function of the page itself: read its annotation
            returns = self.functions[name].returns
            if isinstance(returns, ast.Name) and returns.id == "Markdown":
                return Markdown
            return None
        function = self._resolve(name)
        if function is None or not callable(function) or isinstance(function, type):
            return None
        try:
            return typing.get_type_hints(function).get("return")
        except Exception:
            return None

    # -- the rules ------------------------------------------------------------------------------------------

    def is_markdown(self, node: ast.expr, seen: frozenset = frozenset()) -> bool:
        from regiomonitor.core import safetext

        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and self._resolve(node.func.id) is safetext.md:
                return bool(node.args) and self._literal_template(node.args[0])
            if isinstance(node.func, ast.Attribute) and node.func.attr == "join":
                return self.is_markdown(node.func.value, seen)
            return self._returns(node) is Markdown
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call) and isinstance(node.slice, ast.Constant):
            hint = self._returns(node.value)  # one element of a function's tuple[Markdown, ...]
            return typing.get_origin(hint) is tuple and all(a is Markdown for a in typing.get_args(hint))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.is_markdown(node.left, seen) and self.is_markdown(node.right, seen)
        if isinstance(node, ast.IfExp):
            return self.is_markdown(node.body, seen) and self.is_markdown(node.orelse, seen)
        if isinstance(node, ast.Name):
            return self._name_is(node.id, self.is_markdown, seen)
        return False

    def is_safe(self, node: ast.expr, seen: frozenset = frozenset()) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return True
        if isinstance(node, ast.IfExp):
            return self.is_safe(node.body, seen) and self.is_safe(node.orelse, seen)
        if isinstance(node, ast.Name) and self._name_is(node.id, self.is_safe, seen):
            return True
        return self.is_markdown(node, seen)

    def is_number(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return node.func.id in NUMERIC_CALLS
        if isinstance(node, ast.Attribute):
            return node.attr in ("height", "num_rows")  # a frame's or an Arrow table's row count
        if isinstance(node, ast.BinOp):
            return self.is_number(node.left) and self.is_number(node.right)
        return False

    def _name_is(self, name: str, rule, seen: frozenset) -> bool:
        values = self.bindings.get(name)
        if not values or name in seen:
            return False
        return all(v is not None and rule(v, seen | {name}) for v in values)

    def _literal_template(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return True
        return isinstance(node, ast.IfExp) and self._literal_template(node.body) and self._literal_template(node.orelse)

    # -- the check ------------------------------------------------------------------------------------------

    def may_be_streamlit(self, node: ast.expr, seen: frozenset = frozenset()) -> bool:
        """False only when the object is known not to come from Streamlit: a literal, a builtin, an imported
        name other than st, or a name bound only to such things (`progress` from page_frame(), a logger)."""
        while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
            node = node.func if isinstance(node, ast.Call) else node.value
        if not isinstance(node, ast.Name):
            return not isinstance(node, (ast.Constant, ast.JoinedStr, ast.List, ast.Dict, ast.Tuple))
        if node.id == "st":
            return True
        if node.id in self.imports or node.id in self.modules or node.id in dir(builtins) or node.id in seen:
            return False
        values = self.bindings.get(node.id)
        if not values:
            return True
        return any(v is None or self.may_be_streamlit(v, seen | {node.id}) for v in values)

    def problems(self) -> list[str]:
        found = []
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method, receiver = node.func.attr, node.func.value
            if method not in MARKDOWN_CALLS or not self.may_be_streamlit(receiver):
                continue
            positions, keywords = MARKDOWN_CALLS[method]
            if method in MARKDOWN_OPTIONS and any(k.arg == "format_func" for k in node.keywords):
                found.append((node.lineno, node.col_offset, f"{self.path.name}:{node.lineno}: .{method}() renders its "
                              "options as Markdown: pass them through md(...) instead of a format_func"))
            rendered = [a for n, a in enumerate(node.args) if n in positions]
            rendered += [k.value for k in node.keywords if k.arg in keywords or k.arg == "help"]
            for argument in rendered:
                elements = argument.elts if isinstance(argument, (ast.List, ast.Tuple)) else [argument]
                for element in elements:
                    if method == "metric" and self.is_number(element):
                        continue
                    if not self.is_safe(element):
                        found.append((element.lineno, element.col_offset, f"{self.path.name}:{element.lineno}: "
                                      f".{method}() gets `{ast.unparse(element)}`: use a string literal or md(...)"))
        return [message for *_, message in sorted(found)]


PAGE_MODULES = [*sorted((ROOT / "app_pages").glob("*.py")), ROOT / "ui" / "app_state.py"]


@pytest.mark.parametrize("path", PAGE_MODULES, ids=lambda p: p.name)
def test_every_markdown_call_gets_a_literal_or_md(path):
    module = "ui.app_state" if path.name == "app_state.py" else None
    assert PageCheck(path, module=module).problems() == []


def test_streamlit_is_only_used_in_the_checked_files():
    """The check above covers every file that can call Streamlit (ruff's TID251 keeps the imports there)."""
    users = {p.relative_to(ROOT).as_posix() for p in code_files()
             if re.search(r"^\s*(import streamlit|from streamlit)", p.read_text(encoding="utf-8"), re.M)}
    assert users <= {p.relative_to(ROOT).as_posix() for p in PAGE_MODULES}


BAD_PAGE = '''
import streamlit as st
from ui.app_state import md, page_frame
from regiomonitor.present.views import latest_text
from ui.markup import counts_line

loaded, progress, as_of = page_frame()
levels = loaded.plan.levels
st.header(levels.themes)
st.metric(levels.opgaven, 3)
st.metric("Laatste", latest_text(row))
st.info(status["explanation"])
st.page_link("app_pages/thema.py", label=f"Naar {theme.name}")
with st.expander(owner):
    pass
st.caption("Stand " + quarter)
st.markdown(md(template, name))
st.markdown(md("{}", name) + " extra")
st.sidebar.selectbox(levels.theme, [], help=unit)
st.tabs([md("{}", a), theme.name])
text = f"**{name}**"
st.markdown(text)
for line in lines:
    st.markdown(line)
st.radio("Kies", ["a"], format_func=names.get)
'''
GOOD_PAGE = '''
import streamlit as st
from ui.app_state import md, page_frame
from ui.markup import counts_line

loaded, progress, as_of = page_frame()
st.header(md("{}", loaded.plan.levels.themes))
st.metric(md("{}", levels.opgaven), len(loaded.theme_ids))
st.markdown(counts_line(summary, levels))
heading = md("**{}**", name)
if x:
    heading = md(":violet-background[{}]", heading)
heading += md(" {}", more)
st.markdown(heading)
st.markdown(md("\\n").join(lines))
st.error("Een vaste tekst.", icon=":material/error:")
st.title(md("{}", name) if name else "Regiomonitor")
'''


def test_the_page_check_finds_each_known_gap_and_accepts_md():
    problems = PageCheck(Path("bad.py"), BAD_PAGE).problems()
    found = [p.split("`")[1] for p in problems[:-1]]
    assert found == ["levels.themes", "levels.opgaven", "latest_text(row)", "status['explanation']",
                     "f'Naar {theme.name}'", "owner", "'Stand ' + quarter", "md(template, name)",
                     "md('{}', name) + ' extra'", "levels.theme", "unit", "theme.name", "text", "line"]
    assert problems[-1].endswith(".radio() renders its options as Markdown: pass them through md(...) instead of a format_func")
    assert PageCheck(Path("good.py"), GOOD_PAGE).problems() == []


# --- Plotly --------------------------------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif getattr(value, "dtype", None) is not None and value.dtype.kind in "OUS":
        yield from (str(v) for v in value.tolist())


def _figures_with_hostile_text():
    from regiomonitor.present.charts import (
        AreaValue,
        GanttBar,
        SeriesPoint,
        area_bars,
        for_export,
        gantt,
        indicator_chart,
        status_distribution,
    )

    name = HOSTILE_TEXT
    series = [SeriesPoint(HOSTILE[0], date(2024, 3, 31), 96.5), SeriesPoint("2024-Q2", date(2024, 6, 30), 94.0)]
    path = [(date(2023, 12, 31), 90.0, HOSTILE[1]), (date(2026, 12, 31), 98.0, "Streefwaarde")]
    actions = [GanttBar(f"1 · {name}", name, HOSTILE[2], True, date(2024, 1, 1), date(2024, 12, 31))]
    areas = [AreaValue(HOSTILE[0], 1.0, "2024"), AreaValue(HOSTILE[1], 2.0, "2024")]
    return {
        "indicator_chart": indicator_chart({"norm_min": 91.0}, series, path, name, [(date(2024, 1, 1), 92.0, name)]),
        "area_bars": area_bars(areas, name),
        "gantt": gantt(actions, date(2024, 1, 1), date(2026, 12, 31), date(2024, 9, 30)),
        "status_distribution": status_distribution({"Op koers": 2}, name),
        "for_export": for_export(status_distribution({"on_track": 1}, "Statusverdeling"), name, name),
    }


@pytest.mark.parametrize("chart", list(_figures_with_hostile_text()))
def test_chart_builders_write_no_plotly_markup_and_the_boundary_escapes_all_text(chart):
    fig = _figures_with_hostile_text()[chart]
    raw = fig.to_plotly_json()
    assert not any("<extra>" in s or "%{" in s for s in _strings(raw)), "a chart builder wrote Plotly markup"
    assert all(trace.get("hovertemplate") is None for trace in raw["data"])
    safe = list(_strings(safe_figure(fig).to_plotly_json()))
    assert not [s for s in safe if "<" in s or ">" in s]
    assert not [s for s in safe if re.search(r"&(?!lt;|gt;|amp;)", s)]
    assert any("&amp;lt;b&amp;gt;" in s or "&lt;img src=x" in s or "&lt;a href" in s for s in safe)


def test_safe_figure_escapes_numpy_text_arrays_and_keeps_numbers():
    import numpy as np
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=np.array([1.5, 2.0]), y=np.array(HOSTILE[:2], dtype=object)))
    out = safe_figure(fig).to_plotly_json()["data"][0]
    assert list(out["y"]) == ['&lt;a href="https://evil.example"&gt;x&lt;/a&gt;', "&lt;img src=x onerror=alert(1)&gt;"]
    assert out["x"] == fig.to_plotly_json()["data"][0]["x"]  # numbers untouched (Plotly's typed-array form)


def test_safe_figure_leaves_a_figure_without_special_characters_as_it_is():
    """A figure whose text has nothing to escape is not copied (the pages draw charts on every view)."""
    from regiomonitor.present.charts import status_distribution

    fig = status_distribution({"on_track": 2}, "Statusverdeling")
    assert safe_figure(fig) is fig


def _code(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def test_figures_leave_only_through_safe_figure():
    files = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in code_files()}
    assert [f for f, text in files.items() if "st.plotly_chart(" in text] == ["ui/app_state.py"]
    assert [f for f, text in files.items() if ".to_html(" in text] == ["regiomonitor/export/html.py"]
    app_state = _code("ui/app_state.py")
    chart_function = ast.get_source_segment(app_state, next(
        n for n in ast.walk(ast.parse(app_state)) if isinstance(n, ast.FunctionDef) and n.name == "chart"))
    assert "shown = fig.figure if isinstance(fig, SafeFigure) else safe_figure(fig)" in chart_function
    assert "st.plotly_chart(shown," in chart_function
    # a SafeFigure is made in one place only: prepared_figure, which runs safe_figure
    assert [f for f, text in files.items() if "SafeFigure(" in text.replace("isinstance(fig, SafeFigure)", "")
            and "class SafeFigure" not in text] == []
    assert "return SafeFigure(safe_figure(fig))" in _code("regiomonitor/core/safetext.py")
    assert _code("ui/app_state.py").count("st.plotly_chart(") == 1
    html = _code("regiomonitor/export/html.py")
    assert html.count(".to_html(") == 1 and "safe_figure(fig).to_html(" in html


def test_html_report_with_a_hostile_kpi_name_has_no_live_link(tmp_path):
    from regiomonitor.export import run_export
    from regiomonitor.plan.load import load_plan

    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "plan-minimal", plan)
    zorg = plan / "zorg.yaml"
    hostile = '<a href="https://evil.example">x</a> <a href=\'https://evil.example\'>y</a> <img src=x onerror=alert(1)>'
    zorg.write_text(zorg.read_text().replace("name: Wachttijd intake", f"name: '{hostile.replace(chr(39), chr(39) * 2)}'")
                    .replace("unit: weken", "unit: '<b>weken</b>'"))
    (tmp_path / "data" / "measurements").mkdir(parents=True)
    (tmp_path / "data" / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\n")
    loaded = load_plan(plan)
    assert not loaded.errors
    result = run_export(*judged(loaded, tmp_path / "data", "2025-Q4"), tmp_path / "data", tmp_path / "out",
                        formats=("html",))
    html = result.files[0].read_text(encoding="utf-8")
    # The name is there, as text, in the chart's title (Plotly writes `/` as \u002f in the embedded JSON).
    assert '&lt;a href=\\"https:\\u002f\\u002fevil.example\\"&gt;x&lt;\\u002fa&gt;' in html
    for raw in ('<a href="https://evil.example"', "<a href='https://evil.example'", '<a href=\\"https://evil.example\\"',
                "<img src=x", "<b>weken", '\\u003ca href'):
        assert raw not in html, raw


# --- the pull-request comment ----------------------------------------------------------------------------

ATTACK = "x\n```\n# Alle controles geslaagd\n@org/team ![p](https://evil.example/p.png) [link](https://evil.example)"


def outside_code(markdown: str) -> list[str]:
    """The lines of a GitHub comment that are Markdown, not inside a fenced code block (CommonMark: a fence
    closes only with a run of at least its own length, of the same character, on a line of its own)."""
    lines, fence = [], None
    for line in markdown.splitlines():
        run = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence is None and run:
            fence = run.group(1)
        elif fence is not None:
            if run and run.group(1)[0] == fence[0] and len(run.group(1)) >= len(fence) and \
                    not line.strip().strip(fence[0]):
                fence = None
        else:
            lines.append(line)
    return lines


def assert_nothing_escapes(markdown: str, headings: set[str]) -> None:
    """No heading but ours, and no unescaped `@`, `![` or `](` outside code; nor a bare URL, address or
    mention that GitHub would link in what a reader sees (its escapes resolved, the word joiners kept)."""
    lines = outside_code(markdown)
    assert [line for line in lines if line.lstrip().startswith("#")] == [h for h in lines if h in headings]
    for line in lines:
        unescaped = re.sub(r"\\.", "", line)
        assert "@" not in unescaped and "![" not in unescaped and "](" not in unescaped, line
        seen = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)
        assert not re.search(r"(?i)https?://|www\.|@\w|\w@", seen), line


def test_render_markdown_quotes_names_details_and_revisions():
    from regiomonitor.commands.plandiff import Change, PlanDiff, render_markdown

    diff = PlanDiff(base=ATTACK, head="HEAD", as_of=date(2024, 12, 31),
                    changes=[Change("indicator", "changed", "zorg`x\n# kop", ATTACK, "zorg",
                                    [{"field": ATTACK, "old": ATTACK, "new": "8"}]),
                             Change("doel", "added", "zorg/1a", ATTACK, "zorg")],
                    statuses=[{"indicator": "a|b", "name": ATTACK, "old": ATTACK, "new": "Op koers"}],
                    errors={ATTACK: 2})
    markdown = render_markdown(diff)
    heading = markdown.splitlines()[0]
    assert heading.startswith("### Wat deze wijziging met het plan doet (x ") and "\n# " not in markdown
    assert_nothing_escapes(markdown, {heading})
    table = [line for line in markdown.splitlines() if line.startswith("| ")][-1]
    assert len(re.findall(r"(?<!\\)\|", table)) == 4  # the row keeps its three cells


def test_pr_comment_quotes_problems_outcomes_and_exceptions(minimal_plan, tmp_path, monkeypatch):
    from regiomonitor.commands import pr_comment

    key = ATTACK.replace("\n", "\\n")  # YAML double-quoted: the key itself holds the line breaks
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text().replace("ambitie: Goede zorg dichtbij.\n",
                                             f'ambitie: Goede zorg dichtbij.\n"{key}": 1\n'))
    welzijn = minimal_plan / "welzijn.yaml"  # a warning too, with the attack in a title
    welzijn.write_text(welzijn.read_text().replace("title: Meer ontmoetingsplekken", f'title: "{key}"'))
    data = tmp_path / "data"
    (data / "measurements").mkdir(parents=True)
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(minimal_plan))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(data))

    def no_base(*args, **kwargs):
        raise ValueError(ATTACK)

    monkeypatch.setattr(pr_comment, "resolve", no_base)
    comment = pr_comment.build_comment("HEAD", check_outcome=ATTACK, tests_outcome="success", as_of=date(2024, 12, 31))
    assert "Alle controles geslaagd" in comment  # the text is there, as text
    assert_nothing_escapes(comment, {"## Regiomonitor: controle van deze wijziging"})
    assert "**Controle van het plan:** 1 fout," in comment


# --- the CSV download ------------------------------------------------------------------------------------


def test_csv_download_neutralises_formulas_and_keeps_numbers():
    frame = pl.DataFrame({"period": ["2024-Q4", "2024-Q4", "2024-Q4"], "value": [-5.0, 10.0, 1234.5],
                          "area": ["=HYPERLINK(\"https://evil.example\",\"klik\")", None, "-1+2"],
                          "source": ["+31 20", "@SUM(A1)", "GGD"], "note": ["\tverborgen", "normaal", ""],
                          "is_demo": [False, True, False]})
    lines = csv_text(frame).splitlines()
    assert lines[0] == "period,value,area,source,note,is_demo"
    assert lines[1] == "2024-Q4,-5.0,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"klik\"\")\",'+31 20,'\tverborgen,false"
    assert lines[2] == "2024-Q4,10.0,,'@SUM(A1),normaal,true"
    assert lines[3] == "2024-Q4,1234.5,'-1+2,GGD,\"\",false"


def test_the_kpi_page_downloads_the_neutralised_csv():
    page = _code("app_pages/indicator.py")
    assert "csv_text(pl.from_arrow(data))" in page and "write_csv" not in page
