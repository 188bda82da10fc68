"""What a change to the plan does: added, removed, changed, renumbered and moved parts, and the KPI statuses
it alters. `python -m regiomonitor diff BASE HEAD` — for reviewers of a theme team's pull request.

A doel whose id changed while its title stayed the same is *renumbered*, not removed and added; an
initiative or action that went to another theme file is *moved*.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from regiomonitor.core.formatting import period_range_nl
from regiomonitor.core.jsontext import json_text
from regiomonitor.core.safetext import md_code, md_text
from regiomonitor.data.measurements import MAX_BYTES as CSV_MAX_BYTES
from regiomonitor.engine.progress import Progress
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Indicator
from regiomonitor.plan.yamlsource import MAX_BYTES as PLAN_MAX_BYTES
from regiomonitor.present.views import figure_text, norm_text

KIND_NL = {"theme": "Thema", "opgave": "Opgave", "doel": "Doel", "indicator": "KPI", "initiative": "Initiatief",
           "action": "Werkagenda-actie"}
CHANGE_NL = {"added": "Toegevoegd", "removed": "Verwijderd", "changed": "Gewijzigd", "renumbered": "Hernummerd",
             "moved": "Verplaatst"}
FIELD_NL = {"name": "naam", "title": "titel", "ambitie": "ambitie", "priority": "prioriteit", "unit": "eenheid",
            "direction": "richting", "baseline": "nulmeting", "target": "streefwaarde", "norm": "norm",
            "owner": "eigenaar", "doelen": "doelen", "status": "status", "partners": "partners",
            "contributes_to": "draagt bij aan", "period": "periode", "theme": "thema", "id": "nummer"}


@dataclass
class Change:
    kind: str          # theme, opgave, doel, indicator, initiative, action
    change: str        # added, removed, changed, renumbered, moved
    id: str            # 'acute-zorg/1.1' for opgaven and doelen, the id otherwise
    name: str
    theme: str
    details: list[dict] = field(default_factory=list)  # {"field", "old", "new"}


@dataclass
class PlanDiff:
    base: str
    head: str
    as_of: date
    changes: list[Change]
    statuses: list[dict]  # {"indicator", "name", "old", "new"}
    errors: dict[str, int]
    not_compared: list[dict] = field(default_factory=list)  # {"side", "entry"}: links and the like in a revision

    def to_json(self) -> str:
        return json_text(asdict(self))


def _details(old: dict, new: dict) -> list[dict]:
    return [{"field": k, "old": old[k], "new": new[k]} for k in old if old[k] != new[k]]


def _index(loaded: LoadedPlan) -> dict[str, dict[str, tuple[str, str, dict]]]:
    """Per kind: key -> (theme id, display name, the fields that are compared)."""
    out: dict[str, dict] = {kind: {} for kind in KIND_NL}
    for theme_id in loaded.theme_ids:
        theme = loaded.themes.get(theme_id)
        if theme is None:
            continue
        out["theme"][theme_id] = (theme_id, theme.name, {"name": theme.name, "ambitie": theme.ambitie})
        for opgave in theme.opgaven:
            out["opgave"][f"{theme_id}/{opgave.id}"] = (theme_id, opgave.title,
                                                        {"title": opgave.title, "priority": opgave.priority or "–"})
        for doel in [d for o in theme.opgaven for d in o.doelen] + list(theme.doelen):
            out["doel"][f"{theme_id}/{doel.id}"] = (theme_id, doel.title, {"title": doel.title})
        for ind in theme.indicators:
            out["indicator"][ind.id] = (theme_id, ind.name, _indicator_fields(ind))
        for ini in theme.initiatives:
            out["initiative"][ini.id] = (theme_id, ini.name, {
                "theme": theme_id, "name": ini.name, "status": ini.status, "partners": ", ".join(ini.partners) or "–",
                "contributes_to": ", ".join(ini.contributes_to + [f"opgave {o}" for o in ini.contributes_to_opgaven])
                or "–"})
        for action in theme.werkagenda:
            out["action"][action.id] = (theme_id, action.title, {
                "theme": theme_id, "title": action.title, "period": period_range_nl(action.start, action.end),
                "status": action.status, "owner": action.owner or "–", "doelen": ", ".join(action.doelen) or "–"})
    return out


def _indicator_fields(ind: Indicator) -> dict:
    return {"name": ind.name, "unit": ind.unit, "direction": ind.direction,
            "baseline": figure_text(ind.baseline, ind.unit), "target": figure_text(ind.target, ind.unit),
            "norm": norm_text(ind) or "–", "owner": ind.owner or "–", "doelen": ", ".join(ind.doelen) or "–"}


def compare(base: LoadedPlan, head: LoadedPlan) -> list[Change]:
    old, new = _index(base), _index(head)
    # A theme file that does not load on one side is not compared: its parts are not gone, only unreadable.
    broken = set(base.failed_themes) | set(head.failed_themes)
    for side in (old, new):
        for kind in side:
            side[kind] = {k: v for k, v in side[kind].items() if v[0] not in broken}
    changes: list[Change] = []
    for kind in KIND_NL:
        removed = [k for k in old[kind] if k not in new[kind]]
        added = [k for k in new[kind] if k not in old[kind]]
        if kind == "doel":
            removed, added = _renumbered(old[kind], new[kind], removed, added, changes)
        for key in removed:
            theme, name, _ = old[kind][key]
            changes.append(Change(kind, "removed", key, name, theme))
        for key in added:
            theme, name, _ = new[kind][key]
            changes.append(Change(kind, "added", key, name, theme))
        for key in [k for k in new[kind] if k in old[kind]]:
            details = _details(old[kind][key][2], new[kind][key][2])
            if not details:
                continue
            moved = [d for d in details if d["field"] == "theme"]
            theme, name, _ = new[kind][key]
            changes.append(Change(kind, "moved" if moved else "changed", key, name, theme, details))
    return changes


def _renumbered(old: dict, new: dict, removed: list[str], added: list[str], changes: list[Change]):
    """A removed and an added doel in the same theme with the same title: the doel got another number."""
    for old_key in list(removed):
        theme, title, _ = old[old_key]
        match = next((k for k in added if new[k][0] == theme and new[k][1] == title), None)
        if match:
            removed.remove(old_key)
            added.remove(match)
            changes.append(Change("doel", "renumbered", match, title, theme,
                                  [{"field": "id", "old": old_key.split("/", 1)[1], "new": match.split("/", 1)[1]}]))
    return removed, added


def status_changes(base: Progress | None, head: Progress | None, as_of: date,
                   broken: frozenset[str] = frozenset()) -> list[dict]:
    """KPI's whose status as of `as_of` differs between base and head (including new and removed ones);
    KPI's of a theme that does not load on either side are left out."""
    def table(progress):
        if progress is None:
            return {}
        return {r["indicator"]: (r["name"], r["status"]) for r in progress.status(as_of).iter_rows(named=True)
                if r["theme"] not in broken}

    old, new = table(base), table(head)
    rows = []
    for key in list(old) + [k for k in new if k not in old]:
        before, after = old.get(key, (None, "–"))[1], new.get(key, (None, "–"))[1]
        if before != after:
            rows.append({"indicator": key, "name": (new.get(key) or old.get(key))[0], "old": before, "new": after})
    return rows


