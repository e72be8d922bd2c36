"""The ``ratings`` command: parses arguments, calls the library, formats the output. Nothing else."""

from __future__ import annotations

import errno
import functools
import os
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterable, ParamSpec, TypeVar

import click
from click.shell_completion import CompletionItem

from . import api as _api
from ..model.errors import RatingsError, one_line
from ..model.limits import DEFAULT_MAX_SECONDS
from ..model.words import and_list
from ..loading.inspection import load_inspection as load_inspection_file  # (an inspection file, not a report)
from ..loading.registry import bundled_ids, bundled_rule_sets, load_path, load_rules, newest
from ..frontends.render import (batch_csv, confidence_text, for_terminal, gap_text, result_text, rule_card_text,
                                rule_list_text, verify_text)
from ..frontends.outputs import json_text, rule_card_data, rule_list_data, verify_data
from ..reading.files import yaml_files
from ..reading.yaml_file import display_name, is_stdin

# the commands other than `rate` import what they need when run, so that `ratings rate` starts fast

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="Text for people, JSON for programs.")
FORCE = click.option("--force", is_flag=True, help="Replace the output file if it exists.")
MAX_SECONDS = click.option(
    "--max-seconds", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_SECONDS, show_default=True,
    metavar="SECONDS", help="Give up on a search that takes longer, saying what it found so far.")


P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a RatingsError into 'Error: FILE:LINE: message' lines on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except RatingsError as exc:
            for problem in exc.problems:
                click.echo(f"Error: {problem}", err=True)
            sys.exit(1)

    return wrapper


def check_output(output: str, read: Iterable[str] = (), force: bool = False) -> None:
    """Where a command may write (the same for every command that writes a file): a named path, never through
    a link whose target does not exist (it would create the target, elsewhere), never one of the files the
    command reads (it would overwrite its own input), and never an existing file without ``--force``. Checked
    before any work, so that nothing is computed to be thrown away."""
    if not output.strip():
        raise click.UsageError("name the file to write (the output path is empty)")
    if os.path.islink(output) and not os.path.exists(output):
        raise RatingsError(f"{output} is a link to {os.readlink(output)}, which does not exist: not followed "
                           "(it would create a file elsewhere); name a file")
    target = os.path.realpath(output)
    for path in read:
        if not is_stdin(path) and os.path.exists(path) and os.path.realpath(path) == target:
            raise RatingsError(f"{output} is one of the files read ({path}): it would be overwritten; name "
                               "another file to write")
    if not force and _is_file(output):
        raise RatingsError(exists_already(output))


def _is_file(path: str) -> bool:
    """Whether ``path`` is an existing file (or a link to one): what ``--force`` is needed to replace. A device
    or a named pipe (/dev/null, a FIFO) is written to, as a stream is."""
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def exists_already(output: str) -> str:
    return f"{output} exists already: not replaced (give --force to replace it, or name a new file)"


def write_output(output: str, data: str | bytes, force: bool) -> None:
    """Write a command's output file: replacing one only with ``--force`` (checked again as it is opened, so
    that a file made meanwhile is not replaced either)."""
    mode = "w" if force or (os.path.exists(output) and not _is_file(output)) else "x"
    try:
        if isinstance(data, bytes):
            with open(output, mode + "b") as fh:
                fh.write(data)
        else:  # text as it is: no line endings translated (the CSV's own are \r\n)
            with open(output, mode, encoding="utf-8", newline="") as fh:
                fh.write(data)
    except FileExistsError:
        raise RatingsError(exists_already(output)) from None


def emit_json(data: Any) -> None:
    out(json_text(data))


