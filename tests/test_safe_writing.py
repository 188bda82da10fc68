"""Writing files without trusting what the folder holds (regiomonitor.core.safefiles.write_bytes and replace_file), and the
commands that write: `schema`, `demo-data`, `build --out` and the export's files.

A probe found that these followed links out of the plan and data folders, hung on a named pipe, and replaced
whatever stood at the name: `build --out /dev/full` deleted the device, `build --out plan/zorg.yaml` a plan file.
Each case here has its exact message; the thing at the name is left as it was, and nothing hangs."""

import errno
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from regiomonitor.commands.cli import main
from regiomonitor.core import safefiles
from regiomonitor.core.safefiles import LINK_REFUSED, Refused, write_bytes
from regiomonitor.export.run import ExportError, run_export
from regiomonitor.plan.load import load_plan
from tests.conftest import FIXTURES, ROOT, judged

FIFO = "this is a named pipe (FIFO), not a file: refused without opening it"
SOCKET = "this is a socket, not a file: refused without opening it"
DEVICE = "this is a device, not a file: refused without opening it"
NOT_A_DATABASE = ("this file is not a DuckDB database: refused, `build` replaces only a database file "
                  "(choose another --out)")
DATA = "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\n"


def within(seconds, function, *args):
    """Call function(*args) in a thread; fail the test instead of hanging it (a FIFO opened for writing blocks)."""
    done = {}

    def run():
        try:
            done["value"] = function(*args)
        except BaseException as exc:  # re-raised in the test's thread
            done["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "writing blocked"
    if "error" in done:
        raise done["error"]
    return done["value"]


def refused(path, root, data=b"new"):
    with pytest.raises(Refused) as raised:
        within(20, write_bytes, path, root, data)
    return str(raised.value)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".regiomonitor-"))


# --- the writer -------------------------------------------------------------------------------------------------------

def test_a_new_file_is_written_and_missing_folders_below_the_root_are_made(tmp_path):
    assert write_bytes(tmp_path / "a" / "b" / "x.csv", tmp_path, b"inhoud") == tmp_path / "a" / "b" / "x.csv"
    assert (tmp_path / "a" / "b" / "x.csv").read_bytes() == b"inhoud"
    assert leftovers(tmp_path / "a" / "b") == []


def test_an_existing_file_is_replaced_whole_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "schema.json"
    target.write_text("oud")
    target.chmod(0o640)
    inode = target.stat().st_ino
    write_bytes(target, tmp_path, b"nieuw")
    assert target.read_text() == "nieuw"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_ino != inode  # a new file renamed into place, not the old one rewritten
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_link_at_the_name_is_refused_wherever_it_points(tmp_path, where):
    root = tmp_path / "plan"
    root.mkdir()
    victim = (tmp_path if where == "outside" else root) / "doel.txt"
    victim.write_text("blijft")
    (root / "schema.json").symlink_to(victim)
    assert refused(root / "schema.json", root) == LINK_REFUSED
    assert victim.read_text() == "blijft"
    assert (root / "schema.json").is_symlink()
    assert leftovers(root) == []


def test_a_dangling_link_at_the_name_is_refused(tmp_path):
    (tmp_path / "schema.json").symlink_to(tmp_path / "bestaat-niet")
    assert refused(tmp_path / "schema.json", tmp_path) == LINK_REFUSED
    assert not (tmp_path / "bestaat-niet").exists()


def test_a_named_pipe_is_refused_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "x.csv")
    assert refused(tmp_path / "x.csv", tmp_path) == FIFO
    assert stat.S_ISFIFO(os.lstat(tmp_path / "x.csv").st_mode)


def test_a_socket_is_refused(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "x.csv"))
    try:
        assert refused(tmp_path / "x.csv", tmp_path) == SOCKET
    finally:
        server.close()


def test_a_device_is_refused_and_stays(tmp_path):
    try:
        os.mknod(tmp_path / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))  # /dev/full
    except PermissionError:
        pytest.skip("creating a device node needs root")
    assert refused(tmp_path / "full", tmp_path) == DEVICE
    assert stat.S_ISCHR(os.lstat(tmp_path / "full").st_mode)


def test_a_folder_at_the_name_is_refused(tmp_path):
    (tmp_path / "x.csv").mkdir()
    assert refused(tmp_path / "x.csv", tmp_path) == "is a directory"


def test_a_folder_link_out_of_the_root_is_refused(tmp_path):
    data, outside = tmp_path / "data", tmp_path / "elders"
    data.mkdir()
    outside.mkdir()
    (data / "demo").symlink_to(outside)
    assert refused(data / "demo" / "demo.csv", data) == (
        f"{data}/demo is a link to a place outside {data}/: refused, files are only written inside it")
    assert list(outside.iterdir()) == []


