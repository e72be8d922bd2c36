"""`json_text` (ratings/frontends/outputs.py), which writes every command's JSON and every answer of the web
service, gives exactly what `json.dumps(data, indent=2, ensure_ascii=False)` gives, with the characters a
terminal may obey escaped and a final newline: for any JSON value, and for every example's rating."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, strategies as st

import ratings
from ratings.frontends.outputs import json_text

from conftest import EXAMPLES

RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def reference(data) -> str:
    return RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@given(values)
def test_json_text_is_json_dumps_indented(data):
    assert json_text(data) == reference(data)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_rating_is_written_as_json_dumps_writes_it(path):
    data = ratings.rate(str(path)).to_dict()
    assert json_text(data) == reference(data)


def test_what_json_cannot_hold_is_refused_as_json_dumps_refuses_it():
    for bad in ({"a": object()}, {(1, 2): 3}, [set()]):
        with pytest.raises(TypeError):
            json.dumps(bad)
        with pytest.raises(TypeError):
            json_text(bad)
