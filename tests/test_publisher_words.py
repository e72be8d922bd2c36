"""The words of a publisher's reports are data (rules/reports/*.yaml), read strictly, and `ratings extract` reads
reports by them: the Python holds none of them. (Broken words files: tests/broken/words/, checked by
test_broken_files.py.)"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import ratings
from ratings.loading import extract as extract_module
from ratings.loading.publisher_words import (PublisherWords, bundled_publisher_words, load_publisher_words,
                                             publisher_words, words_folder)
from ratings.loading.registry import bundled_dir, bundled_ids, bundled_rule_sets

from conftest import ROOT

LOADING = ROOT / "ratings" / "loading"


def extract_text(tmp_path: Path, text: str, rules: str | None = None) -> ratings.Extraction:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return ratings.extract(path, rules)


def test_the_bundled_words_are_for_a_publisher_of_bundled_rule_sets_and_name_their_services():
    """Each words file says whose reports it words (the rule sets' `publisher`), and the services its titles'
    words name are services of that publisher's bundled rule sets."""
    found = bundled_publisher_words()
    assert found and len({w.publisher for w in found}) == len(found)
    for said in found:
        services = {r.service for r in bundled_rule_sets() if r.publisher == said.publisher}
        assert services, said.publisher
        named = {s for _, listed in said.service_words for s in listed}
        assert named and named <= services, named - services
        assert said.source


def test_the_words_file_is_beside_the_rule_sets_and_no_rule_set():
    assert words_folder().parent == bundled_dir()
    stems = {p.stem for p in words_folder().glob("*.yaml")}
    assert stems and not stems & set(bundled_ids()) and words_folder().name not in bundled_ids()


def test_a_publisher_gets_its_own_words_and_an_unknown_one_the_only_words_there_are():
    (said,) = bundled_publisher_words()
    assert publisher_words(said.publisher) is said and publisher_words() is said
    assert publisher_words("Care Quality Commission") is said  # (a rule set named to read a report with)


def test_with_several_publishers_words_each_publisher_gets_its_own_and_none_is_guessed(monkeypatch):
    from ratings.loading import publisher_words as module

    (hmip,) = bundled_publisher_words()
    other = attrs.evolve(hmip, file="reports/other.yaml", publisher="Care Quality Commission")
    monkeypatch.setattr(module, "bundled_publisher_words", lambda: (hmip, other))
    assert module.publisher_words("Care Quality Commission") is other
    assert module.publisher_words(hmip.publisher) is hmip
    with pytest.raises(ratings.RatingsError, match="there are words files for the reports of .*: name a rule set"):
        module.publisher_words()
    with pytest.raises(ratings.RatingsError, match="no words file for the reports of Ofsted"):
        module.publisher_words("Ofsted")


def test_the_code_names_no_inspectorate_and_holds_none_of_its_phrases():
    """The words of the reports are in the words file only: the modules that read reports name no inspectorate
    (not even in a comment) and write none of its title or overall-rating phrases as a string."""
    (said,) = bundled_publisher_words()
    modules = ("extract.py", "report_title.py", "report_columns.py", "key_question_tables.py", "sources.py",
               "report_words.py", "publisher_words.py")
    code = "\n".join((LOADING / m).read_text(encoding="utf-8").lower() for m in modules)
    for name in (said.publisher, *said.names):
        assert name.lower() not in code, name
    for phrase in (said.title_start, *said.thematic_starts, *said.overall_always):
        assert f'"{phrase.lower()}"' not in code and f"'{phrase.lower()}'" not in code, phrase


def test_extract_reads_titles_and_the_overall_by_the_words_file(tmp_path, monkeypatch):
    """Other words in the file, other reports read: a title and an overall rating worded otherwise are found
    when the words file words them so, and not with the bundled words."""
    text = "A review of probation services in: Northshire PDU\nThe verdict\tGood\n"
    with pytest.raises(ratings.RatingsError, match="this does not look like an inspection report"):
        extract_text(tmp_path, text, rules="hmip-probation-pdu-2021")  # (with the bundled words)
    said = attrs.evolve(publisher_words(), title_start="a review of", overall_row="the verdict",
                        report_words=attrs.evolve(publisher_words().report_words, overall=("the verdict",)))
    monkeypatch.setattr(extract_module, "publisher_words", lambda publisher=None: said)
    x = extract_text(tmp_path, text, rules="hmip-probation-pdu-2021")
    assert x.mapping["name"] == "Northshire PDU" and x.mapping["published"]["overall"] == "Good"


def test_extract_considers_the_rule_sets_of_the_words_files_publisher(tmp_path, monkeypatch):
    said = attrs.evolve(publisher_words(), publisher="Nobody's Inspectorate")
    monkeypatch.setattr(extract_module, "publisher_words", lambda publisher=None: said)
    with pytest.raises(ratings.RatingsError, match="none of the bundled rule sets is Nobody's Inspectorate's"):
        extract_text(tmp_path, "An inspection of probation services in: X PDU\nOverall rating\tGood\n")


def test_the_words_file_read_here_is_the_bundled_one():
    (said,) = bundled_publisher_words()
    again = load_publisher_words(Path(said.file.replace("reports/", str(words_folder()) + "/")))
    assert isinstance(again, PublisherWords) and attrs.evolve(again, file=said.file) == said
