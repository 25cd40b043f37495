"""
CSV cells a spreadsheet will not run: the one rule for every CSV the site serves
(the browser's export, the data package's tables).
"""

import re

# A spreadsheet would run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A formula character at the start of the cell, or after anything a spreadsheet might
# split the line on (Excel with Swedish settings splits on ";", others on tabs), past
# any spaces and quotes: "Skola;=1+7" would otherwise put =1+7 in a cell of its own.
FORMULA_AFTER_SPLIT = re.compile(r"""(?:^|(?<=[,;\t\r\n]))[ "]*(?=[=+\-@\t\r])""")
# Quick tests first, as most cells pass them (the data package writes millions): without
# any of these characters a cell cannot hold a formula, and without a separator only its
# start can.
ANY_FORMULA_START = re.compile(r"[=+\-@\t\r]")
ANY_SPLIT = re.compile(r"[,;\t\r\n]")
# For a whole line (inert_line): a formula character can start a cell, or a piece of
# one, only right after the cell's start, a separator, a space or a quote.
MIGHT_START_A_FORMULA = re.compile(r"""[,;\t\r\n "][=+\-@\t\r]""")


def neutralise(value):
    """Make a CSV cell inert in spreadsheets: a quote before every formula-like start.

    Only a `'` is added, only where a piece of the cell could start a formula, so the
    text stays as readable as it was ("Skola;=1+7" becomes "Skola;'=1+7").
    """
    if not isinstance(value, str) or not ANY_FORMULA_START.search(value):
        return value
    if not ANY_SPLIT.search(value):
        start = len(value) - len(value.lstrip(' "'))
        if value[start : start + 1] in ("=", "+", "-", "@"):
            return f"{value[:start]}'{value[start:]}"
        return value
    return FORMULA_AFTER_SPLIT.sub(lambda match: match.group() + "'", value)


def plain_line(cells):
    """The CSV line of `cells` when none of them needs quoting, else None.

    Most export lines are text without a comma, a quote or a line break: their line is
    the cells joined by commas and ended by "\r\n", as the csv writer (excel dialect,
    minimal quoting) writes it, made here by one join and four scans of it instead of the
    writer's pass over every character (a full export's 46 000 lines: 0.09 s against
    0.63 s). Only lines of text (not None or numbers) of more than one cell: the writer
    quotes a lone empty cell.
    """
    if len(cells) < 2:
        return None
    try:
        line = ",".join(cells)
    except TypeError:  # a cell that is not text
        return None
    if line.count(",") != len(cells) - 1 or '"' in line or "\n" in line or "\r" in line:
        return None
    return line + "\r\n"


def inert_line(writer, cells):
    """The CSV line of `cells` (text or None) with each cell neutralised: `writer` is a
    csv writer (excel dialect) whose file hands each line back (front/exports.py's Echo).

    Written once and searched once, as most lines need nothing (a full export spent a
    tenth of its time on a million cells that did not): the writer only puts commas
    and quotes between the cells and doubles the quotes in them, so a cell `neutralise`
    would change has a formula character at the line's start or right after a
    separator, a space or a quote in the line. Only a line with one is written again,
    its cells neutralised. A line that needs no quoting is made without the writer
    (`plain_line`).
    """
    line = plain_line(cells) or writer.writerow(cells)
    if line.startswith(FORMULA_STARTS) or MIGHT_START_A_FORMULA.search(line):
        return writer.writerow([neutralise(cell) for cell in cells])
    return line


def inert_lines(writer, make_rows):
    """`inert_line` for each row `make_rows()` gives (lists of cells), as a list of
    lines, searched once for them all.

    The lines are joined and searched by one scan (a line's end is a separator too, so
    its start is searched as it would be alone) instead of one search per line: a full
    export has 46 000 lines, and none of them needed anything. Only when the scan finds
    a place where a formula could start are the rows made again (`make_rows()` once
    more, so no row's cells are held meanwhile) and their lines made one by one by
    `inert_line`, each neutralised where it needs it.
    """
    lines = [plain_line(cells) or writer.writerow(cells) for cells in make_rows()]
    text = "".join(lines)
    if text.startswith(FORMULA_STARTS) or MIGHT_START_A_FORMULA.search(text):
        return [inert_line(writer, cells) for cells in make_rows()]
    return lines
