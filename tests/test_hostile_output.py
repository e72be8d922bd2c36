"""Hostile input, second round (issue 11): no hang, no leak to the terminal or a spreadsheet, no lost row, no
traceback. What a file in tests/broken/ cannot express is tested here:

- a FIFO, a device or a socket is refused at once by every command, with a message saying what it is;
- control characters in user text (names, file names, rule-set titles) never reach the terminal raw;
- a CSV cell a spreadsheet would run as a formula is neutralised with a leading quote;
- output that cannot be written is one `Error: cannot write output: ...` line and exit code 1;
- a batch gives one row per path and per `*.yaml`/`*.yml` entry of a folder, whatever is wrong with it, and
  `Engine.rate_many(..., errors="return")` one outcome per mapping.

The commands run in a subprocess with a timeout wherever a hang or the real stdout is what is tested.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import ratings
from ratings.analyses import verify as verify_module
from ratings.frontends.cli import main
from ratings.frontends.render import FORMULA_STARTS, csv_cell

from conftest import CHESHIRE_WEST, EXAMPLES, ROOT, CliRunner

BROKEN = ROOT / "tests" / "broken"
FIFO_ERROR = "is not a regular file but a FIFO (a named pipe); give an inspection or rule-set file"
FULL = "Error: cannot write output: No space left on device\n"


def ratings_cli(*args, cwd=None, stdout=subprocess.PIPE, timeout=60) -> subprocess.CompletedProcess:
    """The `ratings` command in its own process (a hang fails the test by its timeout, not by hanging it)."""
    return subprocess.run([sys.executable, "-c", "from ratings.frontends.cli import main; main()",
                           *map(str, args)], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=timeout)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def cheshire(**changes) -> dict:
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    mapping["fieldwork"] = str(mapping["fieldwork"])
    mapping.update(changes)
    return mapping


def write(path: Path, mapping: dict) -> Path:
    path.write_text(yaml.safe_dump(mapping, sort_keys=False, allow_unicode=False))
    return path


# 1. Special files are refused at once.

@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "x.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [
    ["rate", "{fifo}"], ["gap", "{fifo}", "--target", "Good"], ["confidence", "{fifo}"],
    ["rules", "test", "{fifo}"], ["rules", "check", "{fifo}"], ["rules", "show", "{fifo}"],
    ["rate", str(CHESHIRE_WEST), "--rules", "{fifo}"]])
def test_a_fifo_is_refused_at_once_by_every_command(fifo, command):
    run = ratings_cli(*[a.format(fifo=fifo) for a in command], timeout=30)
    listed = (f"ERROR {fifo}\n0 worked cases: 0 passed, 0 failed; 1 of 1 files could not be read\n"
              if command[:2] == ["rules", "test"] else "")  # rules test lists each file it reads
    assert (run.returncode, run.stdout, run.stderr) == (1, listed, f"Error: {fifo}: {FIFO_ERROR}\n")


def test_a_fifo_is_one_error_row_of_batch_and_verify(fifo):
    batch = ratings_cli("batch", fifo, "--format", "json", timeout=30)
    assert batch.returncode == 1 and json.loads(batch.stdout) == [
        {"file": str(fifo), "ok": False, "error": f"{fifo}: {FIFO_ERROR}"}]
    verify = ratings_cli("verify", fifo, timeout=30)
    assert verify.returncode == 1 and verify.stderr == f"Error: {fifo}: {FIFO_ERROR}\n"


def test_devices_sockets_and_folders_are_refused_by_the_library(tmp_path):
    """A character device (endless /dev/zero), a socket and a folder each get their own clear error."""
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.yaml"))
    try:
        for path, message in [
                ("/dev/zero", "is not a regular file but a character device; give an inspection or rule-set file"),
                (tmp_path / "s.yaml", "is not a regular file but a socket; give an inspection or rule-set file"),
                (tmp_path, "is a directory, not a file")]:
            with pytest.raises(ratings.RatingsError) as err:
                ratings.rate(path)
            assert (err.value.file, err.value.message) == (str(path), message)
    finally:
        sock.close()


def test_a_dangling_link_says_so(tmp_path):
    (tmp_path / "link.yaml").symlink_to(tmp_path / "gone.yaml")
    run = invoke("rate", tmp_path / "link.yaml")
    assert (run.exit_code, run.stderr) == (
        1, f"Error: {tmp_path / 'link.yaml'}: is a symbolic link to a file that does not exist\n")


# 3. Control characters never reach the terminal raw.

EVIL = "Evil \x1b[2J\x1b]0;owned\x07 \x9b31m\u2028PDU"
EVIL_SHOWN = "Evil \\x1b[2J\\x1b]0;owned\\x07 \\x9b31m\\u2028PDU"
RAW = ("\x1b", "\x07", "\x9b", "\u2028")


def test_control_characters_in_a_name_are_escaped_in_every_text_output(tmp_path):
    path = write(tmp_path / "evil.yaml", cheshire(name=EVIL))
    for args in (["rate", path], ["gap", path, "--target", "Good"], ["confidence", path]):
        run = invoke(*args)
        assert run.exit_code == 0 and run.stdout.startswith(EVIL_SHOWN), args
        assert not any(c in run.stdout for c in RAW), args
    batch = invoke("batch", path)
    assert batch.exit_code == 0 and not any(c in batch.stdout for c in RAW)
    assert list(csv.reader(io.StringIO(batch.stdout)))[1][-1] == EVIL_SHOWN


def test_control_characters_in_a_file_name_are_escaped(tmp_path):
    path = tmp_path / "a\x1b[31m.yaml"
    shutil.copy(CHESHIRE_WEST, path)
    shown = str(path).replace("\x1b", "\\x1b")
    assert invoke("verify", path).stdout.splitlines()[0] == f"agrees     {shown}"
    rules = tmp_path / "r\x1b[31m.yaml"
    shutil.copy(ROOT / "rules" / "hmip-probation-pdu-2021.yaml", rules)
    check = invoke("rules", "check", rules)
    shown = str(rules).replace("\x1b", "\\x1b")
    assert check.exit_code == 0 and check.stdout.startswith(f"{shown}: OK: ")


def test_control_characters_in_a_rule_set_are_escaped_on_its_card(tmp_path):
    text = (ROOT / "rules" / "hmip-probation-pdu-2021.yaml").read_text()
    rules = yaml.safe_load(text)
    rules["title"] = EVIL
    path = tmp_path / "evil-rules.yaml"
    path.write_text(yaml.safe_dump(rules, sort_keys=False, allow_unicode=False))
    run = invoke("rules", "show", path)
    assert run.exit_code == 0 and run.stdout.splitlines()[0] == f"hmip-probation-pdu-2021: {EVIL_SHOWN}"
    assert not any(c in run.stdout for c in RAW)


def test_json_output_escapes_control_characters_and_keeps_the_text(tmp_path):
    """json escapes C0 controls itself; DEL, C1 controls and line separators must be escaped too."""
    name = EVIL + " \x7f \x96 end"
    path = write(tmp_path / "evil.yaml", cheshire(name=name))
    for args in (["rate", path, "--format", "json"], ["batch", path, "--format", "json"]):
        run = invoke(*args)
        assert run.exit_code == 0 and not any(c in run.stdout for c in RAW + ("\x7f", "\x96")), args
        data = json.loads(run.stdout)
        assert (data if isinstance(data, dict) else data[0]["result"])["name"] == name


# 4. CSV cells a spreadsheet would run are neutralised.

@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_a_formula_gets_a_quote_and_stays_intact(start):
    cell = csv_cell(start + "SUM(A1:A9)")
    assert cell.startswith("'") and cell[1:].replace("\\t", "\t").replace("\\r", "\r") == start + "SUM(A1:A9)"


def test_plain_cells_and_numbers_are_written_as_they_are():
    assert [csv_cell(v) for v in ("Good", "a=b", "", 7, 0)] == ["Good", "a=b", "", 7, 0]


def test_batch_csv_neutralises_names_file_names_and_errors(tmp_path, monkeypatch):
    good = write(tmp_path / "=HYPERLINK(x).yaml", cheshire(name="=1+1"))
    bad = tmp_path / "-bad.yaml"
    bad.write_text("name: [\n")
    monkeypatch.chdir(tmp_path)
    run = invoke("batch", "--", good.name, bad.name)
    assert run.exit_code == 1
    header, good_row, bad_row = list(csv.reader(io.StringIO(run.stdout)))  # in the order given
    assert bad_row[:2] == ["'-bad.yaml", "false"] and bad_row[2].startswith("'-bad.yaml:")
    row = dict(zip(header, good_row))
    assert (row["file"], row["name"], row["score"], row["max_score"]) == ("'=HYPERLINK(x).yaml", "'=1+1", "7", "24")
    assert not any(cell.startswith(FORMULA_STARTS) for line in (bad_row, good_row) for cell in line)


# 6. Output that cannot be written.

@pytest.mark.parametrize("command", [
    ["rate", CHESHIRE_WEST], ["rate", CHESHIRE_WEST, "--format", "json"], ["batch", EXAMPLES],
    ["batch", EXAMPLES, "--format", "json"], ["verify", EXAMPLES], ["rules", "show", "hmip-probation-pdu-2021"],
    ["rules", "list"], ["rules", "check", ROOT / "rules"], ["rules", "test"], ["schema"],
    ["gap", CHESHIRE_WEST, "--target", "Good"], ["confidence", CHESHIRE_WEST], ["--help"], ["--version"]])
def test_a_full_disk_is_one_error_line_for_every_command(command):
    with open("/dev/full", "w") as full:
        run = ratings_cli(*command, stdout=full)
    assert (run.returncode, run.stderr) == (1, FULL), run.stderr


def test_batch_output_to_a_full_disk(tmp_path):
    run = ratings_cli("batch", EXAMPLES, "--output", "/dev/full")
    assert (run.returncode, run.stdout, run.stderr) == (1, "", FULL)
    run = ratings_cli("batch", EXAMPLES, "--output", tmp_path / "no-folder" / "out.csv")
    assert (run.returncode, run.stderr) == (
        1, f"Error: cannot write output: {tmp_path / 'no-folder' / 'out.csv'}: No such file or directory\n")


def test_a_closed_pipe_ends_quietly_with_exit_code_1():
    """As `| head` does: no traceback, no message (the reader has gone), exit code 1."""
    proc = subprocess.Popen([sys.executable, "-c", "from ratings.frontends.cli import main; main()",
                             "rules", "show", "hmip-probation-pdu-2021"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command has written anything: importing alone takes longer
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (1, b"")


#: Commands whose output is larger than a pipe holds (64 KiB on Linux), so that the command is still writing
#: when the reader goes: `| head -c 10` in the middle of the output.
LONG_OUTPUT = [["batch", EXAMPLES, "--format", "json"], ["report", EXAMPLES]]


@pytest.mark.parametrize("command", LONG_OUTPUT, ids=["batch --format json", "report"])
def test_a_pipe_closed_mid_output_ends_quietly_with_exit_code_1(command):
    """As documented (docs/command-line.md, exit codes): output that could not be written is exit code 1,
    also when the reader goes in the middle of it. Python's buffered stdout drops the rest of a write that a
    closed pipe cuts short without an error; the command must not then exit 0 as if all had been written."""
    whole = ratings_cli(*command)
    assert len(whole.stdout.encode()) > 2 * 65536, "the output must outgrow the pipe for the test to mean much"
    proc = subprocess.Popen([sys.executable, "-c", "from ratings.frontends.cli import main; main()",
                             *map(str, command)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(10)  # the command has begun writing, and blocks on the full pipe
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err.decode()) == (1, "")


# 8. A batch loses no input.

def test_batch_over_a_hostile_folder_gives_one_row_per_entry_and_exits_1(tmp_path):
    """The issue's test: valid files (.yaml, .yml), a broken file, a FIFO, a dangling link and a file naming a
    broken rule set, each one row; the summary counts them."""
    where = tmp_path / "sent"
    (where / "sub").mkdir(parents=True)
    shutil.copy(CHESHIRE_WEST, where / "valid.yaml")
    shutil.copy(CHESHIRE_WEST, where / "valid.yml")
    shutil.copy(CHESHIRE_WEST, where / "sub" / "deeper.yml")
    shutil.copy(BROKEN / "inspections" / "invalid-yaml.yaml", where / "broken.yaml")
    os.mkfifo(where / "fifo.yaml")
    (where / "dangling.yaml").symlink_to(where / "gone.yaml")
    (tmp_path / "broken-rules.yaml").write_text("id: broken\n")
    write(where / "names-broken-rules.yaml", cheshire(rules="../broken-rules.yaml"))
    (where / "notes.txt").write_text("not an inspection")
    run = ratings_cli("batch", where, "--format", "json", timeout=60)
    rows = {Path(r["file"]).relative_to(where).as_posix(): r for r in json.loads(run.stdout)}
    assert sorted(rows) == ["broken.yaml", "dangling.yaml", "fifo.yaml", "names-broken-rules.yaml",
                            "sub/deeper.yml", "valid.yaml", "valid.yml"]
    assert [name for name, r in rows.items() if r["ok"]] == ["sub/deeper.yml", "valid.yaml", "valid.yml"]
    assert rows["fifo.yaml"]["error"] == f"{where / 'fifo.yaml'}: {FIFO_ERROR}"
    assert rows["dangling.yaml"]["error"].endswith(": is a symbolic link to a file that does not exist")
    assert "broken-rules.yaml:1: missing key 'title'" in rows["names-broken-rules.yaml"]["error"]
    assert (run.returncode, run.stderr) == (1, "Error: 4 of 7 files could not be rated\n")
    csv_run = ratings_cli("batch", where, timeout=60)
    assert csv_run.returncode == 1 and len(list(csv.reader(io.StringIO(csv_run.stdout)))) == 1 + 7


def test_every_path_given_is_one_row_even_twice(tmp_path):
    run = invoke("batch", CHESHIRE_WEST, tmp_path / "missing.yaml", CHESHIRE_WEST, "--format", "json")
    assert [r["ok"] for r in json.loads(run.stdout)] == [True, False, True]
    assert (run.exit_code, run.stderr) == (1, "Error: 1 of 3 files could not be rated\n")


def test_a_bug_in_one_file_is_its_row_not_the_end_of_the_batch(tmp_path, monkeypatch):
    """Defensive: an exception other than RatingsError (a bug) becomes that file's error row, named as a bug."""
    real = verify_module.load_inspection_or_report

    def buggy(file, rules=None, max_seconds=None):
        if Path(file).name == "b.yaml":
            raise ValueError("something the library never raises")
        return real(file, rules, max_seconds)

    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copy(CHESHIRE_WEST, tmp_path / name)
    monkeypatch.setattr(verify_module, "load_inspection_or_report", buggy)
    rows = verify_module.rate_files([tmp_path])
    assert [r.ok for r in rows] == [True, False, True]
    assert rows[1].error == (f"{tmp_path / 'b.yaml'}: internal error, please report it: "
                             "ValueError: something the library never raises")