# A revision is read with `git ls-tree` and `git cat-file`, which give the tree as committed. (`git archive` applied
# the revision's own .gitattributes: `export-ignore` made a theme look removed, `export-subst` rewrote names.)
# Only regular files are written; what else a tree may hold is listed as not compared, never written.
_ODD_MODES = {"120000": "a symbolic link", "160000": "a submodule"}
_REGULAR_MODES = {"100644", "100755"}
_BAD_PATH = "a path that cannot be written inside the comparison folder"
_CHUNK = 1 << 20  # a blob is copied to its file a MiB at a time: no file is ever held in memory whole
_SCRATCH: list[Path] = []  # comparison folders of this process, removed when it ends


class Side(NamedTuple):
    """One side of a diff: its plan and data folders, and the entries of a git revision that were not compared."""

    plan: Path
    data: Path
    not_compared: tuple[str, ...] = ()  # 'plan/x.yaml: a symbolic link'


@atexit.register
def remove_comparison_folders() -> None:
    """Remove the folders `checkout` made (they held up to a revision's plan and data, for ever, before)."""
    while _SCRATCH:
        shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


def checkout(revision: str, paths: list[str], repo: Path,
             limits: dict[str, int] | None = None) -> tuple[Path, tuple[str, ...]]:
    """The files of `paths` at a git revision, in a temporary folder (removed when the process ends, or at once
    when this fails), and the entries that were left out as 'path: reason': links, submodules and anything else
    that is not a regular file, a path that would land outside the folder, and a file larger than the limit of
    the longest of `paths` it lies in (`limits`, default the measurement files' limit). A pull request can put
    any of those in its tree; a file over the limit would be refused by the loaders anyway."""
    if not revision or revision.startswith("-"):  # "-…" would be read as an option by git; "" means nothing
        raise ValueError(f"'{revision}' is not a plan directory or a git revision")
    present = [p for p in paths if _git(repo, "cat-file", "-e", f"{revision}:{p}").returncode == 0]
    if not present:
        raise ValueError(f"'{revision}' is neither a plan directory nor a git revision with {', '.join(paths)}")
    listing = _git(repo, "--literal-pathspecs", "ls-tree", "-r", "-z", "-l", "--full-tree", revision, "--", *present)
    if listing.returncode != 0:
        raise ValueError(f"git ls-tree {revision} failed: {listing.stderr.decode(errors='replace').strip()}")
    wanted, skipped = _sorted_out(listing.stdout, limits or {p: CSV_MAX_BYTES for p in present})
    folder = Path(tempfile.mkdtemp(prefix="regiomonitor-diff-"))
    _SCRATCH.append(folder)
    try:
        skipped += _write_blobs(repo, wanted, folder)
    except BaseException:
        _SCRATCH.remove(folder)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, tuple(sorted(skipped))


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True)


