"""A real package (issue 14, part 4): the wheel builds without a warning about the project's metadata and holds
py.typed, the licence and the rule sets; the documents link only files inside the repository, their examples
work, and the changelog has every version."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import ratings

from conftest import ROOT, EXAMPLES
from test_guide import follow

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
DOCUMENTS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]


def setuptools_version() -> tuple[int, ...] | None:
    try:
        from importlib.metadata import version

        return tuple(int(p) for p in version("setuptools").split(".")[:2])
    except Exception:
        return None


@pytest.mark.skipif((setuptools_version() or (0,)) < (77,), reason="needs setuptools 77+ (the `test` extra)")
def test_the_wheel_builds_offline_without_warnings_and_holds_what_users_need(tmp_path):
    """Built as `pip wheel .` builds it, without build isolation (so offline, with the test extra's setuptools):
    any warning (a deprecated licence table, a package missing from the configuration) fails the test."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("ratings", "rules"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-v",
                          "-w", str(tmp_path / "wheel")], cwd=source, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in (run.stdout + run.stderr).splitlines() if re.search("warn", line, re.I)]
    assert warnings == []
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    info = f"ratings-{PYPROJECT['project']['version']}.dist-info"
    assert "ratings/py.typed" in names and f"{info}/licenses/LICENSE" in names
    for rule_set in (ROOT / "rules").glob("*.yaml"):  # every bundled rule set and its worked cases
        assert f"ratings/rules/{rule_set.name}" in names and f"ratings/rules/tests/{rule_set.name}" in names
    for words in (ROOT / "rules" / "reports").glob("*.yaml"):  # the words of the publishers' reports
        assert f"ratings/rules/reports/{words.name}" in names
    metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Typing :: Typed" in metadata
    assert "Provides-Extra: xlsx" in metadata and "Provides-Extra: pandas" in metadata


def test_the_licence_is_mit_and_declared_as_spdx():
    assert PYPROJECT["project"]["license"] == "MIT" and PYPROJECT["project"]["license-files"] == ["LICENSE"]
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 the ratings authors\n")
    (requires,) = PYPROJECT["build-system"]["requires"]
    # 77: the first setuptools that reads an SPDX `license` string (77.0.0 was withdrawn: 77.0.1 is the first)
    assert requires.startswith("setuptools>=") and release(requires.split(">=")[1])[0] >= 77
    assert not any(c.startswith("License ::") for c in PYPROJECT["project"]["classifiers"])  # SPDX replaces them


def test_the_package_says_it_is_typed():
    assert (Path(ratings.__file__).parent / "py.typed").exists()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_documents_link_only_files_inside_the_repository(document):
    for target in re.findall(r"\]\(([^)\s]+)\)", document.read_text()):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a web address or an anchor
        path = (document.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), f"{document.name} links {target}"
    assert "shared/reference" not in document.read_text()


def test_the_readme_links_every_document():
    readme = (ROOT / "README.md").read_text()
    for document in DOCUMENTS[1:]:
        assert f"({document.relative_to(ROOT)})" in readme, document.name


def test_the_changelog_has_every_version_and_the_unreleased_work():
    headings = re.findall(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(), re.M)
    major, minor, _ = map(int, PYPROJECT["project"]["version"].split("."))
    assert headings == ["Unreleased"] + [f"{major}.{m}.0" for m in range(minor, 0, -1)]
    assert ratings.__version__ == PYPROJECT["project"]["version"]


def test_the_command_line_document_works_when_followed(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    assert follow(ROOT / "docs" / "command-line.md", tmp_path) >= 4


def test_the_inspection_file_examples_rate_and_agree_with_what_they_publish(tmp_path):
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "inspection-files.md").read_text(), re.S)
    example, published = blocks[0], next(b for b in blocks if b.startswith("published:"))
    (tmp_path / "example.yaml").write_text(example)
    (tmp_path / "published.yaml").write_text(example.split("published:")[0] + published)
    for name in ("example.yaml", "published.yaml"):
        verdict = ratings.rate(tmp_path / name)
        assert str(verdict.overall) == "Requires improvement" and verdict.score == 7
    from ratings.analyses.verify import verify_file

    assert [verify_file(str(tmp_path / n)).agrees for n in ("example.yaml", "published.yaml")] == [True, True]


def test_shell_completion_is_documented_and_works():
    documented = (ROOT / "docs" / "command-line.md").read_text()
    for shell in ("bash", "zsh", "fish"):
        assert f"_RATINGS_COMPLETE={shell}_source ratings" in documented
    script = Path(sys.executable).parent / "ratings"
    env = dict(os.environ, _RATINGS_COMPLETE="bash_source")
    run = subprocess.run([str(script)], env=env, capture_output=True, text=True)
    assert run.returncode == 0 and "complete -o nosort -F _ratings_completion ratings" in run.stdout
    env.update(_RATINGS_COMPLETE="bash_complete", COMP_WORDS="ratings batch --format ", COMP_CWORD="3")
    run = subprocess.run([str(script)], env=env, capture_output=True, text=True)
    assert run.stdout.split() == ["plain,csv", "plain,json", "plain,xlsx"]


