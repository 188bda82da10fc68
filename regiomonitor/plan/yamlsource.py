"""Read a YAML file safely, remembering where every value stands.

PyYAML's `safe_load` forgets positions and silently keeps the last of two equal keys. We compose
the node tree with the safe loader and build plain Python values ourselves, so that:
- every mapping value and sequence item has a (line, column) for error messages;
- a duplicate key is an error on the line of its second occurrence;
- tags outside the safe set (`!!python/object`, ...) are rejected by the safe constructor;
- alias expansion is bounded (a "billion laughs" file is refused, not expanded), and so is nesting (PyYAML
  composes recursively: 10,000 levels in 20 kB would exhaust Python's stack);
- merge keys (`<<: *base`) work as YAML defines them: explicit keys win, then the merged mappings in order;
- a value the YAML constructors cannot build (`2023-02-30`, `!!float x`) is a located problem, not a crash;
- tabs, bad encodings and empty files get a message a theme-team member understands;
- the file itself is checked before it is read (regiomonitor.core.safefiles: no pipes, devices, links out of the
  plan directory, or oversized files).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from regiomonitor.core.problems import Problem
from regiomonitor.core.safefiles import Refused, read_bytes
from regiomonitor.core.safetext import forbidden_character

MAX_NODES = 200_000
MAX_BYTES = 5_000_000
# A plan file nests about 8 levels (theme > opgaven > doel > source); 50 leaves room for any sensible file.
MAX_DEPTH = 50
MERGE_TAG = "tag:yaml.org,2002:merge"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

Path_ = tuple  # a path into the document: keys (str) and list indexes (int)


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and the position of every value in it."""

    name: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # How a value was written where that differs from what it became: '1.0e+400' became infinity.
    written: dict[Path_, str] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column of the value at `path`, or of the nearest enclosing value that exists."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def key_position(self, path: Path_) -> tuple[int, int]:
        """Line and column of the key of `path` (for 'unknown field' errors), else of its value."""
        return self.key_positions.get(tuple(path)) or self.position(path)


class YamlError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class _Refused(yaml.YAMLError):
    """Composition stopped early, at `mark`, for a reason in plain words."""

    def __init__(self, message: str, mark: yaml.Mark):
        super().__init__(message)
        self.message, self.mark = message, mark


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than MAX_DEPTH before its recursive composer overflows, and more
    than MAX_NODES values before composing them costs minutes and gigabytes (a 5 MB list of 2.5 million items)."""

    depth = 0
    nodes = 0

    def compose_node(self, parent, index):
        self.depth += 1
        self.nodes += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(_too_deep(), self.peek_event().start_mark)
            if self.nodes > MAX_NODES:
                raise _Refused(f"the file holds more than {MAX_NODES:,} values, far more than a plan file needs: "
                               "refused", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _too_deep() -> str:
    return f"values are nested more than {MAX_DEPTH} levels deep: refused"


# YAML 1.1 reads 012 as octal 10, 0x1F as 31, 1:20 as 80: a figure that silently changes. Plain decimal forms only.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_NUMBER_FORMS = ((re.compile(r"[-+]?0b"), "a binary"), (re.compile(r"[-+]?0x"), "a hexadecimal"),
                 (re.compile(r".*:"), "a base-60"), (re.compile(r"[-+]?0[0-9]"), "an octal"))


class _Builder:
    def __init__(self, name: str):
        self.doc = YamlDocument(name=name)
        self.constructor = yaml.SafeLoader("")
        self.count = 0
        self.building: set[int] = set()  # the collections being built: an alias back into one is a loop

    def fail(self, node: yaml.Node, path: Path_, message: str) -> None:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        raise YamlError(Problem(self.doc.name, line, col, format_path(path), message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, path, f"the file expands to more than {MAX_NODES:,} values (nested aliases?): refused")
        if len(path) > MAX_DEPTH:  # deeper than the composer allows, through aliases of nested values
            self.fail(node, path, _too_deep())
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, path, _tag_message(node, None))
            with self._inside(node, path):
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.fail(node, path, _tag_message(node, exc))
        except Exception as exc:  # the constructors raise ValueError, KeyError, AttributeError, … on bad values
            self.fail(node, path, _value_message(node, exc))
        if isinstance(value, str) and (bad := forbidden_character(value)):
            self.fail(node, path, bad)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and path[-1:] != ("<key>",):
            self._plain_number(node, path, value)
        if isinstance(value, float) and not math.isfinite(value):
            self.doc.written[path] = str(node.value)
        return value

    def _plain_number(self, node: yaml.Node, path: Path_, value: float) -> None:
        text = str(node.value)
        if (_PLAIN_INT if isinstance(value, int) else _PLAIN_FLOAT).fullmatch(text):
            return
        kind = next((name for pattern, name in _NUMBER_FORMS if pattern.match(text)), "an unusual")
        self.fail(node, path, f"'{text}' is {kind} number in YAML ({value:g}): write the number in plain digits, "
                              "or put it in quotes if it is text")

    @contextmanager
    def _inside(self, node: yaml.Node, path: Path_) -> Iterator[None]:
        """Build a collection once at a time: `&s {<<: *s}` or `&a [*a]` would otherwise recurse for ever."""
        if id(node) in self.building:
            self.fail(node, path, "refers to itself: an alias (*name) inside the value it names (&name)")
        self.building.add(id(node))
        try:
            yield
        finally:
            self.building.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            self.fail(node, path, _tag_message(node, None))
        with self._inside(node, path):
            return self._mapping_items(node, path)

    def _mapping_items(self, node: yaml.MappingNode, path: Path_) -> dict:
        own = [(k, v) for k, v in node.value if k.tag != MERGE_TAG]
        merged = self._merged([v for k, v in node.value if k.tag == MERGE_TAG], path)
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        result: dict = {}
        for key_node, value_node in own:
            key = self._key(key_node, path)
            if key in result:
                first = self.doc.key_positions[path + (key,)][0]
                self.fail(key_node, path + (key,), f"duplicate key '{key}' (first defined on line {first})")
            self.doc.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        self.doc.positions.pop(path + ("<key>",), None)
        return {**{k: v for k, v in merged.items() if k not in result}, **result}

    def _key(self, key_node: yaml.Node, path: Path_) -> str:
        """A key as it is written: `1.10:` is the key '1.10' (not the number 1.1), `yes:` the key 'yes'."""
        key = self.build(key_node, path + ("<key>",))
        if not isinstance(key, (str, int, float, bool, date)) or key is None:
            self.fail(key_node, path, "a key must be plain text")
        return key if isinstance(key, str) else str(key_node.value)

    def _merged(self, values: list[yaml.Node], path: Path_) -> dict:
        """The mappings of `<<:` keys, as YAML's merge key defines: earlier mappings win over later ones, and the
        mapping's own keys over all of them. Their values keep the positions of the lines they were written on."""
        merged: dict = {}
        for value in values:
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.fail(value, path, "a merge key `<<` needs a mapping or a list of mappings, e.g. `<<: *base`")
                for key, item in self._mapping(source, path).items():
                    merged.setdefault(key, item)
        return merged