def _sorted_out(listing: bytes, limits: dict[str, int]) -> tuple[list[tuple[str, str]], list[str]]:
    """From `git ls-tree -r -z -l` output: the (object id, path) of each file to write, and 'path: reason' for
    each entry left out."""
    wanted, skipped = [], []
    for record in filter(None, listing.split(b"\0")):
        meta, _, raw = record.partition(b"\t")
        mode, kind, oid, size = meta.decode("ascii").split()
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            skipped.append(f"{raw.decode('utf-8', 'backslashreplace')}: a file name that is not UTF-8")
            continue
        reason = _left_out(mode, kind, size, name, limits)
        if reason:
            skipped.append(f"{name}: {reason}")
        else:
            wanted.append((oid, name))
    return wanted, skipped


def _left_out(mode: str, kind: str, size: str, name: str, limits: dict[str, int]) -> str | None:
    """Why a tree entry is not written (None when it is a regular file to write)."""
    if mode in _ODD_MODES:
        return _ODD_MODES[mode]
    if mode not in _REGULAR_MODES or kind != "blob":
        return f"not a regular file (mode {mode})"
    if name.startswith("/") or any(part in ("", ".", "..") for part in name.split("/")):
        return _BAD_PATH
    limit = _limit(name, limits)
    return f"larger than {limit:,} bytes" if int(size) > limit else None


