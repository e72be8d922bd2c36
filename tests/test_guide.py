"""The documents work when followed literally: docs/writing-a-rule-set.md's files are written and its commands
run in an empty folder, and the README's commands run in the project folder, with the installed `ratings` on
PATH; each command's output matches the document (a line `...` stands for any number of lines)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

GUIDE = ROOT / "docs" / "writing-a-rule-set.md"
README = ROOT / "README.md"
BLOCK = re.compile(r"(?:<!-- file: (?P<file>\S+) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)```", re.S)


def steps(document: Path):
    for m in BLOCK.finditer(document.read_text()):
        if m.group("file"):
            yield "file", m.group("file"), m.group("body")
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
    return bool(actual) and actual[0].rstrip() == expected[0].rstrip() and matches(expected[1:], actual[1:])


def follow(document: Path, folder: Path) -> int:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    ran = 0
    for kind, what, content in steps(document):
        if kind == "file":
            path = folder / what
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
            continue
        run = subprocess.run(what, shell=True, cwd=folder, env=env, capture_output=True, text=True)
        actual = (run.stdout + run.stderr).splitlines()
        assert matches(content, actual), f"$ {what}\n--- {document.name} says:\n" + "\n".join(content) + \
            "\n--- it printed:\n" + "\n".join(actual)
        ran += 1
    return ran


def test_the_guide_works_when_followed_literally(tmp_path):
    assert follow(GUIDE, tmp_path) >= 6


def test_the_readme_examples_print_what_the_readme_shows():
    assert not any(kind == "file" for kind, _, _ in steps(README))
    assert follow(README, ROOT) >= 2
