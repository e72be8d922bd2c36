"""Gathering the files a command is given: each path named, and the YAML files in each folder named.

Every command that takes many files (``batch``, ``verify``, ``rules check``, ``rules test``) gathers them
here, so that none of them loses a file: a folder yields every entry named ``*.yaml`` or ``*.yml`` that is
not itself a folder, including dangling links, FIFOs and other special files, which the reader then refuses
each with its own error (a row of a batch, a line of a check) instead of skipping it in silence. The path
``-`` is standard input, kept as it is even when a folder of that name exists.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .yaml_file import is_stdin

SUFFIXES = (".yaml", ".yml")


def yaml_files(paths: Iterable[str | os.PathLike[str]], *, recursive: bool = True) -> list[str]:
    """The paths named, in order, with each folder replaced by its YAML entries (those of its subfolders too
    when ``recursive``), sorted."""
    out: list[str] = []
    for path in paths:
        folder = Path(path)
        if is_stdin(path) or not folder.is_dir():
            out.append(str(path))
            continue
        out += [str(f) for f in sorted(_entries(folder, recursive))]
    return out


def _entries(folder: Path, recursive: bool) -> list[Path]:
    """The YAML entries of a folder (and of its subfolders, when ``recursive``), by an explicit stack rather
    than recursion, so that no depth of folders exhausts Python's stack. A folder that cannot be listed is
    an entry of its own, which the reader refuses with its reason: a file in it is never lost in silence.
    Links to folders are not followed (a link may loop back)."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError:
            found.append(here)
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if recursive:
                    stack.append(path)
            elif path.suffix.lower() in SUFFIXES:
                found.append(path)
    return found