def out(text: str) -> None:
    """Write ``text`` to standard output, all of it, or raise the OSError that stopped it.

    Not ``click.echo``: it writes through Python's text layer, which ignores the count its buffer returns.
    When the reader of a pipe goes away in the middle of a write larger than the pipe holds (``| head -c 10``),
    the kernel takes part of it and the rest is dropped with no error, so the command would exit 0 having lost
    output. Here the bytes are written until all are taken: the next write meets the closed pipe and the
    command exits 1 (``cannot_write``), whatever click or Python version does.
    """
    stream = sys.stdout
    if stream is None:  # no standard output at all (pythonw): nothing to write to, as click.echo
        return
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a text-only stream (a StringIO): it takes the whole text or raises
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    data = memoryview(text.encode(*_output_encoding(stream)))
    while data:
        written = binary.write(data)
        if not written:  # a stream that takes nothing and says nothing: stop rather than spin
            raise OSError(errno.EIO, "standard output took none of the bytes written to it")
        data = data[written:]
    binary.flush()


def out_line(text: str) -> None:
    """One line of output, as :func:`out` writes."""
    out(text + "\n")


def _output_encoding(stream: Any) -> tuple[str, str]:
    """The stream's encoding, but UTF-8 where it says ASCII (a misconfigured locale), and characters it cannot
    hold replaced rather than a traceback: what click.echo writes with."""
    import codecs

    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        if codecs.lookup(encoding).name == "ascii":
            encoding = "utf-8"
    except LookupError:
        encoding = "utf-8"
    errors = getattr(stream, "errors", None)
    return encoding, errors if errors and errors != "strict" else "replace"


class Ratings(click.Group):
    """The ``ratings`` command. Output that cannot be written (a full disk, /dev/full, a closed file) is one
    error line and exit code 1 for every command, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            try:
                return super().main(*args, **kwargs)
            finally:  # flushed here, inside the guard, rather than at interpreter exit
                if sys.stdout is not None:
                    sys.stdout.flush()
        except OSError as exc:  # not a reading error: the library makes each of those a RatingsError
            cannot_write(exc)


def cannot_write(exc: OSError) -> None:
    """Say that output could not be written, leave nothing for the interpreter to flush, and exit 1. A closed
    pipe (``| head``) is left quiet, as click and every Unix tool leave it."""
    if exc.errno != errno.EPIPE:
        try:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(for_terminal(f"Error: cannot write output: {where}{exc.strerror or exc}"), err=True)
        except OSError:  # stderr is gone too: the exit code says it
            pass
    try:  # what stdout still buffers goes nowhere, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (a test runner's): nothing to drain
        pass
    sys.exit(1)



def complete_rule_set_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The bundled rule sets' ids that start with what is typed, for the shell to complete."""
    return [CompletionItem(i) for i in bundled_ids() if i.startswith(incomplete)]


