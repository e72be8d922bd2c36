"""A safe, strict YAML 1.2 reader that keeps line numbers.

Inspection and rule-set files are read here, and only here. The reader

- accepts plain YAML data only: mappings, sequences and scalars; any tag beyond YAML's own core tags
  (``!!python/object``, custom ``!tags``) is an error, so nothing in a file can construct objects or run code;
- resolves plain scalars with the YAML 1.2 core schema, so only ``true``/``false`` are booleans and the key
  ``yes`` stays the text ``yes`` (PyYAML's default YAML 1.1 schema would turn it into ``True``); a scalar
  with YAML 1.2's non-specific tag ``!`` is text (``! 65`` is the text "65");
- reads numbers exactly: ``71`` is the int 71 and ``62.5`` the Fraction 125/2, never a binary float;
- keeps dates as text (the caller parses them), and octal-looking ``010`` as the decimal 10;
- rejects duplicate keys, several documents, empty files, files that are not UTF-8, files over a size
  limit, and alias expansion beyond a node budget (so a "billion laughs" file fails fast);
- builds the tree from parser events without recursion, so deep nesting cannot overflow the stack.

The result is a tree of :class:`Node`; every node knows its line.
"""

from __future__ import annotations

import io
import math
import numbers
import operator
import os
import re
import stat
import sys
import weakref
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, BinaryIO, Iterable, Iterator, NamedTuple

import yaml

from ..model.errors import Problem, Problems, RatingsError

_Parser: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # libyaml's parser is several times faster; the pure-Python one behaves the same
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 100
MAX_NUMBER_DIGITS = 40

_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


_HINTS = {
    "mapping values are not allowed": "check the indentation, or quote a value that contains ': '",
    "did not find expected ',' or '}'": "is a '}' missing?",
    "did not find expected ',' or ']'": "is a ']' missing?",
    "found character '\\t'": "indent with spaces, not tabs",
    "could not find expected ':'": "check the indentation, or quote a value that contains ': '",
    "did not find expected key": "check the indentation",
    "cannot start any token": "YAML is indented with spaces, not tabs; text starting with @ or ` must be quoted",
    "maximum nesting depth": f"nothing in a file may be nested more than {MAX_DEPTH} levels deep",  # libyaml's
}


class Node:
    """One value of a YAML document.

    ``kind`` is one of ``map``, ``seq``, ``str``, ``int``, ``number`` (a Fraction), ``special`` (a float
    infinity or NaN), ``bool`` or ``null``. ``value`` is a ``dict[str, Node]`` for maps (``keys`` gives each
    key's line), a ``list[Node]`` for sequences, or the Python scalar. ``text`` is the scalar as written.
    """

    __slots__ = ("kind", "value", "line", "text", "keys")

    def __init__(self, kind: str, value: Any, line: int | None, text: str = "",
                 keys: dict[str, int | None] | None = None):
        self.kind = kind
        self.value = value
        self.line = line
        self.text = text
        self.keys = keys

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Node({self.kind}, {self.value!r}, line={self.line})"

    def to_python(self) -> Any:
        """The plain Python value (maps to dicts, sequences to lists), for tests and tools."""
        if self.kind == "map":
            return {k: v.to_python() for k, v in self.value.items()}
        if self.kind == "seq":
            return [v.to_python() for v in self.value]
        return self.value


def describe(node: Node) -> str:
    """A short phrase for what a node is, for error messages ("the text '71%'", "a list")."""
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    if node.kind == "str":
        return f"the text {short(node.value)!r}"
    if node.kind == "bool":
        return f"the boolean {node.text or str(node.value).lower()}"
    if node.kind == "null":
        return "null (nothing)"
    return f"the number {short(node.text or str(node.value))}"


def short(text: str) -> str:
    """Text as a message quotes it: at most 40 characters (a number of 5,000 digits is cut short too)."""
    return text if len(text) <= 40 else text[:37] + "..."


_KINDS = {"map": "a mapping with none of these keys", "seq": "a list", "str": "text", "int": "a number",
          "number": "a number", "special": "a number", "bool": "true or false", "null": "nothing"}