def test_a_folder_link_that_stays_inside_the_root_is_followed(tmp_path):
    (tmp_path / "echt").mkdir()
    (tmp_path / "demo").symlink_to("echt")
    write_bytes(tmp_path / "demo" / "demo.csv", tmp_path, b"ok")
    assert (tmp_path / "echt" / "demo.csv").read_bytes() == b"ok"


def test_a_root_that_does_not_exist_or_is_a_file(tmp_path):
    assert refused(tmp_path / "nergens" / "schema.json", tmp_path / "nergens") == (
        f"the folder {tmp_path}/nergens does not exist")
    (tmp_path / "plan").write_text("een bestand")
    assert refused(tmp_path / "plan" / "schema.json", tmp_path / "plan") == f"{tmp_path}/plan is a file, not a folder"


def test_a_file_where_a_folder_should_be_made(tmp_path):
    (tmp_path / "demo").write_text("een bestand")
    assert refused(tmp_path / "demo" / "demo.csv", tmp_path) == f"{tmp_path}/demo is a file, not a folder"
    assert (tmp_path / "demo").read_text() == "een bestand"


def test_a_folder_that_cannot_be_made(tmp_path):
    assert refused(Path("/proc/self/demo/demo.csv"), Path("/proc/self")) == (
        "cannot make the folder /proc/self/demo: no such file or directory")


def test_a_full_disk_leaves_the_old_file_and_no_scratch(tmp_path, monkeypatch):
    target = tmp_path / "x.csv"
    target.write_text("oud")

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    assert refused(target, tmp_path) == "no space left on device"
    assert target.read_text() == "oud"
    assert leftovers(tmp_path) == []


def test_a_folder_without_write_permission(tmp_path, monkeypatch):
    def denied(*args, **kwargs):  # the tests run as root, who may write anywhere
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(safefiles.tempfile, "mkdtemp", denied)
    assert refused(tmp_path / "x.csv", tmp_path) == "permission denied"


# --- the commands -----------------------------------------------------------------------------------------------------