def complete_rule_set(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """A rule set's id, or else a file: the shell completes a path when no id starts with what is typed
    (the file item comes first: bash's script clears the list when it reads it)."""
    return [CompletionItem(incomplete, type="file"), *complete_rule_set_id(ctx, param, incomplete)]

@click.group(cls=Ratings, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ratings", message="%(prog)s %(version)s")
def main() -> None:
    """Recompute inspectorate ratings (HM Inspectorate of Probation's, CQC's, or any written as a rule set)
    from an inspection's results, and say why."""


@main.command(short_help='Rate one inspection file, and say why.')
@click.argument("file")
@click.option("--rules", "rules", metavar="ID|PATH", shell_complete=complete_rule_set,
              help="Rate under this rule set (a bundled id or a rule-set file), whatever the file says.")
@FORMAT
@MAX_SECONDS
@reports_errors
def rate(file: str, rules: str | None, fmt: str, max_seconds: float) -> None:
    """Rate one inspection FILE: every standard, the score and the overall rating, with the reasons. FILE may
    be an inspection report (PDF, HTML or text), extracted in memory first: what it does not give is unknown,
    and rated as a range."""
    from ..loading.sources import load_inspection_or_report

    rule_set, inspection, _ = load_inspection_or_report(file, rules, max_seconds)
    result = _api.rate_inspection(rule_set, inspection, max_seconds=max_seconds)
    if fmt == "json":
        emit_json(result.to_dict())  # (a report's with its gaps)
    else:
        out(result_text(result))
    for gap in inspection.gaps or ():  # a report's: what it did not give, or gave in doubt
        click.echo(for_terminal(f"Warning: {display_name(file)}: {gap}"), err=True)


@main.group(short_help="List, show, check, test, compare and copy rule sets.")
def rules() -> None:
    """List, show, check, test (worked cases), compare (diff), copy and measure (coverage) rule sets."""


@rules.command("list", short_help='List the rule sets, by publisher.')
@FORMAT
@reports_errors
def rules_list(fmt: str) -> None:
    """List the bundled rule sets with the fieldwork dates each covers."""
    sets = bundled_rule_sets()
    if fmt == "json":
        emit_json(rule_list_data(sets))
    else:
        out(rule_list_text(sets))


@rules.command("show", short_help='Show a rule set as a readable card.')
@click.argument("rule_set", metavar="ID|PATH", shell_complete=complete_rule_set)
@FORMAT
@reports_errors
def rules_show(rule_set: str, fmt: str) -> None:
    """Show a rule set as a readable card: bands, standards, decision rules and score tables."""
    if fmt == "json":
        emit_json(rule_card_data(load_rules(rule_set)))
    else:
        out(rule_card_text(load_rules(rule_set)))


@rules.command("check", short_help='Check rule sets, and that raising an input never lowers an output.')
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@MAX_SECONDS
def rules_check(paths: tuple[str, ...], max_seconds: float) -> None:
    """Check rule-set files (or every *.yaml and *.yml in a folder), reporting every problem with its line,
    and that raising any one input never lowers any output (else a witness)."""
    from ..analyses.monotone import check

    failed = False
    for path in yaml_files(paths, recursive=False):
        try:
            rule_set = load_path(path) if Path(path).exists() else load_rules(path)
            checked = check(rule_set, max_seconds)
        except RatingsError as exc:
            failed = True
            for problem in exc.problems:
                click.echo(f"Error: {problem}", err=True)
            continue
        kinds = [s.kind for s in rule_set.standards.values()]
        counted = and_list(f"{kinds.count(kind)} {kind}" for kind in ("judged", "case", "scored", "derived")
                           if kind in ("judged", "case") or kind in kinds)
        rules_n = len(rule_set.decision_rules)
        out_line(for_terminal(f"{display_name(path)}: OK: {rule_set.id}, {counted} standards, {rules_n} decision "
                                    f"rule{'s' if rules_n != 1 else ''}, in force "
                                    f"{rule_set.in_force.describe()}; raising any input never lowers an output "
                                    f"({checked:,} situations checked)"))
    sys.exit(1 if failed else 0)


@rules.command("test", short_help='Run worked cases.')
@click.argument("paths", nargs=-1, metavar="[PATH...]")
@MAX_SECONDS
@reports_errors
def rules_test(paths: tuple[str, ...], max_seconds: float) -> None:
    """Run worked cases (files of inspections with the ratings they must get); by default the bundled ones."""
    from ..analyses.worked_cases import bundled_case_files, run_worked_cases

    files = [str(p) for p in bundled_case_files()] if not paths else yaml_files(paths, recursive=False)
    passed = failed = broken = 0
    for path in files:
        shown = display_name(path)
        try:
            outcomes = run_worked_cases(path, max_seconds)
        except RatingsError as exc:  # one broken file is reported and counted; the others still run
            broken += 1
            out_line(for_terminal(f"ERROR {shown}"))
            for problem in exc.problems:
                click.echo(f"Error: {problem}", err=True)
            continue
        for outcome in outcomes:
            if outcome.passed:
                passed += 1
                out_line(for_terminal(f"ok    {shown}: {one_line(outcome.case.name)}"))
            else:
                failed += 1
                out_line(for_terminal(f"FAIL  {shown}: {one_line(outcome.case.name)}"))
                for failure in outcome.failures:
                    click.echo(f"Error: {failure}", err=True)
    unread = f"; {broken} of {len(files)} files could not be read" if broken else ""
    out_line(f"{passed + failed} worked case{'s' if passed + failed != 1 else ''}: {passed} passed, {failed} failed"
             f"{unread}")
    sys.exit(1 if failed or broken else 0)


@rules.command("copy", short_help='Copy a bundled rule set, to start one of your own.')
@click.argument("rule_set", metavar="ID", shell_complete=complete_rule_set_id)
@click.argument("file", type=click.Path(dir_okay=False))
@FORCE
@reports_errors
def rules_copy(rule_set: str, file: str, force: bool) -> None:
    """Write the YAML of bundled rule set ID to FILE, to start a rule set of your own from it."""
    from ..loading.registry import bundled_dir

    rules = load_rules(rule_set)  # an unknown id is an error suggesting the nearest
    check_output(file, force=force)
    write_output(file, (bundled_dir() / f"{rules.id}.yaml").read_bytes(), force)
    out_line(for_terminal(f"Wrote {file}, a copy of {rules.id}: give it an id of its own, then change what "
                                "you need."))


@rules.command("diff", short_help='Where two rule sets rate the same inspection differently.')
@click.argument("first", metavar="A", shell_complete=complete_rule_set)
@click.argument("second", metavar="B", shell_complete=complete_rule_set)
@FORMAT
@MAX_SECONDS
@reports_errors
def rules_diff(first: str, second: str, fmt: str, max_seconds: float) -> None:
    """Where rule sets A and B (ids or files) rate the same inspection differently: in how many of every
    combination of judgements and case ratings, and the simplest example of each difference. Exit code 1
    when anything differs."""
    from ..analyses.diff import diff
    from ..frontends.render import diff_text

    answer = diff(load_rules(first), load_rules(second), (first, second), max_seconds)
    if fmt == "json":
        emit_json(answer.to_dict())
    else:
        out(diff_text(answer))
    sys.exit(1 if answer.differ else 0)


@rules.command("coverage", short_help="What a rule set's worked cases exercise, and what they miss.")
@click.argument("paths", nargs=-1, metavar="[PATH...]")
@click.option("--min", "least", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Fail (exit 1) when a rule set's worked cases exercise less than this share of its items: a "
                   "gate for CI.")
@FORMAT
@reports_errors
def rules_coverage(paths: tuple[str, ...], least: float | None, fmt: str) -> None:
    """Which bands, decision rules (firing and not), derived standards and score-table rows worked cases
    exercise. PATH: worked-case files or folders of them, or rule sets (ids or files) whose worked cases lie
    beside them (NAME.tests.yaml or tests/NAME.yaml); by default every bundled rule set."""
    from ..analyses.coverage import coverage_of_paths
    from ..frontends.render import coverage_text

    reports = coverage_of_paths(paths)
    if fmt == "json":
        emit_json({"rule_sets": [r.to_dict() for r in reports]})
    else:
        out(coverage_text(reports))
    # the exact share, not the rounded figure printed (2,499 of 2,500 is below --min 100)
    short = [r for r in reports if least is not None and 100 * r.covered < Fraction(repr(least)) * len(r.items)]
    for r in short:
        click.echo(f"Error: {r.rules.id}: worked cases exercise {r.to_dict()['percent']}% of its items, below "
                   f"--min {least:g}%", err=True)
    sys.exit(1 if short else 0)


@main.command(short_help="A JSON Schema of a rule set's inspection files.")
@click.option("--rules", "rules_ref", metavar="ID|PATH", shell_complete=complete_rule_set,
              help="The rule set whose inspection files the schema describes (default: the newest PDU one).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write here, not to stdout.")
@FORCE
@reports_errors
def schema(rules_ref: str | None, output: str | None, force: bool) -> None:
    """Print a JSON Schema for inspection files, for editors to check files as they are typed."""
    from ..frontends.schema import inspection_schema

    if output is not None:
        check_output(output, [rules_ref] if rules_ref else [], force)
    text = json_text(inspection_schema(load_rules(rules_ref) if rules_ref else newest()))
    if not output:
        out(text)
        return
    write_output(output, text, force)


@main.command(short_help='A skeleton inspection file to fill in.')
@click.option("--rules", "rules_ref", metavar="ID|PATH", shell_complete=complete_rule_set,
              help="The rule set to write an inspection file for (default: the newest PDU one).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write here, not to stdout.")
@FORCE
@reports_errors
def template(rules_ref: str | None, output: str | None, force: bool) -> None:
    """Write a skeleton inspection file: every standard and key question left `unknown`, the questions as comments."""
    from ..frontends.template import inspection_template
    from ..loading.registry import looks_like_path

    if output is not None:
        check_output(output, [rules_ref] if rules_ref else [], force)
    rule_set = load_rules(rules_ref) if rules_ref else newest()
    ref = None
    if rules_ref and looks_like_path(rules_ref) and not is_stdin(rules_ref):  # a relative path: from the new file
        ref = rules_ref if os.path.isabs(rules_ref) else os.path.relpath(
            rules_ref, os.path.dirname(os.path.abspath(output)) if output else os.curdir)
    text = inspection_template(rule_set, ref)
    if not output:
        out(text)
        return
    write_output(output, text, force)


@main.command(short_help="The fewest more 'Yes' cases (or points) reaching a rating.")
@click.argument("file")
@click.option("--target", required=True, metavar="RATING", help="The rating to reach, e.g. Good.")
@click.option("--standard", metavar="ID", help="Reach it for this standard rather than overall.")
@click.option("--rules", "rules_ref", metavar="ID|PATH", shell_complete=complete_rule_set, help="Rate under this rule set, whatever the file says.")
@FORMAT
@MAX_SECONDS
@reports_errors
def gap(file: str, target: str, standard: str | None, rules_ref: str | None, fmt: str, max_seconds: float) -> None:
    """The fewest additional cases judged 'Yes' that would make FILE's overall rating (or one standard) TARGET."""
    from ..analyses.gap import gap as find_gap, parse_target

    rule_set, inspection = load_inspection_file(file, rules_ref)
    if standard is None or standard in rule_set.standards:
        try:  # a rating the scale does not have is a usage error (exit 2), as a misspelt option is
            parse_target(rule_set, target, standard or "overall")
        except RatingsError as exc:
            raise click.BadParameter(str(exc), param_hint="'--target'") from None
    answer = find_gap(rule_set, inspection, target, standard, max_seconds)
    if fmt == "json":
        emit_json(answer.to_dict())
    else:
        out(gap_text(answer, rule_set, inspection.name))


@main.command(short_help='How sure each rating is, its cases taken as samples.')
@click.argument("file")
@click.option("--rules", "rules_ref", metavar="ID|PATH", shell_complete=complete_rule_set, help="Rate under this rule set, whatever the file says.")
@FORMAT
@MAX_SECONDS
@reports_errors
def confidence(file: str, rules_ref: str | None, fmt: str, max_seconds: float) -> None:
    """How sure each rating of FILE is: the probability of each rating, treating the cases as a sample."""
    from ..analyses.confidence import confidence as find_confidence

    rule_set, inspection = load_inspection_file(file, rules_ref)
    answer = find_confidence(rule_set, inspection, max_seconds)
    if fmt == "json":
        emit_json(answer.to_dict())
    else:
        out(confidence_text(answer, _api.rate_inspection(rule_set, inspection, trace=False)))


@main.command(short_help='Rate many inspection files (or reports) into one table.')
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--rules", "rules_ref", metavar="ID|PATH", shell_complete=complete_rule_set, help="Rate every file under this rule set.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx"]), default="csv", show_default=True,
              help="xlsx (needs the extra 'xlsx') has a second sheet, one row per standard per file.")
@click.option("--excel", is_flag=True, help="CSV for Excel: begin with a byte-order mark, so it reads UTF-8.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write here, not to stdout.")
@FORCE
@MAX_SECONDS
def batch(paths: tuple[str, ...], rules_ref: str | None, fmt: str, excel: bool, output: str | None,
          force: bool, max_seconds: float) -> None:
    """Rate many inspection files (folders are searched for *.yaml and *.yml): one row per file, errors included.
    A file named may be an inspection report (PDF, HTML or text), extracted in memory first; its row says how
    many gaps it had."""
    from ..analyses.verify import rate_files

    if excel and fmt != "csv":
        raise click.UsageError("--excel shapes CSV output; it does nothing with --format " + fmt)
    if fmt == "xlsx":
        if not output:
            raise click.UsageError("--format xlsx writes a binary file: name it with --output FILE")
        from .tables import new_workbook, xlsx_bytes

        reports_errors(new_workbook)()  # openpyxl missing: say so before rating anything
    if output is not None:  # (this command reports each file's errors itself: this one as any command does)
        reports_errors(check_output)(output, [*yaml_files(paths), *([rules_ref] if rules_ref else [])], force)
    rows = rate_files(paths, rules_ref, max_seconds)
    if fmt == "xlsx":
        assert output is not None  # xlsx without --output was refused above
        reports_errors(write_output)(output, xlsx_bytes(rows), force)
    else:
        text = json_text([r.to_dict() for r in rows]) if fmt == "json" else batch_csv(rows, excel)
        if output:
            reports_errors(write_output)(output, text, force)
        else:
            out(text)
    failed = [r for r in rows if not r.ok]
    if failed:
        click.echo(f"Error: {len(failed)} of {len(rows)} files could not be rated", err=True)
    sys.exit(1 if failed else 0)


@main.command(short_help='Compare ratings with those a report published.')
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--rules", "rules_refs", metavar="ID|PATH", shell_complete=complete_rule_set, multiple=True,
              help="Rate every file under this rule set. Give it more than once to compare rule sets: each "
                   "is tested against every file, and each one's agreements and contradictions are listed.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) when a file publishes nothing to compare with, as when one disagrees: a gate "
                   "for CI.")
