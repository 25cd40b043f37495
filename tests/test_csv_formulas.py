"""CSV exports stay inert in spreadsheets, however the spreadsheet splits the lines."""

import csv
import io
import re

import pytest
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.spreadsheets import FORMULA_STARTS, inert_line, inert_lines, neutralise, plain_line

from .factories import make_actor, make_initiative, make_participation

# Excel splits on the list separator of its locale (";" with Swedish settings), other
# programs on commas or tabs; the property holds for each, and for line breaks too.
SPLITTERS = [",", ";", "\t"]
# What a hostile or just unusual title is made of: separators, formula starts, quotes,
# spaces, line breaks and ordinary letters.
cell_text = st.text(alphabet=st.sampled_from(list(",;\t\r\n=+-@\"' aZå1(")), max_size=30)
any_text = st.one_of(cell_text, st.text(max_size=30))


def written(cells):
    out = io.StringIO()
    csv.writer(out).writerow([neutralise(cell) for cell in cells])
    return out.getvalue()


def pieces(text, splitter):
    """The text cut at every splitter and line break, as a spreadsheet's cells start."""
    return re.split(f"[{re.escape(splitter)}\r\n]", text)


def starts_a_formula(piece):
    # A quote or spaces before the formula character do not make it text.
    return piece.lstrip(' "').startswith(FORMULA_STARTS)


@given(st.lists(any_text, min_size=1, max_size=5))
@example([";=1+7"])
@example(['Skola;=HYPERLINK("http://evil")', "-2"])
@example(['a;"=1+7'])
@settings(max_examples=300, deadline=None)
def test_no_piece_of_an_exported_line_starts_a_formula(cells):
    text = written(cells)
    for splitter in SPLITTERS:
        assert not [p for p in pieces(text, splitter) if starts_a_formula(p)], (splitter, text)


class Echo:
    def write(self, value):
        return value


@given(st.lists(st.one_of(st.none(), any_text), min_size=1, max_size=6))
@example(["Skola - en plan", "-2"])
@example(["a", ' "=1'])
@example(["a\t\tb"])
@example(["\tb", "c"])
@example(['"-1', "c"])
@settings(max_examples=500, deadline=None)
def test_a_line_searched_once_is_the_line_of_each_cell_neutralised(cells):
    """The export's whole-line form (written and searched once, most lines need nothing)
    writes exactly the line the rule makes cell by cell."""
    writer = csv.writer(Echo())
    assert inert_line(writer, cells) == writer.writerow([neutralise(cell) for cell in cells])


@given(st.lists(st.lists(st.one_of(st.none(), any_text), min_size=1, max_size=4), max_size=8))
@example([["Skola", "plan"], ["Skola", "=1+7"]])
@example([["Skola", "plan"], ["\tb", "c"]])
@example([["a", "b"], ["-2", "c"]])
@example([["a", "b"], ["Skola;=1+7", "c"]])
@settings(max_examples=500, deadline=None)
def test_lines_searched_together_are_each_line_neutralised(rows):
    """An export's chunk of lines, searched for formulas in one scan (`inert_lines`),
    is line for line what the rule makes cell by cell, wherever the formula is among
    them: on the first line, on a later one, at a line's start or inside a cell."""
    writer = csv.writer(Echo())
    expected = [writer.writerow([neutralise(cell) for cell in cells]) for cells in rows]
    assert inert_lines(writer, lambda: rows) == expected


@given(st.lists(st.one_of(st.none(), any_text), min_size=0, max_size=6))
@example([""])
@example(["", ""])
@example(["a", "b,c"])
@example(["a", 'b"c'])
@example(["a\r", "b"])
@example(["a", "b\n"])
@example(["a", 1])
@settings(max_examples=500, deadline=None)
def test_a_line_joined_without_the_writer_is_the_line_the_writer_makes(cells):
    """The export joins most lines itself (`plain_line`): whenever it does, the line is
    the csv writer's to the character, and it leaves every line needing quotes, and
    every cell that is not text, to the writer."""
    writer = csv.writer(Echo())
    line = plain_line(cells)
    if line is not None:
        assert line == writer.writerow(cells)
    needs_the_writer = len(cells) < 2 or any(
        not isinstance(cell, str) or any(mark in cell for mark in ',"\r\n') for cell in cells
    )
    assert (line is None) == needs_the_writer


@given(st.lists(any_text, min_size=1, max_size=5))
@settings(max_examples=300, deadline=None)
def test_the_data_reads_back_with_only_quotes_added(cells):
    (read_back,) = csv.reader(io.StringIO(written(cells)))

    assert len(read_back) == len(cells)
    for original, shown in zip(cells, read_back, strict=True):
        assert shown.replace("'", "") == original.replace("'", "")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Skolor i Trollhättan; Borlänge", "Skolor i Trollhättan; Borlänge"),
        ("Avveckling 2015-2018", "Avveckling 2015-2018"),
        (";=1+7", ";'=1+7"),
        ("=SUM(A1)", "'=SUM(A1)"),
        ("Elever, -20 %", "Elever, '-20 %"),
    ],
)
def test_ordinary_text_is_untouched_and_formulas_get_a_quote(text, shown):
    assert neutralise(text) == shown


@pytest.mark.django_db
def test_the_csv_export_neutralises_formulas_after_a_separator(client):
    initiative = make_initiative(title="Skolval;=1+7", slug="semikolon")
    make_participation(initiative=initiative, actor=make_actor(name="@Aktör;-5"))

    response = client.get(reverse("initiatives:export-csv"))
    text = b"".join(response.streaming_content).decode("utf-8")

    line = next(line for line in text.splitlines() if line.startswith("semikolon"))
    for splitter in SPLITTERS:
        assert not [p for p in pieces(line, splitter) if starts_a_formula(p)]
    row = next(
        r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if r["slug"] == "semikolon"
    )
    assert row["title"] == "Skolval;'=1+7"
