"""Page scripts take turns (app_state.script_turn): concurrent Polars/pyarrow work from several sessions deadlocked
the server under bench/load.py. The export page lets others run while its child process works."""

import threading
import time

from regiomonitor.export.child import export_command, export_in_child
from ui.app_state import others_may_run, script_turn


def test_a_second_script_waits_until_the_first_has_finished():
    events = []
    first_inside = threading.Event()

    def first():
        with script_turn():
            first_inside.set()
            time.sleep(0.3)
            events.append("first done")

    def second():
        first_inside.wait()
        with script_turn():
            events.append("second ran")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert events == ["first done", "second ran"]


def test_while_the_export_waits_another_script_runs_and_the_export_gets_its_turn_back():
    events = []
    waiting = threading.Event()
    other_done = threading.Event()

    def export_page():
        with script_turn():
            with others_may_run():
                waiting.set()
                other_done.wait(timeout=10)
                events.append("child process finished")
            events.append("export page continues")

    def other_page():
        waiting.wait(timeout=10)
        with script_turn():
            events.append("other page ran")
        other_done.set()

    threads = [threading.Thread(target=export_page), threading.Thread(target=other_page)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert events == ["other page ran", "child process finished", "export page continues"]


def test_the_export_command_names_plan_data_quarter_themes_and_formats(tmp_path):
    command = export_command(tmp_path / "plan", tmp_path / "data", "2026-Q3", tmp_path / "out", ["zorg", "welzijn"],
                             ("xlsx", "html"))
    assert command[1:] == ["-m", "regiomonitor", "export", "--plan", str(tmp_path / "plan"), "--data",
                           str(tmp_path / "data"), "--quarter", "2026-Q3", "--out", str(tmp_path / "out"),
                           "--formats", "xlsx,html", "--theme", "zorg", "--theme", "welzijn"]


def test_a_failed_export_gives_the_reason_not_a_traceback(minimal_plan, tmp_path):
    result = export_in_child(minimal_plan, tmp_path / "data", "2025-Q4", tmp_path / "out", ["onbekend"], ("xlsx",))
    assert result.files == []
    assert result.error == ("De export is niet gemaakt: FAILED: unknown theme(s) onbekend; the plan has: zorg, welzijn")
    assert "Traceback" not in result.error


def test_an_export_that_takes_too_long_is_stopped(minimal_plan, tmp_path):
    result = export_in_child(minimal_plan, tmp_path / "data", "2025-Q4", tmp_path / "out", None, ("xlsx",),
                             timeout=0.01)
    assert result.files == []
    assert result.error.startswith("De export duurde langer dan")
    assert result.error.endswith("en is afgebroken. Probeer minder thema's of formaten tegelijk.")