def _limit(name: str, limits: dict[str, int]) -> int:
    """The limit of the longest of the given folders that holds `name` ('.' holds everything)."""
    holding = [p for p in limits if p in (".", "") or name == p or name.startswith(p.rstrip("/") + "/")]
    return limits[max(holding, key=len)] if holding else CSV_MAX_BYTES


def _write_blobs(repo: Path, wanted: list[tuple[str, str]], folder: Path) -> list[str]:
    """Copy each blob to folder/path from one `git cat-file --batch`, a chunk at a time; 'path: reason' for a
    path the file system will not take (its bytes are read and dropped, so the next object is read right)."""
    if not wanted:
        return []
    skipped = []
    with subprocess.Popen(["git", "-C", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as git:
        try:
            for oid, name in wanted:
                git.stdin.write(oid.encode("ascii") + b"\n")
                git.stdin.flush()
                header = git.stdout.readline().split()
                if len(header) != 3 or header[1] != b"blob":
                    raise ValueError(f"git cat-file could not read {name} ({oid})")
                if not _copy(git.stdout, int(header[2]), folder, name):
                    skipped.append(f"{name}: {_BAD_PATH}")
                git.stdout.read(1)  # the newline after each object
        except BaseException:
            git.kill()  # Popen's exit closes the pipes and waits for it
            raise
    return skipped


def _copy(stream, size: int, folder: Path, name: str) -> bool:
    """Copy `size` bytes of `stream` to folder/name (False, the bytes dropped, when that file cannot be made)."""
    try:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        target = open(folder / name, "xb")
    except OSError:
        target = None
    try:
        while size:
            chunk = stream.read(min(_CHUNK, size))
            if not chunk:
                raise ValueError(f"git cat-file ended in the middle of {name}")
            if target is not None:
                target.write(chunk)
            size -= len(chunk)
    finally:
        if target is not None:
            target.close()
    return target is not None


def render_markdown(diff: PlanDiff) -> str:
    """The diff as GitHub Markdown (the pull-request comment, `diff --format markdown`). Every name, id, value
    and revision name comes from a file or the command line: each is text (md_text) or code (md_code), so a
    name cannot add a heading, an @mention, an image or a link to the comment."""
    lines = [f"### Wat deze wijziging met het plan doet ({md_text(diff.base)} → {md_text(diff.head)})", ""]
    for side, count in diff.errors.items():
        if count:
            lines.append(f"> **Let op:** het plan in {md_text(side)} bevat {count} fout(en); onderdelen met fouten zijn "
                         "niet vergeleken. Zie `python -m regiomonitor check`.")
    if diff.not_compared:
        lines.append("> **Niet vergeleken** (geen gewoon bestand, of te groot): " + "; ".join(
            f"{md_text(item['entry'])} ({md_text(item['side'])})" for item in diff.not_compared))
    if not diff.changes:
        lines.append("Geen inhoudelijke wijzigingen in thema's, opgaven, doelen, KPI's, initiatieven of "
                     "werkagenda-acties.")
    for change in ("added", "removed", "renumbered", "moved", "changed"):
        part = [c for c in diff.changes if c.change == change]
        if not part:
            continue
        lines += ["", f"**{CHANGE_NL[change]}**", ""]
        for c in part:
            text = f"- {KIND_NL[c.kind]} {md_code(c.id)} — {md_text(c.name)}"
            if c.details:
                text += ": " + "; ".join(f"{md_text(FIELD_NL.get(d['field'], d['field']))} {md_text(str(d['old']))} → "
                                         f"{md_text(str(d['new']))}" for d in c.details)
            lines.append(text)
    lines += ["", f"**Statussen op {diff.as_of.strftime('%d-%m-%Y')}** (laatste volledige kwartaal)", ""]
    if diff.statuses:
        lines += ["| KPI | was | wordt |", "| --- | --- | --- |"]
        lines += [f"| {md_text(s['name'])} ({md_code(s['indicator'], table=True)}) | {md_text(s['old'])} | {md_text(s['new'])} |"
                  for s in diff.statuses]
    else:
        lines.append("Deze wijziging verandert geen enkele KPI-status.")
    return "\n".join(lines) + "\n"


def repository_paths(plan: Path, data: Path) -> tuple[Path, str, str]:
    """The git work tree we are in (or the working directory), and the plan and data folders relative to it:
    the paths to take from a revision."""
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    repo = Path(top.stdout.strip()) if top.returncode == 0 else Path.cwd()

    def relative(path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(repo.resolve()).as_posix()
        except ValueError:
            return Path(path).name

    return repo, relative(plan), relative(data)


def resolve(argument: str, plan_rel: str, data_rel: str, repo: Path, data_default: Path, *,
            revision_only: bool = False) -> Side:
    """A plan directory as given, or the plan and data at a git revision.

    With `revision_only` (the pull-request comment's BASE) only a git revision is taken: a pull request could
    otherwise add a folder named after the base commit, holding a copy of its own plan, and the comment would
    compare the change with itself. Without it, an argument that is both a plan folder and a revision is refused
    (which one was meant cannot be known); one written as a path (./X, ../X, /X) is always the folder."""
    if revision_only:
        if not argument or argument.startswith("-"):
            raise ValueError(f"'{argument}' is not a git revision: give a commit, branch or tag (a name that starts "
                             "with '-' would be read as an option)")
        return _at_revision(argument, plan_rel, data_rel, repo)
    if not argument:
        raise ValueError("'' is not a plan directory or a git revision: write . for the current folder")
    folder = _plan_folder(Path(argument), plan_rel, data_rel, data_default)
    if argument in (".", "..") or argument.startswith(("./", "../", "/")):
        if folder is None:
            raise ValueError(f"'{argument}' is not a plan directory: it holds neither plan.yaml nor "
                             f"{plan_rel}/plan.yaml")
        return folder
    if folder is not None and not argument.startswith("-") and _git(
            repo, "rev-parse", "--verify", "--quiet", f"{argument}^{{tree}}").returncode == 0:
        raise ValueError(f"'{argument}' is both a folder and a git revision: write ./{argument} for the folder")
    return folder or _at_revision(argument, plan_rel, data_rel, repo)


def _plan_folder(path: Path, plan_rel: str, data_rel: str, data_default: Path) -> Side | None:
    if path.is_dir() and (path / "plan.yaml").is_file():
        return Side(path, data_default)
    if path.is_dir() and (path / plan_rel / "plan.yaml").is_file():  # a checkout of the whole repository
        return Side(path / plan_rel, path / data_rel)
    return None


def _at_revision(revision: str, plan_rel: str, data_rel: str, repo: Path) -> Side:
    folder, skipped = checkout(revision, [plan_rel, data_rel], repo,
                               {plan_rel: PLAN_MAX_BYTES, data_rel: CSV_MAX_BYTES})
    return Side(folder / plan_rel, folder / data_rel, skipped)


def diff_plans(base_name: str, head_name: str, base: tuple[Path, Path], head: tuple[Path, Path],
               as_of: date) -> PlanDiff:
    from regiomonitor.plan.load import load_plan

    loaded = {}
    progress = {}
    not_compared = []
    for side, name, (plan, data, *skipped) in (("base", base_name, base), ("head", head_name, head)):
        loaded[side] = load_plan(plan)
        progress[side] = Progress.build(loaded[side], data) if loaded[side].themes else None
        not_compared += [{"side": name, "entry": entry} for entry in (skipped[0] if skipped else ())]
    return PlanDiff(base_name, head_name, as_of, compare(loaded["base"], loaded["head"]),
                    status_changes(progress["base"], progress["head"], as_of,
                                   frozenset(loaded["base"].failed_themes) | frozenset(loaded["head"].failed_themes)),
                    {base_name: len(loaded["base"].errors), head_name: len(loaded["head"].errors)}, not_compared)