def test_no_file_of_the_broken_corpus_is_an_internal_error():
    """The defensive catch hides no bug: every broken file and example is a result or a RatingsError."""
    rows = verify_module.rate_files([BROKEN / "inspections", EXAMPLES])
    assert rows and not [r.error for r in rows if r.error and "internal error" in r.error]


def test_rules_check_and_test_read_yml_files_in_a_folder(tmp_path):
    shutil.copy(ROOT / "tests" / "rulesets" / "mini.yaml", tmp_path / "mini.yml")
    os.mkfifo(tmp_path / "fifo.yaml")
    run = ratings_cli("rules", "check", tmp_path, timeout=30)
    assert run.returncode == 1 and run.stdout.startswith(f"{tmp_path / 'mini.yml'}: OK: ")
    assert run.stderr == f"Error: {tmp_path / 'fifo.yaml'}: {FIFO_ERROR}\n"
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(ROOT / "rules" / "tests" / "hmip-probation-pdu-2021.yaml", cases / "pdu.yml")
    run = invoke("rules", "test", cases)  # no special file here: no hang to guard against
    assert run.exit_code == 0 and f"ok    {cases / 'pdu.yml'}: " in run.stdout


def test_rate_many_can_return_one_outcome_per_mapping():
    engine = ratings.Engine("hmip-probation-pdu-2021")
    good = cheshire()
    bad = copy.deepcopy(good)
    bad["judgements"]["staff"] = "Grand"
    outcomes = engine.rate_many([good, bad, "no-such-file.yaml", good], errors="return")
    assert [isinstance(o, ratings.RatingsError) for o in outcomes] == [False, True, True, False]
    assert outcomes[0] == outcomes[3] == ratings.rate(good, engine.rules, trace=False)
    assert outcomes[1].key == "judgements.staff" and "unknown rating 'Grand'" in outcomes[1].message
    assert (outcomes[2].file, outcomes[2].message) == ("no-such-file.yaml", "no such file")
    with pytest.raises(ratings.RatingsError):  # the default is unchanged: the first bad input raises
        engine.rate_many([good, bad])
    with pytest.raises(ValueError):
        engine.rate_many([good], errors="ignore")


