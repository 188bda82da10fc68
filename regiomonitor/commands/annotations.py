"""Problems as GitHub workflow annotations, so they appear on the offending line of a pull request.

Format (GitHub Actions workflow commands): `::error file=plan/x.yaml,line=12,col=5,title=…::message`.
Values are escaped as GitHub's toolkit does: in the message `%`, CR and LF; in properties also `:` and `,`.
"""

from __future__ import annotations

from regiomonitor.core.problems import Problem, shown_relative
from regiomonitor.core.safetext import visible


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, strict: bool = False) -> str:
    """One line per problem. With --strict a warning fails the check, so it is annotated as an error."""
    problem = shown_relative(problem)
    level = "error" if problem.is_error or strict else "warning"
    where = f"file={_property(visible(problem.file))}" + (f",line={problem.line}" if problem.line else "")
    if problem.col:
        where += f",col={problem.col}"
    title = f"Regiomonitor: {visible(problem.field)}" if problem.field else "Regiomonitor"
    return f"::{level} {where},title={_property(title)}::{_data(visible(problem.message))}"


def intake_annotation(problem: Problem) -> str:
    """A problem in a returned workbook ('round.xlsx:Metingen!F5'): GitHub cannot point into a workbook's cell, so
    the annotation names the file and puts the sheet, the cell and the column in its title."""
    file, _, cell = problem.file.partition(":")
    level = "error" if problem.is_error else "warning"
    title = "Regiomonitor" + (f": {cell}" if cell else "") + (f" {problem.field}" if problem.field else "")
    return (f"::{level} file={_property(visible(str(shown_relative(Problem(file, 0, 0, '', '')).file)))},"
            f"title={_property(visible(title))}::{_data(visible(problem.message))}")