def cli(*args):
    """The command in a child process with a bound: a command that hangs fails the test."""
    return subprocess.run([sys.executable, "-m", "regiomonitor", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def failed(done, path, reason):
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"FAILED: cannot write to {path}: {reason}\n")


@pytest.fixture
def plan_and_data(minimal_plan):
    data = minimal_plan.parent / "data"
    (data / "measurements").mkdir(parents=True)
    (data / "measurements" / "m.csv").write_text(DATA)
    return minimal_plan, data


def test_schema_does_not_write_through_a_link_out_of_the_plan(minimal_plan, tmp_path):
    (tmp_path / "slachtoffer.txt").write_text("blijft")
    (minimal_plan / "schema.json").symlink_to(tmp_path / "slachtoffer.txt")
    failed(cli("schema", "--plan", minimal_plan), minimal_plan / "schema.json", LINK_REFUSED)
    assert (tmp_path / "slachtoffer.txt").read_text() == "blijft"


def test_schema_refuses_a_named_pipe_and_a_missing_plan_folder(minimal_plan, tmp_path):
    os.mkfifo(minimal_plan / "schema.json")
    failed(cli("schema", "--plan", minimal_plan), minimal_plan / "schema.json", FIFO)
    failed(cli("schema", "--plan", tmp_path / "nergens"), tmp_path / "nergens" / "schema.json",
           f"the folder {tmp_path}/nergens does not exist")


def test_schema_writes_the_schema(minimal_plan, capsys):
    assert main(["schema", "--plan", str(minimal_plan)]) == 0
    assert capsys.readouterr().err == f"wrote {minimal_plan}/schema.json\n"
    assert (minimal_plan / "schema.json").read_text(encoding="utf-8") == (ROOT / "plan" / "schema.json").read_text(
        encoding="utf-8")


def test_demo_data_refuses_a_link_a_pipe_and_a_folder_it_cannot_make(plan_and_data, tmp_path):
    plan, data = plan_and_data
    target = data / "demo" / "demo-measurements.csv"
    (data / "demo").mkdir()
    os.mkfifo(target)
    failed(cli("demo-data", "--plan", plan, "--data", data), target, FIFO)
    target.unlink()
    (tmp_path / "slachtoffer.csv").write_text("blijft")
    target.symlink_to(tmp_path / "slachtoffer.csv")
    failed(cli("demo-data", "--plan", plan, "--data", data), target, LINK_REFUSED)
    assert (tmp_path / "slachtoffer.csv").read_text() == "blijft"
    failed(cli("demo-data", "--plan", plan, "--data", "/proc/self"), "/proc/self/demo/demo-measurements.csv",
           "cannot make the folder /proc/self/demo: no such file or directory")


def test_demo_data_writes_its_folder_and_file(plan_and_data, capsys):
    plan, data = plan_and_data
    assert main(["demo-data", "--plan", str(plan), "--data", str(data)]) == 0
    assert capsys.readouterr().err == f"wrote {data}/demo/demo-measurements.csv: 11 demo rows (source = demo)\n"
    assert (data / "demo" / "demo-measurements.csv").read_text().startswith("indicator,period,value")


def test_build_refuses_to_replace_a_plan_file(plan_and_data):
    plan, data = plan_and_data
    before = (plan / "zorg.yaml").read_bytes()
    failed(cli("build", "--plan", plan, "--data", data, "--out", plan / "zorg.yaml"), plan / "zorg.yaml", NOT_A_DATABASE)
    assert (plan / "zorg.yaml").read_bytes() == before
    assert leftovers(plan) == []


def test_build_refuses_a_pipe_a_device_a_folder_and_a_missing_folder(plan_and_data, tmp_path):
    plan, data = plan_and_data
    os.mkfifo(tmp_path / "pijp")
    failed(cli("build", "--plan", plan, "--data", data, "--out", tmp_path / "pijp"), tmp_path / "pijp", FIFO)
    failed(cli("build", "--plan", plan, "--data", data, "--out", plan), plan, "is a directory")
    failed(cli("build", "--plan", plan, "--data", data, "--out", tmp_path / "nergens" / "x.duckdb"),
           tmp_path / "nergens" / "x.duckdb", f"the folder {tmp_path}/nergens does not exist")
    try:
        os.mknod(tmp_path / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what `build --out /dev/full` deleted
    except PermissionError:
        return
    failed(cli("build", "--plan", plan, "--data", data, "--out", tmp_path / "full"), tmp_path / "full", DEVICE)
    assert stat.S_ISCHR(os.lstat(tmp_path / "full").st_mode)


def test_build_replaces_its_own_database(plan_and_data, tmp_path, capsys):
    plan, data = plan_and_data
    out = tmp_path / "rm.duckdb"
    for _ in range(2):  # made, then replaced
        assert main(["build", "--plan", str(plan), "--data", str(data), "--out", str(out)]) == 0
        assert capsys.readouterr().err == f"wrote {out}: 1 measurements, 0 rejected row(s)\n"
    assert out.read_bytes()[8:12] == b"DUCK"
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select indicator, value from measurements").fetchall() == [("zorg-wachttijd", 10.0)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("plan", "data", "sources")) == ["rm.duckdb"]


def test_build_reports_a_database_it_cannot_write_and_keeps_the_old_one(plan_and_data, tmp_path, capsys, monkeypatch):
    plan, data = plan_and_data
    out = tmp_path / "rm.duckdb"
    assert main(["build", "--plan", str(plan), "--data", str(data), "--out", str(out)]) == 0
    before = out.read_bytes()

    def full(loaded, measurements, path):
        raise duckdb.IOException(f'IO Error: Could not write file "{path}": No space left on device')

    monkeypatch.setattr("regiomonitor.engine.db.build_database", full)
    capsys.readouterr()
    assert main(["build", "--plan", str(plan), "--data", str(data), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (f"FAILED: cannot write to {out}: DuckDB could not write the database: IO Error: "
                                       f'Could not write file "{out}": No space left on device\n')
    assert out.read_bytes() == before


def test_export_refuses_a_named_pipe_at_a_file_name_instead_of_hanging(tmp_path):
    shutil.copytree(FIXTURES / "plan-minimal", tmp_path / "plan")
    (tmp_path / "data" / "measurements").mkdir(parents=True)
    (tmp_path / "data" / "measurements" / "m.csv").write_text(DATA)
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "regiomonitor-2024-Q4.xlsx")
    (tmp_path / "slachtoffer.html").write_text("blijft")
    (out / "regiomonitor-2024-Q4.html").symlink_to(tmp_path / "slachtoffer.html")
    loaded = load_plan(tmp_path / "plan")
    snapshot, quarter = judged(loaded, tmp_path / "data", "2024-Q4")
    for fmt, reason in (("xlsx", FIFO), ("html", LINK_REFUSED)):
        with pytest.raises(ExportError) as raised:
            within(120, run_export, snapshot, quarter, tmp_path / "data", out, None, (fmt,),
                   datetime(2026, 1, 15, 9, 30))
        assert str(raised.value) == f"cannot write to {out}/regiomonitor-2024-Q4.{fmt}: {reason}"
    assert (tmp_path / "slachtoffer.html").read_text() == "blijft"
    assert leftovers(out) == []
