"""The words of the publisher whose reports ``ratings extract`` reads: HM Inspectorate of Probation.

The one place in the code that holds an inspectorate's own phrases. Everything specific to a framework (its
standards, key questions, scale) comes from the rule sets; what is here is what every report of this
publisher says in the same words whatever its framework: its own name, its titles, how a foreword says the
overall rating, the words for the fieldwork and the case sample. Reading another inspectorate's reports needs
its words here (or, better, as data beside its rule sets).

Each phrase is matched as normalised words (``report_words.phrase``: case, punctuation, quotes and dashes
ignored), never as a regular expression over the text, so that none can go quadratic.
"""

from __future__ import annotations

#: Whose reports are read: the ``publisher`` of the bundled rule sets a report is read under.
PUBLISHER = "HM Inspectorate of Probation"

#: The inspectorate's own names, as its reports print them on the cover, the imprint ("HMI Probation, May
#: 2020") and the running header. A line holding one of these and nothing else (but a date) marks a report.
NAMES = ("HM Inspectorate of Probation", "Her Majesty's Inspectorate of Probation", "His Majesty's Inspectorate "
         "of Probation", "HMI Probation", "Arolygiaeth Prawf EM")
#: What of the names a title's name must never hold: a name holding it has run into the imprint below the
#: title ("WarwickshireHM Inspectorate of Probation", as a PDF's text may give it).
NAME_CORES = ("inspectorate of probation", "hmi probation")

#: Words one of which every text that is recognisably a report holds (its title, the inspectorate's name,
#: an overall rating, the fieldwork): a text given to ``ratings rate`` or ``verify`` that is no inspection file
#: is read as a report only when it holds one (a quick look, before reading it as one).
REPORT_MARKS = ("inspect", "rating", "rated", "fieldwork")

#: The words that introduce a value on the ratings page or in the text.
REPORT_WORDS: dict[str, tuple[str, ...]] = {
    "overall": ("overall rating",),                  # ... followed by a rating (or "of", "is" ... a rating)
    "score": ("score",),                             # ... followed by N/M
    "fieldwork": ("fieldwork",),                     # ... and a date within FIELDWORK_REACH words
    "cases_before": ("inspected", "case sample of", "sample of"),   # ... followed by N cases
    "cases_after": ("cases were inspected",),        # N ... before it
}

# ---------------------------------------------------------------------------------- the overall, in prose

#: Words that may stand between "overall rating" and the rating: "an overall rating of 'Good'".
OVERALL_FILLERS = ("of", "is", "was", "as")
#: "rated" (or "rated as") followed by a rating: the overall when it is said of the whole service (below).
RATED = ("rated overall as", "rated overall", "rated as", "rated")
#: "as RATING overall" after any words: "we have rated the arrangements as 'Requires improvement' overall".
AS = "as"
#: Phrases after which a rating is always the overall one: "which resulted in a rating of 'Inadequate'".
OVERALL_ALWAYS = ("resulted in a rating of", "resulting in a rating of", "resulted in an overall rating of")
#: The service as the subject of "has been rated": "the PDU has been rated as 'Requires improvement'".
SERVICE_NOUNS = ("pdu", "probation delivery unit", "yjs", "yos", "yot", "youth justice service",
                 "youth offending service", "youth offending team", "the service", "crc", "community "
                 "rehabilitation company", "division", "region", "approved premises", "partnership")
#: Words before a standard's name that make it part of the service's name ("probation services", "youth
#: justice services"), not a standard's.
SERVICE_QUALIFIERS = ("probation", "justice", "offending")
#: The verb between the service and "rated".
RATED_VERBS = ("has been", "have been", "had been", "was", "were", "is", "are", "has now been")
#: After a rating, words saying it is not the service's overall rating but one standard's ("... for
#: leadership", "... in this area").
NOT_OVERALL_AFTER = ("for", "in this area")
#: Between two ratings, words making them possibilities or a list, none of them the rating ("'Good' or
#: 'Outstanding'").
LISTING = ("or", "and", "nor")
#: Before a rating in the same sentence, words making it a hypothesis: "rules out an overall rating of".
NOT_OVERALL_BEFORE = ("rules out", "rule out", "ruled out", "would", "could", "cannot", "not be")
#: How far a sentence is read either side of a rating, in words.
SENTENCE_REACH = 40

# ---------------------------------------------------------------------------------- key-question tables

#: A standard's key-question table is headed "Key question | Percentage 'Yes'": the first cell, and words of
#: the second (on the same line, or the next when a viewer gives the table column by column).
TABLE_HEADING = "key question"
TABLE_VALUE_HEADING = "percentage"

#: The ratings page's row for the overall rating (a cell of its own when the page is read column by column).
OVERALL_ROW = "overall rating"

# ------------------------------------------------------------------------------------------------- titles

#: How a report's title begins; the name follows (see ``extract._title``).
TITLE_START = "an inspection of"
#: Titles of reports that are not inspections of one service (no ratings of one): thematic, joint and annual
#: reports, and the national ones. Matched at the start of a title line.
THEMATIC_STARTS = ("a thematic inspection", "a joint thematic inspection", "a joint inspection",
                   "an inspection of central functions", "annual report", "a thematic review")

#: A running header repeated on each page of a PDF ("Inspection of probation services: Dorset, Devon and
#: Cornwall CRC 2"), read inside a table when the table crosses a page: passed over there.
RUNNING_HEADER = "inspection of"
#: Longest running header, in words.
MAX_RUNNING_HEADER = 24

#: The services a title or a name says the report is about, as the ``service`` of the bundled rule sets:
#: the last words of the name first ("Cheshire West PDU"), then the words of the title before it.
SERVICE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("approved premises", ("approved-premises",)),
    ("pdu", ("probation-pdu",)),
    ("probation delivery unit", ("probation-pdu",)),
    ("crc", ("probation-crc",)),
    ("community rehabilitation company", ("probation-crc",)),
    ("nps", ("probation-nps",)),
    ("national probation service", ("probation-nps",)),
    ("division", ("probation-nps",)),
    ("region", ("probation-region",)),
    ("youth offending", ("youth-justice", "youth-justice-small")),
    ("youth justice", ("youth-justice", "youth-justice-small")),
    ("yot", ("youth-justice", "youth-justice-small")),
    ("yos", ("youth-justice", "youth-justice-small")),
    ("yjs", ("youth-justice", "youth-justice-small")),
)