class Format(NamedTuple):
    """What the top of one kind of our files holds, so that a file that is not one of ours is refused
    without quoting any of it (``rules: /etc/passwd``, a private key named as an inspection, ...).

    A document is *recognisably* of the format when its top level is a mapping holding at least one of the
    format's own top-level ``keys`` (or nothing at all: an empty mapping has nothing to quote). Until it is,
    no message quotes the file: not its text, not its keys, not its tags, not where a YAML error is.
    """

    what: str  # "an inspection file"
    keys: tuple[str, ...]  # every key the format allows at the top
    named: tuple[str, ...]  # the keys a refusal names
    # other kinds of our files, told by keys only they have: (what, those keys, what to do with one)
    others: tuple[tuple[str, tuple[str, ...], str], ...] = ()

    def mistaken_for(self, root: Node | None) -> str | None:
        """The one message for a file of another of our kinds given in place of this one (None when it is
        not): a rule set given as an inspection, or an inspection as a rule set. Names only our own keys."""
        if root is None or root.kind != "map" or any(k in root.value for k in self.named):
            return None
        for what, keys, hint in self.others:
            found = [k for k in keys if k in root.value]
            if found:
                return f"this is {what} (it has '{found[0]}'), not {self.what}: {hint}"
        return None

    def recognises(self, root: Node | None) -> bool:
        """Whether a whole document is recognisably of the format."""
        return root is not None and root.kind == "map" and (not root.value or self.holds_one_of(root.value))

    def holds_one_of(self, keys: Iterable[str | None]) -> bool:
        """Whether the top-level ``keys`` (of a document, or of the part of it read so far) include one of ours."""
        return any(key in self.keys for key in keys)

    def refusal(self, found: str) -> str:
        """The one message for a file that is not of the format; ``found`` must quote nothing of it."""
        named = ", ".join(f"'{key}'" for key in self.named)
        return f"this is not {self.what}: expected a mapping with {named}, ... at the top, found {found}"


def what_kind(node: Node) -> str:
    """What kind of value a node is ("text", "a list"), quoting nothing of it, for a file that is not ours."""
    return _KINDS[node.kind]


def resolve_plain(text: str) -> tuple[str, Any]:
    """The YAML 1.2 core-schema reading of a plain (unquoted) scalar, as ``(kind, value)``."""
    if _NULL.match(text):
        return "null", None
    if text in _BOOL:
        return "bool", _BOOL[text]
    if _INT.match(text) or _FLOAT.match(text):
        return _number(text)
    if _INT_OCT.match(text) or _INT_HEX.match(text):
        if len(text) > MAX_NUMBER_DIGITS:  # not even parsed: it cannot be within the bound (or is padded absurdly)
            return "special", math.inf
        return _exact(Decimal(int(text, 0)), whole=True)
    if _INF.match(text):
        return "special", -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return "special", math.nan
    return "str", text


def _number(text: str) -> tuple[str, Any]:
    try:
        dec = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regexes only pass valid numbers
        return "str", text
    return _exact(dec, whole=_INT.match(text) is not None)


def _exact(dec: Decimal, whole: bool) -> tuple[str, Any]:
    """A finite number, read exactly, within THE bound on every number read, from a file or a mapping: at most
    MAX_NUMBER_DIGITS digits as written, and between 10**-MAX_NUMBER_DIGITS and 10**MAX_NUMBER_DIGITS in
    size (so a whole number has at most MAX_NUMBER_DIGITS digits however it is written). Beyond it the number
    is "special" (too large or too precise to use): no number of 5,000 digits reaches arithmetic, or Python's
    limit on turning ints into text."""
    if not dec.is_zero() and (len(dec.as_tuple().digits) > MAX_NUMBER_DIGITS
                              or abs(dec.adjusted()) >= MAX_NUMBER_DIGITS):
        return "special", math.inf if dec > 0 else -math.inf
    return ("int", int(dec)) if whole else ("number", Fraction(dec))


def whole_number(digits: str) -> int | None:
    """The whole number written as ``digits`` (part of a text like ``1/2`` or ``7-18``), or None beyond the
    bound on numbers (see :func:`_exact`)."""
    kind, value = _exact(Decimal(digits), whole=True)
    return value if kind == "int" else None


def read_file(path: str | os.PathLike[str], display: str | None = None, max_bytes: int = MAX_BYTES,
              form: Format | None = None) -> Node:
    """Read and parse a YAML file (expected to be of the format ``form``, see :func:`parse_text`); raise
    :class:`RatingsError` naming the file on any problem."""
    name = display if display is not None else display_name(path)
    return parse_bytes(read_bytes(path, name, max_bytes), name, form)


