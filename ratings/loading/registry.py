"""Finding rule sets: the bundled ones by id, any file by path, and the one in force at a date."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.errors import Problem, RatingsError, RuleSetError
from ..model.objects import RuleSet
from ..reading.reader import suggestion
from ..loading.rule_set import MAX_RULE_SET_BYTES, load_rule_set_bytes
from ..reading.files import SUFFIXES
from ..reading.yaml_file import STDIN_NAME, is_stdin, read_bytes

if TYPE_CHECKING:  # pragma: no cover
    from ..model.dates import DateWindow

#: The service a file is taken to describe when it does not say: an adult probation delivery unit.
DEFAULT_SERVICE = "probation-pdu"


@functools.lru_cache(maxsize=1)
def bundled_dir() -> Path:
    """Where the bundled rule sets live: inside the installed package, or ``rules/`` in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the package
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleSetError("the bundled rule sets are missing: the package is not installed correctly")


def looks_like_path(ref: str) -> bool:
    return "/" in ref or os.sep in ref or ref.endswith(SUFFIXES)


@functools.lru_cache(maxsize=64)
def _load_cached(display: str, data: bytes) -> RuleSet:
    return load_rule_set_bytes(data, display)


def load_path(path: str | os.PathLike[str], display: str | None = None) -> RuleSet:
    """Load a rule-set file (``-``: standard input). Parsing and checking are cached by content, so a changed
    file is read anew."""
    if is_stdin(path):
        try:
            data = read_bytes(path, STDIN_NAME, MAX_RULE_SET_BYTES)
        except RatingsError as exc:
            raise RuleSetError(exc.problems) from None
        return _load_cached(STDIN_NAME, data)
    p = Path(path)
    shown = display or str(path)
    where = f" (looked for {p})" if str(p) != shown else ""
    if not p.exists():
        raise RuleSetError(f"no rule-set file {shown}{where}")
    if p.is_dir():  # a FIFO, a device or a socket is refused by read_bytes, saying which it is
        raise RuleSetError(f"the rule-set path {shown} is not a file{where}")
    try:
        data = read_bytes(p, shown, MAX_RULE_SET_BYTES)
    except RatingsError as exc:
        raise RuleSetError(exc.problems) from None
    return _load_cached(shown, data)


def bundled_ids() -> list[str]:
    """The ids of the bundled rule sets: the files of the folder itself (its folders, ``tests/`` of worked
    cases and ``reports/`` of the publishers' words, hold none)."""
    return sorted({p.stem for p in bundled_dir().iterdir() if p.suffix in SUFFIXES and p.is_file()})


def bundled_path(rule_set_id: str) -> Path:
    """A bundled rule set's file: ``ID.yaml``, or ``ID.yml`` when only that exists."""
    path = bundled_dir() / f"{rule_set_id}.yaml"
    if not path.exists() and (bundled_dir() / f"{rule_set_id}.yml").exists():
        return bundled_dir() / f"{rule_set_id}.yml"
    return path


#: Bundled rule sets already loaded, by id, with their file and its size and time then.
_BUNDLED: dict[str, tuple[str, tuple[int, int], RuleSet]] = {}


def load_bundled(rule_set_id: str) -> RuleSet:
    """A bundled rule set by id; kept once loaded, and read again only when its file changes (one ``stat``
    per call, rather than reading and hashing the file each time a mapping is rated)."""
    kept = _BUNDLED.get(rule_set_id)
    if kept is not None and _stamp(kept[0]) == kept[1]:
        return kept[2]
    path = bundled_path(rule_set_id)
    stamp = _stamp(str(path))
    rule_set = _load_bundled(rule_set_id, path)
    if stamp is not None:
        _BUNDLED[rule_set_id] = (str(path), stamp, rule_set)
    return rule_set


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_mtime_ns, st.st_size


def _load_bundled(rule_set_id: str, path: Path) -> RuleSet:
    if not path.is_file():
        known = bundled_ids()
        near = suggestion(rule_set_id, known)
        hint = f"did you mean '{near}'? " if near else ""
        raise RuleSetError(f"no rule set '{rule_set_id}'; {hint}the bundled rule sets are {', '.join(known)} "
                           "(or give the path of a rule-set file)")
    rule_set = load_path(path, path.name)
    if rule_set.id != rule_set_id:
        raise RuleSetError(Problem(f"the file declares id '{rule_set.id}' but is named {path.name}",
                                   str(path), 1, "id"))
    return rule_set