def test_rules_test_reports_a_broken_file_and_still_runs_the_others(tmp_path):
    """A worked-case file that cannot be read is one ERROR line and its error on stderr; the files after it
    still run, the summary counts it, and the exit code is 1."""
    good = tmp_path / "b-good.yaml"
    shutil.copy(ROOT / "rules" / "tests" / "hmip-probation-pdu-2021.yaml", good)
    bad = tmp_path / "a-bad.yaml"
    bad.write_text("rules: hmip-probation-pdu-2021\ncases: [\n", encoding="utf-8")
    run = invoke("rules", "test", str(tmp_path))
    assert run.exit_code == 1
    assert f"ERROR {bad}" in run.stdout.splitlines()
    assert any(line.startswith(f"ok    {good}: ") for line in run.stdout.splitlines())
    assert run.stdout.splitlines()[-1].endswith("0 failed; 1 of 2 files could not be read")
    assert run.stderr.startswith(f"Error: {bad}:")


# Issue 23 (5): folder trees.

def test_a_file_a_thousand_folders_deep_is_found_by_every_command(tmp_path):
    """Folders are walked with a stack of their own, not Python's: 1,200 levels is no RecursionError."""
    levels = [tmp_path / "tree"]
    for _ in range(1200):
        levels.append(levels[-1] / "d")
    for folder in levels:
        folder.mkdir()
    shutil.copy(CHESHIRE_WEST, levels[-1] / "x.yaml")
    try:
        for command in (["batch", levels[0]], ["verify", levels[0]]):
            run = ratings_cli(*command)
            assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
            assert run.stdout.count("x.yaml") == 1
        assert ratings_cli("report", levels[0], "-o", tmp_path / "report.html").returncode == 0
    finally:  # removed bottom up here: pytest's own clean-up (shutil.rmtree) recurses once per level
        (levels[-1] / "x.yaml").unlink()
        for folder in reversed(levels):
            folder.rmdir()


