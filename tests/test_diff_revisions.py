"""`diff` of git revisions (revisions.checkout and resolve): the tree as committed, whatever its .gitattributes say;
only regular files within the loaders' limits are written, one chunk at a time; every other entry is listed as not
compared; the comparison folders are gone when the process ends; and BASE cannot be a folder the change itself
added (the forged "no changes" pull-request comment)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc

import pytest

from regiomonitor.commands import revisions
from regiomonitor.commands.cli import main
from regiomonitor.commands.revisions import checkout, resolve
from tests.conftest import FIXTURES, ROOT

AS_OF = "2024-12-31"
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}


def git(repo, *args, input=None) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=GIT_ENV,
                          input=input).stdout.decode().strip()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository whose first commit is the small test plan, with the working directory in it."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plan-minimal", root / "plan")
    (root / "data" / "measurements").mkdir(parents=True)
    (root / "data" / "measurements" / "m.csv").write_text("indicator,period,value,area,source,note\n"
                                                          "zorg-wachttijd,2024-Q4,10,,GGD,\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    monkeypatch.chdir(root)
    return root


def commit(repo, message="change"):
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


def diff_json(*args):
    return ["diff", *args, "--as-of", AS_OF, "--format", "json"]


def test_the_revisions_gitattributes_change_nothing(repo, capsys):
    """export-ignore made a theme look removed, export-subst showed expanded text instead of the file's."""
    (repo / ".gitattributes").write_text("plan/zorg.yaml export-ignore\nplan/welzijn.yaml export-subst\n")
    welzijn = (repo / "plan" / "welzijn.yaml").read_text()
    (repo / "plan" / "welzijn.yaml").write_text(welzijn.replace("name: Welzijn\n", "name: Welzijn $Format:%an$\n", 1))
    commit(repo)
    assert main(diff_json("HEAD~1", "HEAD")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == {"HEAD~1": 0, "HEAD": 0}
    assert [(c["change"], c["id"], c["details"]) for c in data["changes"]] == [
        ("changed", "welzijn", [{"field": "name", "old": "Welzijn", "new": "Welzijn $Format:%an$"}])]


def test_entries_that_are_not_compared_say_why(repo, capsys):
    (repo / "plan" / "link.yaml").symlink_to("zorg.yaml")
    (repo / "plan" / "groot.yaml").write_bytes(b"#" * 5_000_001)
    (repo / "plan" / "precies.yaml").write_bytes(b"#" * 5_000_000)  # at the limit: written (and warned about)
    (repo / "data" / "measurements" / "groot.csv").write_bytes(b"0" * 50_000_001)
    git(repo, "add", "-A")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{git(repo, 'rev-parse', 'HEAD')},plan/toelichting")
    git(repo, "commit", "-qm", "odd entries")
    assert main(diff_json("HEAD~1", "HEAD")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["not_compared"] == [{"side": "HEAD", "entry": entry} for entry in [
        "data/measurements/groot.csv: larger than 50,000,000 bytes",
        "plan/groot.yaml: larger than 5,000,000 bytes",
        "plan/link.yaml: a symbolic link",
        "plan/toelichting: a submodule"]]
    assert data["errors"] == {"HEAD~1": 0, "HEAD": 0}


def test_a_tree_entry_that_would_leave_the_folder_is_not_written(repo):
    blob = git(repo, "hash-object", "-w", "--stdin", input=b"geheim\n")
    plan_tree = git(repo, "rev-parse", "HEAD:plan")
    entries = git(repo, "ls-tree", plan_tree) + f"\n100644 blob {blob}\t..\n"
    crafted = git(repo, "mktree", input=entries.encode())  # git mktree takes a '..' entry; a clone would refuse it
    top = git(repo, "ls-tree", "HEAD").replace(plan_tree, crafted)
    revision = git(repo, "commit-tree", git(repo, "mktree", input=top.encode()), "-m", "crafted")
    folder, skipped = checkout(revision, ["plan", "data"], repo)
    assert skipped == ("plan/..: a path that cannot be written inside the comparison folder",)
    assert sorted(p.name for p in folder.iterdir()) == ["data", "plan"]
    assert sorted(p.name for p in (folder / "plan").iterdir()) == ["plan.yaml", "welzijn.yaml", "zorg.yaml"]


def test_no_file_is_held_in_memory_whole(repo):
    """A 45 MB file (under the limit, so it is written) is copied a chunk at a time: git archive's output was held
    whole (a 1.5 GB blob took 3 GB of memory)."""
    (repo / "data" / "groot.bin").write_bytes(os.urandom(1 << 20) * 45)
    commit(repo)
    tracemalloc.start()
    try:
        folder, skipped = checkout("HEAD", ["plan", "data"], repo)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (folder / "data" / "groot.bin").stat().st_size == 45 << 20 and skipped == ()
    assert peak < 8 << 20, f"{peak:,} bytes at the peak"


def test_no_folder_is_left_after_the_process_ends(repo, tmp_path):
    """Every comparison folder stayed in /tmp for ever (121 of them after an hour of the probe)."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    for args in (["HEAD", "HEAD"], ["HEAD", "geen-revisie"]):  # the second fails after HEAD was checked out
        done = subprocess.run([sys.executable, "-m", "regiomonitor", "diff", *args, "--as-of", AS_OF], cwd=repo,
                              capture_output=True, text=True, env={**os.environ, "TMPDIR": str(scratch),
                                                                   "PYTHONPATH": str(ROOT)}, timeout=120)
        assert list(scratch.iterdir()) == [], args
    assert done.returncode == 2
    assert done.stderr == "FAILED: 'geen-revisie' is neither a plan directory nor a git revision with plan, data\n"


def test_a_checkout_that_fails_half_way_removes_its_folder_at_once(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(revisions, "_copy", broken)
    before = list(revisions._SCRATCH)
    with pytest.raises(OSError):
        checkout("HEAD", ["plan", "data"], repo)
    assert list((tmp_path / "tmp").iterdir()) == []
    assert revisions._SCRATCH == before


def test_the_comparison_folders_are_removed_at_exit(repo):
    folder, _ = checkout("HEAD", ["plan", "data"], repo)
    assert (folder / "plan" / "zorg.yaml").is_file()
    revisions.remove_comparison_folders()  # registered with atexit
    assert not folder.exists()


# --- which side is which ------------------------------------------------------------------------------------------------

@pytest.fixture
def forged(repo):
    """The probe's forged comment: a change that edits a target and also adds a folder named after the base commit,
    holding a copy of its own (changed) plan."""
    base = git(repo, "rev-parse", "HEAD")
    zorg = (repo / "plan" / "zorg.yaml").read_text()
    assert "value: 8\n" in zorg
    (repo / "plan" / "zorg.yaml").write_text(zorg.replace("value: 8\n", "value: 2\n", 1))
    shutil.copytree(repo / "plan", repo / base)
    commit(repo, "pr")
    return base


def test_revision_only_takes_the_revision_not_a_folder_of_that_name(repo, forged):
    side = resolve(forged, "plan", "data", repo, repo / "data", revision_only=True)
    assert "value: 8\n" in (side.plan / "zorg.yaml").read_text()
    assert side.plan.parent != repo / forged


@pytest.mark.parametrize("argument, message", [
    ("", "'' is not a git revision: give a commit, branch or tag (a name that starts with '-' would be read as an "
         "option)"),
    ("--output=/tmp/x", "'--output=/tmp/x' is not a git revision: give a commit, branch or tag (a name that starts "
                        "with '-' would be read as an option)"),
])
def test_revision_only_refuses_what_is_no_revision_name(repo, argument, message):
    with pytest.raises(ValueError) as raised:
        resolve(argument, "plan", "data", repo, repo / "data", revision_only=True)
    assert str(raised.value) == message


def test_diff_refuses_an_argument_that_is_both_a_folder_and_a_revision(repo, forged, capsys):
    assert main(diff_json(forged, "HEAD")) == 2
    assert capsys.readouterr().err == (f"FAILED: '{forged}' is both a folder and a git revision: write ./{forged} for "
                                       "the folder\n")
    assert main(diff_json(f"./{forged}", "HEAD")) == 0  # written as a path: the folder
    assert json.loads(capsys.readouterr().out)["changes"] == []
    assert main(diff_json(f"{forged}~0", "HEAD")) == 0  # and the revision, as git spells it otherwise
    assert [c["id"] for c in json.loads(capsys.readouterr().out)["changes"]] == ["zorg-wachttijd"]


@pytest.mark.parametrize("argument, message", [
    ("", "'' is not a plan directory or a git revision: write . for the current folder"),
    ("./nergens", "'./nergens' is not a plan directory: it holds neither plan.yaml nor plan/plan.yaml"),
])
def test_diff_refuses_an_empty_argument_and_a_path_without_a_plan(repo, capsys, argument, message):
    assert main(diff_json(argument, "HEAD")) == 2
    assert capsys.readouterr().err == f"FAILED: {message}\n"


def test_a_folder_that_is_no_revision_is_still_a_folder(repo, tmp_path, capsys):
    shutil.copytree(repo / "plan", tmp_path / "oud")
    (tmp_path / "oud" / "welzijn.yaml").write_text((repo / "plan" / "welzijn.yaml").read_text().replace(
        "name: Welzijn\n", "name: Welzijn oud\n", 1))
    for base in (str(tmp_path / "oud"), "plan"):  # 'plan' is no revision: the folder, as before
        assert main(diff_json(base, "HEAD")) == 0
        assert json.loads(capsys.readouterr().out)["changes"] == ([] if base == "plan" else [
            {"kind": "theme", "change": "changed", "id": "welzijn", "name": "Welzijn", "theme": "welzijn",
             "details": [{"field": "name", "old": "Welzijn oud", "new": "Welzijn"}]}])