@FORMAT
@MAX_SECONDS
def verify(paths: tuple[str, ...], rules_refs: tuple[str, ...], strict: bool, fmt: str, max_seconds: float) -> None:
    """Rate each file and compare with the ratings it says were published (its `published:` section). A
    file may be an inspection report (PDF, HTML or text), extracted in memory first; its gaps are listed."""
    from ..analyses.verify import Tally, verify_file

    if len(rules_refs) > 1:
        return verify_hypotheses(paths, rules_refs, fmt, max_seconds)
    rules_ref = rules_refs[0] if rules_refs else None
    verdicts = [verify_file(f, rules_ref, max_seconds) for f in yaml_files(paths)]
    tally = Tally.of(verdicts)
    if fmt == "json":
        emit_json(verify_data(verdicts))
    else:
        out(verify_text(verdicts, tally.agree, tally.disagree, tally.unchecked, tally.errors))
    for v in verdicts:
        for gap in v.gaps or ():  # a report's values not found: rated as unknowns
            click.echo(for_terminal(f"Warning: {v.file}: {gap}"), err=True)
        if v.error is not None:
            for line in v.error.splitlines():
                click.echo(f"Error: {line}", err=True)
    sys.exit(1 if tally.disagree or tally.errors or (strict and tally.unchecked) else 0)