def test_a_folder_that_cannot_be_listed_is_a_row_of_its_own(tmp_path, monkeypatch):
    """An unreadable subfolder is not skipped in silence (a file in it would be lost): it is an entry the
    reader refuses, so the batch has a row for it and exits 1. (As root nothing is unreadable, so listing
    it is made to fail.)"""
    from ratings.reading import files

    shutil.copy(CHESHIRE_WEST, tmp_path / "a.yaml")
    (tmp_path / "locked").mkdir()
    shutil.copy(CHESHIRE_WEST, tmp_path / "locked" / "b.yaml")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    assert files.yaml_files([tmp_path]) == [str(tmp_path / "a.yaml"), str(tmp_path / "locked")]
    run = invoke("batch", tmp_path)
    assert run.exit_code == 1 and run.stdout.count("\n") == 3  # the header, a.yaml, the folder
    assert f"{tmp_path / 'locked'},false," in run.stdout


# Issue 23 (8): user text never forges a line.

FORGED = "Riverside\nOverall rating  Outstanding\u202e"


def test_a_line_break_in_a_name_never_prints_a_line_of_its_own(tmp_path):
    """The inspection's name, a worked case's name: each shown on its one line, the break and a right-to-left
    override escaped, on the page, the gap and confidence headings, and rules test's lines and errors."""
    path = tmp_path / "forged.json"
    path.write_text(json.dumps({"name": FORGED, "rules": "cqc-adult-social-care-2014",
                                "judgements": {**{k: "Good" for k in ("safe", "effective", "caring", "responsive",
                                                                      "well_led")}, "regulations": "Met"}}))
    for command in (["rate", path], ["confidence", path], ["rules", "show", "cqc-adult-social-care-2014"]):
        run = ratings_cli(*command)
        assert not any(line.startswith("Overall rating  Outstanding") for line in run.stdout.splitlines())
        assert "\u202e" not in run.stdout
    assert ratings_cli("rate", path).stdout.splitlines()[0] == "Riverside\\nOverall rating  Outstanding\\u202e"
    cases = tmp_path / "forged.tests.yaml"
    cases.write_text("rules: cqc-adult-social-care-2014\nworked_cases:\n  - name: " + json.dumps(
        "fine\n9 worked cases: 9 passed, 0 failed") + "\n    inspection: {judgements: {safe: Good, effective: Good, "
        "caring: Good, responsive: Good, well_led: Good, regulations: Met}}\n    expect: {overall: Outstanding}\n")
    run = ratings_cli("rules", "test", cases)
    assert run.stdout.splitlines()[-1] == "1 worked case: 0 passed, 1 failed"
    assert len(run.stdout.splitlines()) == 2 and len(run.stderr.splitlines()) == 1