def load_rules(ref: str | os.PathLike[str] | RuleSet, base: Path | None = None) -> RuleSet:
    """A rule set from an id of a bundled one, a path to a rule-set file, or a RuleSet (returned as is).

    A relative path is taken relative to ``base`` when given (the directory of the inspection file that
    named it), else to the working directory. ``-`` is standard input, when not named inside a file.
    """
    if isinstance(ref, RuleSet):
        return ref
    if base is None and is_stdin(ref):
        return load_path(ref)
    if isinstance(ref, os.PathLike) or looks_like_path(str(ref)):
        path = Path(ref)
        if base is not None and not path.is_absolute():
            path = base / path
        return load_path(path, str(ref))
    return load_bundled(str(ref))


def bundled_rule_sets() -> list[RuleSet]:
    """Every bundled rule set, by service and then date."""
    sets = [load_bundled(i) for i in bundled_ids()]
    return sorted(sets, key=lambda r: (r.service, r.in_force.start, r.id))


def check_service(service: str) -> None:
    """A clear error unless some bundled rule set rates ``service``."""
    services = sorted({r.service for r in bundled_rule_sets()})
    if service not in services:
        near = suggestion(service, services)
        raise RuleSetError(f"no rule set for the service '{service}'"
                           + (f"; did you mean '{near}'?" if near else f"; the services are {', '.join(services)}"))


def in_force_during(service: str, window: DateWindow, what: str = "", during: str = "during") -> RuleSet:
    """The bundled rule set for ``service`` whose period takes in some day of ``window`` (``what`` it is, e.g.
    "the fieldwork", for messages). A clear error when none does, or when several do: a window straddling
    two periods is refused, naming both, rather than decided by its first or last day, as the periods'
    edges are themselves approximate. ``during``: the word before ``what`` in messages ("on the publication
    date")."""
    check_service(service)
    candidates = [r for r in bundled_rule_sets() if r.service == service]
    overlapping = [r for r in candidates if r.in_force.overlaps(window.start, window.end)]
    if len(overlapping) == 1:
        return overlapping[0]
    named = f"{what} " if what else ""
    when = f"on {window.start}" if window.form == "day" else f"{during} {named}{window.describe()}"
    if len(overlapping) > 1 and window.form != "day" and not any(
            r.in_force.covers(window.start) and r.in_force.covers(window.end) for r in overlapping):
        raise RuleSetError(f"{named or 'the dates '}{window.describe()} straddle{'s' if named else ''} the periods "
                           "of " + " and ".join(f"{r.id} ({r.in_force.describe()})" for r in overlapping)
                           + "; name one with 'rules:' (a rule set is never chosen by one end of the dates alone)")
    if len(overlapping) > 1:
        raise RuleSetError(f"several {service} rule sets were in force {when}: "
                           f"{', '.join(r.id for r in overlapping)}; name one with 'rules:'")

    def distance(r: RuleSet) -> int:
        if window.end < r.in_force.start:
            return (r.in_force.start - window.end).days
        return (window.start - r.in_force.end).days if r.in_force.end else 0

    nearest = sorted(candidates, key=distance)[:2]
    publishers = {r.publisher for r in candidates}  # another inspectorate's services are no likely slip
    others = [r for r in bundled_rule_sets() if r.service != service and r.publisher in publishers
              and r.in_force.overlaps(window.start, window.end)]
    elsewhere = ""
    if others:
        elsewhere = (". In force then for other services: "
                     + ", ".join(f"{r.id} (service: {r.service})" for r in others))
    raise RuleSetError(f"no {service} rule set was in force {when}; the nearest "
                       f"{'is' if len(nearest) == 1 else 'are'} "
                       + "; ".join(f"{r.id} ({r.in_force.describe()})" for r in nearest)
                       + elsewhere + ". Name one with 'rules:' to rate under it anyway")


def preceding(rule_set: RuleSet) -> RuleSet | None:
    """The bundled rule set of the same service whose period ended last before ``rule_set``'s began."""
    before = [(end, r) for r in bundled_rule_sets() if r.service == rule_set.service
              and (end := r.in_force.end) is not None and end < rule_set.in_force.start]
    return max(before, key=lambda ended: ended[0])[1] if before else None


def newest(service: str = DEFAULT_SERVICE) -> RuleSet:
    check_service(service)
    return max((r for r in bundled_rule_sets() if r.service == service), key=lambda r: r.in_force.start)