@reports_errors
def verify_hypotheses(paths: tuple[str, ...], refs: tuple[str, ...], fmt: str, max_seconds: float) -> None:
    """``verify --rules A --rules B ...``: every file under each rule set, and which fit every file. Exit code
    0 when some rule set contradicts no file and every file could be rated, else 1."""
    from ..analyses.verify import compare_rule_sets
    from ..frontends.render import hypotheses_text

    hypotheses = compare_rule_sets(paths, refs, max_seconds)
    if fmt == "json":
        emit_json({"rule_sets": [h.to_dict() for h in hypotheses],
                   "consistent_with_all": [h.rules for h in hypotheses if h.fits_all]})
    else:
        out(hypotheses_text(hypotheses))
    errors = dict.fromkeys(line for h in hypotheses for v in h.verdicts if v.error is not None
                           for line in v.error.splitlines())
    for line in errors:  # a file broken under several rule sets is reported once
        click.echo(f"Error: {line}", err=True)
    sys.exit(0 if any(h.fits_all for h in hypotheses) else 1)


@main.command(short_help='One offline HTML page of one or more inspections.')
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--rules", "rules_ref", metavar="ID|PATH", shell_complete=complete_rule_set, help="Rate every file under this rule set.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the page here (e.g. report.html), not to stdout.")
@click.option("--title", default="Inspection ratings", show_default=True, help="The page's heading.")
@FORCE
@MAX_SECONDS
def report(paths: tuple[str, ...], rules_ref: str | None, output: str | None, title: str, force: bool,
           max_seconds: float) -> None:
    """One self-contained HTML page (works offline) of the inspection FILEs (folders are searched for *.yaml
    and *.yml): each one's ratings page, reasons, charts against the bands and how sure each rating is, and
    a comparison of them all. A file that cannot be rated is listed in the page with its errors, which are
    also printed, and the exit code is 1; when none can be, no page is written."""
    from ..frontends.report_html import inspect_files, report_html

    if output is not None:  # (this command reports each file's errors itself: this one as any command does)
        reports_errors(check_output)(output, [*yaml_files(paths), *([rules_ref] if rules_ref else [])], force)
    items = inspect_files(paths, rules_ref, max_seconds)
    failed = [item.error for item in items if item.error is not None]  # each file's errors
    for error in failed:
        for line in error.splitlines():
            click.echo(f"Error: {line}", err=True)
    if not items:
        click.echo("Error: no inspection files: the folders named hold no *.yaml or *.yml files", err=True)
    if len(failed) == len(items):
        sys.exit(1)
    page = report_html(items, max_seconds, title)
    if output:
        reports_errors(write_output)(output, page, force)
    else:
        out(page)
    if failed:
        click.echo(f"Error: {len(failed)} of {len(items)} files could not be rated; the report lists them",
                   err=True)
    sys.exit(1 if failed else 0)


