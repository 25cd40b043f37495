"""
Swedish alphabetical order: …, X, Y, Z, Å, Ä, Ö, on SQLite, PostgreSQL and in Python.

Byte or code-point order puts Ä (U+00C4) before Å (U+00C5), so "Ängelholm" came before
"Åstorp" and "Hässleholm" before "Håbo". Every name that is sorted goes through this
module instead:

- in the database, `.order_by(*swedish("name"))` (or `swedish_desc`): the column under
  the collation named COLLATION. PostgreSQL gets it from ICU (`core/migrations/0002`
  creates it, so every database and test database has it); SQLite gets it from
  `register_sqlite_collation`, connected to every new connection in `CoreConfig.ready()`;
- in Python, `sorted(names, key=sort_key)`, the same rules the SQLite collation uses.

The Python rules follow the Swedish ICU/CLDR collation for the letters names use: case
is ignored first (a tie is broken lower case first), Å Ä Ö are letters of their own
after Z, Æ sorts as Ä and Ø as Ö, Ü as Y, and other accents are ignored (É as E).
"""

import unicodedata
from functools import lru_cache

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "swedish"

# After NFD decomposition, the three Swedish letters are a base letter plus a mark; they
# are mapped to characters that sort after "z" ("{", "|", "}"), in Swedish order.
_OWN_LETTERS = {
    "a\u030a": "{",  # å
    "a\u0308": "|",  # ä
    "o\u0308": "}",  # ö
}
_FOLDED = str.maketrans({"æ": "|", "ø": "}", "œ": "}", "ü": "y", "ß": "ss"})


# Large enough for every actor name of the scale data (5 000) and the municipalities: an
# export sorts each chunk's actors by name, and with 4 096 entries most of them had been
# pushed out again by the next chunk (the key costs ~10 µs to make, ~0.2 µs to find).
@lru_cache(maxsize=16384)
def sort_key(text):
    """A Python sort key giving Swedish alphabetical order, e.g. sorted(names, key=sort_key)."""
    text = text or ""
    folded = unicodedata.normalize("NFD", text.casefold())
    for sequence, letter in _OWN_LETTERS.items():
        folded = folded.replace(sequence, letter)
    # ü must become y before its mark is dropped; æ and ø have no decomposition.
    folded = unicodedata.normalize("NFC", folded).translate(_FOLDED)
    primary = "".join(
        char for char in unicodedata.normalize("NFD", folded) if not unicodedata.combining(char)
    )
    # Ties (same letters, other case): lower case first, as ICU does.
    return primary, text.swapcase()


def compare(left, right):
    """A three-way comparison, as sqlite3's create_collation wants it."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def swedish(*fields):
    """Order-by expressions: each field (a name or an expression) in Swedish order."""
    return [Collate(_expression(field), COLLATION).asc() for field in fields]


def swedish_desc(*fields):
    return [Collate(_expression(field), COLLATION).desc() for field in fields]


def _expression(field):
    return F(field) if isinstance(field, str) else field


def register_sqlite_collation(sender, connection, **kwargs):
    """connection_created receiver: teach each new SQLite connection the collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