#: The path that means standard input, as Unix tools take it (a file named '-' is ``./-``).
STDIN = "-"
#: How messages name standard input.
STDIN_NAME = "<stdin>"


def is_stdin(path: object) -> bool:
    return isinstance(path, str) and path == STDIN


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as messages name it: standard input as ``<stdin>``."""
    return STDIN_NAME if is_stdin(path) else os.fspath(path)


#: The standard-input streams read already (a stream is read once: a second read would find it empty)
_READ_STDIN: "weakref.WeakSet[Any]" = weakref.WeakSet()


#: What is read of a stream at a time, past what it was expected to hold.
_PIECE = 1 << 20


def read_at_most(stream: BinaryIO, most: int, expected: int = 0) -> bytes:
    """At most ``most`` bytes of a stream: ``expected`` of them (a regular file's size) and one more at once,
    then, while there are more, piece by piece. Why not ``stream.read(most)``: that takes ``most`` bytes of
    memory at once (tens of megabytes for a report), however little the stream holds."""
    data = stream.read(min(expected, most - 1) + 1)
    if len(data) <= expected or len(data) >= most:  # all of it (a short read is the end), or the bound reached
        return data
    grown = io.BytesIO(data)  # (a file that grew while read, or a pipe)
    grown.seek(0, io.SEEK_END)
    while grown.tell() < most:
        piece = stream.read(min(_PIECE, most - grown.tell()))
        if not piece:
            break
        grown.write(piece)
    return grown.getvalue()


def _read_stdin(name: str, max_bytes: int) -> bytes:
    """Standard input's bytes, up to the same size limit as a file's; read once."""
    stream: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise RatingsError(Problem("there is no standard input to read", name))
    if stream in _READ_STDIN:
        raise RatingsError(Problem("standard input was read already: it can be read once (give '-' once, and "
                                   "the other files by name)", name))
    _READ_STDIN.add(stream)
    try:
        data = read_at_most(stream, max_bytes + 1)
    except OSError as exc:
        raise RatingsError(Problem(f"cannot be read ({exc.strerror})", name)) from None
    if len(data) > max_bytes:
        raise RatingsError(Problem(f"is larger than {max_bytes:,} bytes; this is not an inspection or rule-set "
                                   "file", name))
    return data


def read_bytes(path: str | os.PathLike[str], name: str, max_bytes: int = MAX_BYTES,
               what: str = "an inspection or rule-set file") -> bytes:
    """A regular file's bytes, refusing files over ``max_bytes`` (as not ``what``); RatingsError naming the
    file on any problem.

    Opened without blocking and checked after opening (no race with a swap of the file), so that a FIFO, a
    device or a socket is refused at once rather than read forever. The path ``-`` is standard input, read
    to its end (a pipe is what it is for).
    """
    if is_stdin(path):
        return _read_stdin(name, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        missing = "is a symbolic link to a file that does not exist" if os.path.islink(path) else "no such file"
        raise RatingsError(Problem(missing, name)) from None
    except IsADirectoryError:  # where a folder cannot be opened at all
        raise RatingsError(Problem("is a directory, not a file", name)) from None
    except OSError as exc:  # a socket cannot be opened at all: say what it is
        raise RatingsError(Problem(_not_regular(path, None, what) or f"cannot be read ({exc.strerror})",
                                   name)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise RatingsError(Problem("is a directory, not a file" if stat.S_ISDIR(mode)
                                   else _not_regular(path, mode, what), name))
    with os.fdopen(fd, "rb") as fh:
        try:
            data = read_at_most(fh, max_bytes + 1, os.fstat(fh.fileno()).st_size)
        except OSError as exc:
            raise RatingsError(Problem(f"cannot be read ({exc.strerror})", name)) from None
    if len(data) > max_bytes:
        raise RatingsError(Problem(f"file is larger than {max_bytes:,} bytes; this is not {what}", name))
    return data


_SPECIAL = ((stat.S_ISFIFO, "a FIFO (a named pipe)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(path: str | os.PathLike[str], mode: int | None = None,
                 what: str = "an inspection or rule-set file") -> str | None:
    """'is not a regular file but a FIFO ...', or None when it is one (or cannot be looked at)."""
    if mode is None:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return None
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _SPECIAL if test(mode)), "a special file")
    return f"is not a regular file but {kind}; give {what}"


def parse_bytes(data: bytes, file: str, form: Format | None = None) -> Node:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RatingsError(Problem(
            f"the file is not UTF-8 text (the byte 0x{data[exc.start]:02x} is not valid UTF-8 here); "
            "save it as UTF-8", file, line)) from None
    return parse_text(text, file, form)


def parse_text(text: str, file: str, form: Format | None = None) -> Node:
    """Parse one YAML document into a :class:`Node` tree.

    With ``form``, a problem found in a file that is not (yet) recognisably of that format is reported as
    the format's refusal, quoting nothing of the file (see :class:`Format`).
    """
    if "\x00" in text:
        raise RatingsError(Problem("the file contains a NUL character; it is not a text file", file,
                                   text[: text.index("\x00")].count("\n") + 1))
    problems = Problems(file)
    builder = _Builder(problems, form)
    try:
        root = builder.build(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        for known, hint in _HINTS.items():
            if known in what:
                what += f" ({hint})"
        builder.refuse_unless_recognised(line, "text that is not valid YAML")
        near = f" just after {builder.where}" if builder.where else ""
        raise RatingsError(Problem(f"invalid YAML{near}: {what}", file, line)) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise RatingsError(Problem(f"invalid YAML: the character {char!r} (U+{ord(char):04X}) is not allowed in "
                                   "YAML text", file, line)) from None
    except yaml.YAMLError as exc:
        builder.refuse_unless_recognised(None, "text that is not valid YAML")
        raise RatingsError(Problem(f"invalid YAML: {exc}", file)) from None
    if problems and root is not None:
        builder.refuse_unless_recognised(root.line, what_kind(root))
    problems.raise_if_any()
    if root is None:
        raise RatingsError(Problem("the file is empty", file, 1))
    return root


class _Builder:
    """Turns a stream of parser events into Nodes, iteratively, enforcing the limits."""

    def __init__(self, problems: Problems, form: Format | None = None):
        self.problems = problems
        self.form = form
        self.root: Node | None = None
        self.stack: list[list[Any]] = []
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.nodes = 0
        self.where = ""  # the dotted path of the last key or item read, for syntax-error messages

    def _count(self, n: int, line: int) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise RatingsError(Problem(
                f"the document expands to more than {MAX_NODES:,} values (aliases repeated too often?)",
                self.problems.file, line))

    def build(self, events: Iterator[yaml.Event]) -> Node | None:
        root: Node | None = None
        documents = 0
        # each stack entry: [node, pending_key_text, pending_key_line, first_node_count, path]
        stack = self.stack
        for event in events:
            mark = event.start_mark
            assert mark is not None  # the parser marks every event it makes with where it starts
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise RatingsError(Problem("the file holds more than one YAML document ('---'); "
                                               "put one inspection or rule set per file",
                                               self.problems.file, mark.line + 1))
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            line = mark.line + 1
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node, _, _, start_count, _ = stack.pop()
                self._finish(node, start_count)
                if not stack:
                    root = node
                continue
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:  # undefined, or an alias inside its own anchor
                    self.refuse_unless_recognised(line, "text that is not valid YAML")
                    raise RatingsError(Problem(f"the alias *{event.anchor} refers to no complete anchor "
                                               f"&{event.anchor} before it", self.problems.file, line))
                node, size = self.anchors[event.anchor]
                self._count(size, line)
            elif isinstance(event, yaml.ScalarEvent):
                node = self._scalar(event, line)
                self._count(1, line)
                if event.anchor:
                    self.anchors[event.anchor] = (node, 1)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                is_map = isinstance(event, yaml.MappingStartEvent)
                self._check_tag(event.tag, _CORE + ("map" if is_map else "seq"), line)
                node = Node("map", {}, line, keys={}) if is_map else Node("seq", [], line)
                self._count(1, line)
                if len(stack) >= MAX_DEPTH:
                    raise RatingsError(Problem(f"the document is nested more than {MAX_DEPTH} levels deep",
                                               self.problems.file, line))
                path = self._attach(stack, node, line, event)
                stack.append([node, None, None, self.nodes, path])
                if event.anchor:
                    node.text = event.anchor  # remembered until the collection ends
                continue
            else:  # pragma: no cover - no other event kinds exist
                continue
            self._attach(stack, node, line, event)
            if not stack:
                root = node
        self.root = root
        return root

    def refuse_unless_recognised(self, line: int | None, found: str) -> None:
        """Raise the format's refusal (quoting nothing) unless what was read so far is recognisably of it."""
        if self.form is None:
            return
        root, pending = (self.stack[0][0], self.stack[0][1]) if self.stack else (self.root, None)  # read so far
        if not (root is not None and root.kind == "map" and self.form.holds_one_of([*root.value, pending])):
            raise RatingsError(Problem(self.form.refusal(found), self.problems.file, line))

    def _finish(self, node: Node, start_count: int) -> None:
        if node.text:  # an anchored collection: remember its expanded size for aliases to it
            self.anchors[node.text] = (node, self.nodes - start_count + 1)
            node.text = ""

    def _attach(self, stack: list[list[Any]], node: Node, line: int, event: yaml.Event) -> str:
        """Put a new node into its parent; return its dotted path."""
        if not stack:
            return ""
        top = stack[-1]
        parent: Node = top[0]
        parent_path: str = top[4]
        if parent.kind == "seq":
            self.where = f"{parent_path}[{len(parent.value)}]"
            parent.value.append(node)
            return self.where
        if top[1] is None:  # this node is a key
            if node.kind in ("map", "seq"):
                self.problems.add("a key must be plain text, not a list or mapping", line, parent_path or None)
                top[1], top[2] = ("\x00", line)
                return parent_path
            key = node.text if node.kind != "str" else node.value
            top[1], top[2] = (key, line)
            shown = key if len(key) <= 60 else key[:57] + "..."
            self.where = f"{parent_path}.{shown}" if parent_path else shown
            return self.where
        key, key_line = top[1], top[2]
        top[1] = top[2] = None
        shown = key if len(key) <= 60 else key[:57] + "..."
        path = f"{parent_path}.{shown}" if parent_path else shown
        if key == "\x00":
            return path
        assert parent.keys is not None  # a map's node keeps its keys' lines
        if key in parent.value:
            self.problems.add(f"duplicate key '{shown}' (first given on line {parent.keys[key]})", key_line, path)
            return path
        parent.value[key] = node
        parent.keys[key] = key_line
        return path

    def _check_tag(self, tag: str | None, expected: str, line: int) -> None:
        if tag is None or tag == "!" or tag == expected:
            return
        shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        self.problems.add(f"the YAML tag {shown} is not allowed here; files hold plain data only", line,
                          self.where or None)

    def _scalar(self, event: yaml.ScalarEvent, line: int) -> Node:
        text = event.value
        tag = event.tag
        if tag is None and not event.style and event.implicit[0]:  # plain: libyaml says '', PyYAML None
            kind, value = resolve_plain(text)
            return Node(kind, value, line, text)
        if tag in (None, "!"):  # quoted, or YAML 1.2's non-specific tag '!': text, as in '! 65'
            return Node("str", text, line, text)
        if tag == _CORE + "str":
            return Node("str", text, line, text)
        if tag in (_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"):
            kind, value = resolve_plain(text)
            wanted = {"int": ("int",), "float": ("int", "number", "special"), "bool": ("bool",),
                      "null": ("null",)}[tag[len(_CORE):]]
            if kind not in wanted:
                self.problems.add(f"'{text[:60]}' is not a valid !!{tag[len(_CORE):]}", line, self.where or None)
                return Node("str", text, line, text)
            return Node(kind, value, line, text)
        self._check_tag(tag, _CORE + "str", line)
        return Node("str", text, line, text)


_LIMIT = 10 ** MAX_NUMBER_DIGITS  # the ints strictly between -_LIMIT and _LIMIT are those _exact keeps


def python_number(obj: Any) -> Node | None:
    """A number from a mapping as a Node, read exactly and bounded as numbers in files are (see
    :func:`_exact`); None if ``obj`` is not a number. Booleans are not numbers: the caller sees to them first.

    Whole numbers: ``int`` and any integer type (numpy's; anything with ``__index__``). A ``Fraction`` is
    itself, a ``Decimal`` its exact value. A ``float`` (numpy's float64 too) is the decimal its shortest repr
    prints, taken from ``float.__repr__`` (``0.1`` is 1/10), never from a subclass's own ``repr``; any other
    real number (numpy's float32, ...) is the ``float`` it converts to, read the same way.
    """
    if isinstance(obj, Fraction):
        num, den = obj.numerator, obj.denominator
        text = f"{_digits(num)}/{_digits(den)}"
        if -_LIMIT < num < _LIMIT and den < _LIMIT:
            return Node("number", Fraction(num, den), None, text)
        return Node("special", math.inf if num > 0 else -math.inf, None, text)
    if isinstance(obj, Decimal):
        text = Decimal.__str__(obj)
        if not obj.is_finite():
            return Node("special", math.nan if obj.is_nan() else math.copysign(math.inf, obj), None, text)
        return Node(*_number(text), None, text)
    if getattr(getattr(obj, "dtype", None), "kind", None) == "b":  # an array library's boolean scalar: numpy 1's
        return None  # bool_ still gives an index (with a warning), numpy 2's refuses; neither is a number
    if isinstance(obj, numbers.Integral) or hasattr(type(obj), "__index__"):
        try:
            whole = operator.index(obj)
        except TypeError:  # numpy's bool_ has an __index__ that refuses
            return None
        if -_LIMIT < whole < _LIMIT:
            return Node("int", whole, None, str(whole))
        return Node("special", math.inf if whole > 0 else -math.inf, None, _digits(whole))
    if isinstance(obj, numbers.Real):
        try:
            text = float.__repr__(obj if isinstance(obj, float) else float(obj))
        except (TypeError, ValueError, OverflowError):  # a real number that will not be a float
            return None
        if text in ("inf", "-inf", "nan"):
            return Node("special", float(text), None, text)
        return Node(*_number(text), None, text)
    return None


def _digits(whole: int) -> str:
    """A whole number as text; beyond the bound on numbers, in short (1.000e+5000), since Python refuses to
    write out an int of more than 4,300 digits."""
    return str(whole) if -_LIMIT < whole < _LIMIT else f"{Decimal(whole):.3e}"


def from_python(value: Any, file: str = "<mapping>") -> Node:
    """Wrap an already-parsed Python value (e.g. a dict built in code) as a Node tree without lines.

    Numbers are read exactly and bounded as in files (see :func:`python_number`). YAML 1.1 booleans used as
    keys (what ``yaml.safe_load`` makes of ``yes:``) are reported, not guessed at.
    """
    problems = Problems(file)
    count = [0]

    def wrap(obj: Any, path: str, depth: int) -> Node:
        count[0] += 1
        if count[0] > MAX_NODES or depth > MAX_DEPTH:
            raise RatingsError(Problem("the mapping is too large or too deeply nested", file))
        kind = type(obj)  # the common exact types first: every value of every rating passes here
        if kind is int and -_LIMIT < obj < _LIMIT:
            return Node("int", obj, None, str(obj))
        if kind is str:
            return Node("str", obj, None, obj)
        if isinstance(obj, Node):
            return obj
        if isinstance(obj, dict):
            keys: dict[str, int | None] = {}
            node = Node("map", {}, None, keys=keys)
            for key, item in obj.items():
                if isinstance(key, bool):
                    problems.add(f"the key {key!r} is a boolean: a YAML 1.1 reader turned 'yes'/'no'/'on'/"
                                 "'off' into True/False; pass the file path instead, or use text keys",
                                 key=path or None)
                    continue
                if not isinstance(key, str):
                    problems.add(f"the key {key!r} is not text", key=path or None)
                    continue
                node.value[key] = wrap(item, f"{path}.{key}" if path else key, depth + 1)
                keys[key] = None
            return node
        if isinstance(obj, (list, tuple)):
            return Node("seq", [wrap(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(obj)], None)
        if obj is None:
            return Node("null", None, None, "null")
        if isinstance(obj, bool):
            return Node("bool", obj, None, "true" if obj else "false")
        number = python_number(obj)
        if number is not None:
            return number
        if isinstance(obj, str):
            return Node("str", obj, None, obj)
        if hasattr(obj, "isoformat"):  # a date, as yaml.safe_load makes of 2023-03-20
            text = obj.isoformat()
            return Node("str", text, None, text)
        problems.add(f"values of type {type(obj).__name__} are not allowed", key=path or None)
        return Node("null", None, None, "")

    root = wrap(value, "", 0)
    problems.raise_if_any()
    return root