def test_the_library_document_names_every_public_name():
    """docs/library.md is where users look up the API: each name in ``ratings.__all__`` appears in it (as
    code), so a name added to the package without a word in the document fails here."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "library.md").read_text(encoding="utf-8")
    missing = [name for name in ratings.__all__ if not re.search(rf"`[^`]*\b{re.escape(name)}\b[^`]*`", text)]
    assert missing == []


def test_the_command_document_names_every_command():
    """docs/command-line.md's table lists every command and subcommand the CLI has."""
    import click

    from ratings.frontends.cli import main

    text = (Path(__file__).resolve().parent.parent / "docs" / "command-line.md").read_text(encoding="utf-8")

    def commands(group: click.Group, prefix: str):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix} {name}")
            else:
                yield f"{prefix} {name}"

    missing = [c for c in commands(main, "ratings") if f"| `{c} " not in text and f"| `{c}`" not in text]
    assert missing == []


# Issue 21: the declared ranges are true at both ends, and CI runs the README's own test command.

def lower_bounds() -> dict[str, str]:
    """Each dependency's lowest allowed version, from `dependencies` and every extra (an exact pin, `==`, is
    its own lower bound; a name in several places must have one lower bound everywhere)."""
    bounds: dict[str, set[str]] = {}
    groups = [PYPROJECT["project"]["dependencies"], *PYPROJECT["project"]["optional-dependencies"].values()]
    for requirement in (r for group in groups for r in group):
        name, op, version = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(>=|==)\s*([0-9][0-9.]*)(?:\s*;.*)?", requirement).groups()
        bounds.setdefault(re.sub(r"[-_.]+", "-", name.lower()), set()).add(version)
    assert all(len(v) == 1 for v in bounds.values()), f"a dependency with two lower bounds: {bounds}"
    return {name: versions.pop() for name, versions in bounds.items()}


def test_ci_tests_the_lowest_version_of_every_range():
    """.ci/lowest.txt pins each dependency's lower bound, no more and no less (the bench's exact pin aside,
    which the suite does not install)."""
    pins = dict(re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][0-9.]*)", line).groups()
                for line in (ROOT / ".ci" / "lowest.txt").read_text().splitlines()
                if line and not line.startswith("#") and "==" in line)
    expected = {name: version for name, version in lower_bounds().items()
                if name not in {re.sub(r"[-_.]+", "-", r.split("=")[0].lower())
                                for r in PYPROJECT["project"]["optional-dependencies"]["bench"]}}
    assert ({re.sub(r"[-_.]+", "-", n.lower()): release(v) for n, v in pins.items()}
            == {n: release(v) for n, v in expected.items()})
    assert PYPROJECT["build-system"]["requires"] == [f"setuptools>={expected['setuptools']}"]


def release(version: str) -> tuple[int, ...]:
    """A version as numbers, trailing zeros dropped: 8.1 and 8.1.0 are one release."""
    parts = [int(p) for p in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_ci_runs_the_readme_test_command_and_then_the_lowest_versions():
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"Install the test dependencies and run the tests.*?```sh\n(.*?)\n```", readme, re.S)[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert command in ci.splitlines()
    assert "-c .ci/lowest.txt" in ci and ci.index(command) < ci.index("-c .ci/lowest.txt")


@pytest.mark.parametrize("words", [["rules", "show"], ["rate", "x.yaml", "--rules"], ["template", "--rules"],
                                   ["rules", "diff"], ["rules", "copy"]])
def test_the_shell_completes_rule_set_ids_where_a_command_takes_one(words):
    """Where a command takes a rule set, the shell offers the bundled ids that start with what is typed, and
    (where a file will do as well) leaves paths to the shell's own file completion."""
    from click.shell_completion import BashComplete

    from ratings.frontends.cli import main
    from ratings.loading.registry import bundled_ids

    def offered(incomplete):
        return BashComplete(main, {}, "ratings", "_RATINGS_COMPLETE").get_completions(words, incomplete)

    youth = [i.value for i in offered("hmip-youth") if i.type == "plain"]
    assert youth and youth == sorted(i for i in bundled_ids() if i.startswith("hmip-youth"))
    takes_a_file = words[-1] != "copy"
    assert [i.type for i in offered("./my-rules")] == (["file"] if takes_a_file else [])
