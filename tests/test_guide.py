"""The documents work when followed literally: docs/writing-a-rule-set.md's files are written and its commands
run in an empty folder, the README's section "Testing your own rule set" likewise (its edits applied), and the
README's other commands run in the project folder, with the installed `ratings` on PATH; each command's
output matches the document (a line `...` stands for any number of lines, and `...` within a line for any
text)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

GUIDE = ROOT / "docs" / "writing-a-rule-set.md"
README = ROOT / "README.md"
BLOCK = re.compile(r"(?:<!-- (?P<how>file|edit): (?P<file>\S+) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)```", re.S)
TESTING = re.compile(r"^## Testing your own rule set\n.*?(?=^## )", re.S | re.M)


def steps(document: Path, text: str | None = None):
    for m in BLOCK.finditer(document.read_text() if text is None else text):
        if m.group("file"):
            yield m.group("how"), m.group("file"), m.group("body")
        elif m.group("lang") == "console":
            command, output = None, []
            for line in m.group("body").splitlines():
                if line.startswith("$ "):
                    if command is not None:
                        yield "run", command, output
                    command, output = line[2:], []
                else:
                    output.append(line)
            if command is not None:
                yield "run", command, output


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line equality, where a line '...' matches any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and same_line(expected[0], actual[0]) and matches(expected[1:], actual[1:])


def same_line(expected: str, actual: str) -> bool:
    if "..." in expected:
        return re.fullmatch(".*".join(map(re.escape, expected.rstrip().split("..."))), actual.rstrip()) is not None
    return actual.rstrip() == expected.rstrip()


def follow(document: Path, folder: Path, text: str | None = None) -> int:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    ran = 0
    for kind, what, content in steps(document, text):
        if kind == "file":
            path = folder / what
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
            continue
        if kind == "edit":
            edit(folder / what, content)
            continue
        run = subprocess.run(what, shell=True, cwd=folder, env=env, capture_output=True, text=True)
        actual = (run.stdout + run.stderr).splitlines()
        assert matches(content, actual), f"$ {what}\n--- {document.name} says:\n" + "\n".join(content) + \
            "\n--- it printed:\n" + "\n".join(actual)
        ran += 1
    return ran


def edit(path: Path, diff: str) -> None:
    """Apply a diff block: each run of '-' lines (found once in the file) becomes the '+' lines after it."""
    text = path.read_text()
    removed: list[str] = []
    added: list[str] = []
    for line in diff.splitlines() + ["-"]:  # a last '-' ends the last pair
        if line.startswith("-") and added:
            old, new = "".join(r + "\n" for r in removed), "".join(a + "\n" for a in added)
            assert text.count(old) == 1, f"{path.name} does not hold exactly once:\n{old}"
            text = text.replace(old, new)
            removed, added = [], []
        (removed if line.startswith("-") else added).append(line[1:])
    path.write_text(text)


def test_the_guide_works_when_followed_literally(tmp_path):
    assert follow(GUIDE, tmp_path) >= 6


def test_the_readme_examples_print_what_the_readme_shows():
    text = TESTING.sub("", README.read_text())  # that section runs in a folder of its own (below)
    assert not any(kind in ("file", "edit") for kind, _, _ in steps(README, text))
    assert follow(README, ROOT, text) >= 2


def test_testing_your_own_rule_set_works_when_followed_literally(tmp_path):
    """The README's walk from a copied rule set to a property test, a worked case collected by pytest, a
    diff against the original and coverage, in an empty folder."""
    section = TESTING.search(README.read_text())
    assert section is not None
    assert follow(README, tmp_path, section.group()) == 4