def _tag_message(node: yaml.Node, exc: Exception | None) -> str:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    if tag.startswith("!!python/"):
        return f"tag {tag} is not allowed: plan files are read with safe loading, which builds no Python objects"
    detail = f" ({exc.problem})" if getattr(exc, "problem", None) else ""
    return f"tag {tag} is not allowed here: use plain YAML values{detail}"


def _value_message(node: yaml.Node, exc: Exception) -> str:
    text = str(node.value)
    if node.tag == TIMESTAMP_TAG:
        reason = f" ({exc})" if isinstance(exc, ValueError) else ""
        return (f"'{text}' is not a date in the calendar{reason}: correct it, or put it in quotes if it is meant as "
                "text")
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return f"'{text[:60]}' cannot be read as {tag}: correct the value or remove the tag"


def format_path(path: Path_) -> str:
    """('opgaven', 0, 'doelen', 2, 'title') -> 'opgaven[0].doelen[2].title'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part != "<key>":
            out += f".{part}" if out else str(part)
    return out


def _syntax_problem(name: str, text: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return Problem(name, line, col, "", f"character U+{code:04X} is not allowed in YAML: remove it")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = current[: len(current) - len(current.lstrip())]
    if "\t" in indent:
        return Problem(name, line, indent.index("\t") + 1, "", "tab character used for indentation: indent with spaces only")
    if "'\\t'" in problem:
        return Problem(name, line, col, "", "tab character where YAML does not allow one: use spaces")
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark and context_mark.line + 1 != line:
        context = f"{context} that starts on line {context_mark.line + 1}"
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(name, line, col, "", message)


def read_yaml(path: Path, root: Path, name: str | None = None) -> YamlDocument:
    """Read and parse `path`, a file inside the plan directory `root`; raise YamlError with a located,
    plain-words problem on failure."""
    name = name or str(path)
    try:
        raw = read_bytes(path, root, MAX_BYTES, "plan files")
    except Refused as exc:
        raise YamlError(Problem(name, 1, 1, "", str(exc))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            Problem(name, line, col, "", f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8")
        ) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> YamlDocument:
    try:
        node = yaml.compose(text, Loader=_BoundedLoader)
    except _Refused as exc:
        raise YamlError(Problem(name, exc.mark.line + 1, exc.mark.column + 1, "", exc.message)) from None
    except yaml.YAMLError as exc:
        raise YamlError(_syntax_problem(name, text, exc)) from None
    except RecursionError:  # the last line of defence: MAX_DEPTH should stop it first
        raise YamlError(Problem(name, 1, 1, "", _too_deep())) from None
    if node is None:
        raise YamlError(Problem(name, 1, 1, "", "file is empty: expected a mapping of fields"))
    builder = _Builder(name)
    builder.doc.data = builder.build(node, ())
    if not isinstance(builder.doc.data, dict):
        kind = "a list" if isinstance(builder.doc.data, list) else "a single value"
        raise YamlError(Problem(name, 1, 1, "", f"file holds {kind}; expected a mapping of fields (key: value)"))
    return builder.doc