@main.command(short_help="Serve the API and the what-if page over HTTP (extra 'serve').")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but this machine's own is warned about.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port.")
@click.option("--rules-dir", type=click.Path(file_okay=False, exists=True), metavar="DIR",
              help="Serve the rule sets of the YAML files in DIR too, by their ids (requests never name paths).")
@click.option("--cors", metavar="ORIGIN", help="Let pages from ORIGIN (https://dash.example) call the API.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes answering requests: one per core to use.")
@MAX_SECONDS
@reports_errors
def serve(host: str, port: int, rules_dir: str | None, cors: str | None, workers: int, max_seconds: float) -> None:
    """Serve the API (every command's JSON: /api/rate, /api/gap, ..., described at /openapi.json) and the
    what-if page at /, until interrupted. Needs the extra 'serve' (pip install 'ratings[serve]')."""
    try:
        from .serve import run
    except ModuleNotFoundError as exc:
        raise RatingsError(f"`ratings serve` needs {exc.name}, which is not installed: install the extra 'serve' "
                           "(pip install 'ratings[serve]')") from None
    run(host, port, rules_dir, cors, max_seconds, lambda line: click.echo(for_terminal(line), err=True), workers)


@main.command(short_help='Make an inspection file from an inspection report.')
@click.argument("report")
@click.option("--rules", "rules_ref", metavar="ID|PATH", shell_complete=complete_rule_set,
              help="Read the report under this rule set (default: the bundled one that finds most in it, among "
                   "those in force on its fieldwork date).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the inspection file here, not to stdout.")
@FORCE
@MAX_SECONDS
@reports_errors
def extract(report: str, rules_ref: str | None, output: str | None, force: bool, max_seconds: float) -> None:
    """Make an inspection file from an inspection REPORT (plain text, HTML or PDF).

    Every value not found in the report, or found with different values, is written `unknown` (or left out)
    and listed, in the file and as a Warning line here: never guessed. Exit code 0 when the file is written.
    """
    from ..loading.extract import extract as extract_report

    if output is not None:
        check_output(output, [report, *([rules_ref] if rules_ref else [])], force)
    extraction = extract_report(report, rules_ref, max_seconds)
    text = extraction.to_yaml(os.path.dirname(output) if output else None)
    if output:
        write_output(output, text, force)
    else:
        out(text)
    for gap in (*extraction.gaps, *extraction.warnings):
        click.echo(for_terminal(f"Warning: {report}: {gap}"), err=True)