# Issue 23 (9): where a command may write.

WRITERS = [["batch", "{input}", "--output", "{out}"], ["batch", "{input}", "--format", "json", "--output", "{out}"],
           ["report", "{input}", "-o", "{out}"], ["template", "--rules", "{input}", "-o", "{out}"],
           ["extract", "{report}", "-o", "{out}"], ["rules", "copy", "hmip-youth-2021", "{out}"],
           ["schema", "--rules", "hmip-youth-2021", "-o", "{out}"]]


def _writer(command, **paths):
    return [str(part).format(**paths) for part in command]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_no_command_writes_through_a_dangling_link(tmp_path, command):
    """A link whose target does not exist is not followed (template refused it already; now every command
    that writes does): nothing is created elsewhere, exit 1 with one line."""
    shutil.copy(CHESHIRE_WEST, tmp_path / "in.yaml")
    (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
    args = _writer(command, input=ROOT / "rules" / "hmip-youth-2021.yaml" if command[0] == "template"
                   else tmp_path / "in.yaml", report=ROOT / "tests" / "data" / "cheshire-west-2023.txt",
                   out=tmp_path / "out")
    run = ratings_cli(*args)
    assert (run.returncode, len(run.stderr.splitlines())) == (1, 1), run.stderr
    assert "does not exist: not followed" in run.stderr and not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("command", [c for c in WRITERS if c[0] in ("batch", "report", "extract")],
                         ids=lambda c: " ".join(c[:2]))
def test_no_command_overwrites_its_own_input(tmp_path, command):
    shutil.copy(CHESHIRE_WEST, tmp_path / "in.yaml")
    shutil.copy(ROOT / "tests" / "data" / "cheshire-west-2023.txt", tmp_path / "report.txt")
    target = tmp_path / ("report.txt" if command[0] == "extract" else "in.yaml")
    before = target.read_bytes()
    run = ratings_cli(*_writer(command, input=tmp_path / "in.yaml", report=tmp_path / "report.txt", out=target))
    assert run.returncode == 1 and "is one of the files read" in run.stderr and target.read_bytes() == before


XLSX = ["batch", "{input}", "--format", "xlsx", "--output", "{out}"]


@pytest.mark.parametrize("command", WRITERS + [XLSX], ids=lambda c: " ".join(c[:2] + c[3:4]))
def test_no_command_replaces_an_existing_file_without_force(tmp_path, command):
    """One policy for every command that writes a file: an existing file (or a link to one) is refused, before
    any work, and left as it was; with --force it is replaced. A device is written to as a stream."""
    if command is XLSX:
        pytest.importorskip("openpyxl")
    shutil.copy(CHESHIRE_WEST, tmp_path / "in.yaml")
    inputs = dict(input=ROOT / "rules" / "hmip-youth-2021.yaml" if command[0] == "template" else tmp_path / "in.yaml",
                  report=ROOT / "tests" / "data" / "cheshire-west-2023.txt")
    for target in (tmp_path / "out", tmp_path / "link"):
        (tmp_path / "out").write_text("mine")
        if target.name == "link" and not target.exists():
            target.symlink_to(tmp_path / "out")
        run = ratings_cli(*_writer(command, out=target, **inputs))
        assert (run.returncode, run.stdout) == (1, ""), run.stderr
        assert run.stderr == f"Error: {target} exists already: not replaced (give --force to replace it, or name " \
                             "a new file)\n"
        assert (tmp_path / "out").read_text() == "mine"
    run = ratings_cli(*_writer(command, out=tmp_path / "out", **inputs), "--force")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out").read_bytes() != b"mine" and (tmp_path / "out").stat().st_size > 100
    assert ratings_cli(*_writer(command, out="/dev/null", **inputs)).returncode == 0  # a device: no --force needed


def test_an_empty_output_path_is_a_usage_error(tmp_path):
    run = ratings_cli("batch", CHESHIRE_WEST, "--output", "")
    assert run.returncode == 2 and "the output path is empty" in run.stderr


def test_standard_input_named_twice_says_so(tmp_path):
    """Issue 23 (10): the second '-' is refused as read already, not as 'the file is empty'."""
    run = CliRunner().invoke(main, ["batch", "-", "-"], input=CHESHIRE_WEST.read_text())
    rows = run.stdout.splitlines()
    assert run.exit_code == 1 and rows[1].startswith("<stdin>,true,")
    assert "standard input was read already: it can be read once" in rows[2]


def test_a_right_to_left_override_never_reaches_the_page(tmp_path):
    """Issue 23 (8): bidirectional controls in a name are shown escaped on the HTML page too."""
    path = tmp_path / "rtl.json"
    path.write_text(json.dumps({"name": "evil\u202eabc", "rules": "cqc-adult-social-care-2014",
                                "judgements": {**{k: "Good" for k in ("safe", "effective", "caring", "responsive",
                                                                      "well_led")}, "regulations": "Met"}}))
    assert ratings_cli("report", path, "-o", tmp_path / "page.html").returncode == 0
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "\u202e" not in page and "evil\\u202eabc" in page
