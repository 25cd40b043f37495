"""
The names the browser's actor and funder boxes suggest: the actors with a public role in
(or a public payment for) most of the initiatives a selection holds.

Counted by the database for each new selection, every role of the selection went through
the publication rule's joins (its actor, its source article and the article's publisher
and author): at scale a new selection's two boxes took 310–400 ms for one year and
550–760 ms for every initiative, on SQLite and PostgreSQL alike, and most of a
researcher's filter combinations are new ones. So the public (initiative, actor name)
pairs are read once per content change (core.derived_cache; which records are public is
asked of `published()`, the one rule), 0.5–0.7 s for the roles at scale, and each
selection counts its own among them here: 1–60 ms for both boxes.

Both boxes' pairs are read together, after a change, by the first request that shows
them, so the initiatives, actors and articles they share are asked about once: at scale
480 -> 440 ms on SQLite and 550 -> 470 ms on PostgreSQL, three queries fewer.

Staff, who see drafts, still count in the database: their boxes name draft actors too.
"""

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import compress

from actors.models import Actor
from core.collation import sort_key
from core.derived_cache import remember
from core.publishing import PublicIds, PublicReferences

from .models import Funding, Participation

# A selection with fewer initiatives than 1/FEW of the pairs finds its own pairs by
# bisection rather than looking at every pair (300 initiatives: 8 ms -> under 1 ms).
FEW = 16
# A pair's name index in the low bits of one integer (see public_pairs).
SHIFT = 32
MASK = (1 << SHIFT) - 1
# The boxes, by the browser's filter names: the rows that name their actors, and the field.
BOXES: dict[str, tuple[type[Participation] | type[Funding], str]] = {
    "actor": (Participation, "actor"),
    "funder": (Funding, "funder"),
}


def public_pairs(box):
    """(names, initiative ids, name indexes) for `box` (BOXES): every distinct pair of a
    public row's initiative and the name of its actor, as two parallel arrays (12 bytes a
    pair in the cache), kept until any content changes. Each box is kept on its own, as
    each request asks for it; made, after a change, from every box's pairs read together
    (`read_pairs`), kept once for the other box to take its own from."""
    return remember(
        f"suggestions:pairs:{box}", lambda: remember("suggestions:pairs", read_pairs)[box]
    )


def read_pairs():
    """{box: (names, initiative ids, name indexes)} for every box in BOXES.

    The rows are read without the rule's joins and their records checked afterwards, each
    once (core.publishing.PublicReferences, as the exports do): with the joins, SQLite took
    1.4 s to read the 127 000 public roles at scale, so 0.4 s. The records both boxes show
    (their initiatives, actors and articles) are asked about once for both, each kind of
    record in one read, so which ones they share changes no query.
    """
    public = PublicIds()
    boxes = {}
    shown: defaultdict[type, set] = defaultdict(set)
    for box, (model, actor_field) in BOXES.items():
        references = PublicReferences(model, public)
        rows = list(model.objects.order_by().values_list(*references.fields))
        boxes[box] = (references, rows, actor_field)
        for related in references.shows:
            shown[related] |= references.referenced(rows, 0, related)
    # Every actor the rows name, read with their names at once (the public ones).
    names_of = public.read(Actor, shown.pop(Actor), "name")
    for related, ids in shown.items():
        public.among(related, ids)
    return {
        box: box_pairs(references, rows, actor_field, names_of)
        for box, (references, rows, actor_field) in boxes.items()
    }


def box_pairs(references, rows, actor_field, names_of):
    """One box's pairs of its public `rows` (read as `references.fields`; the records they
    show asked about already), named by `names_of` ({public actor id: (name,)})."""
    columns = references.fields  # the initiative's and the actor's among them
    initiative, actor = columns.index("initiative_id"), columns.index(f"{actor_field}_id")
    rows = references.public_rows(rows, 0)
    # The box's own actors' names, each once (two actors may share one).
    names: dict[str, int] = {}
    index_of = {
        pk: names.setdefault(names_of[pk][0], len(names)) for pk in {row[actor] for row in rows}
    }
    # Each pair as one integer, initiative id and name index side by side: distinct
    # and sorted by initiative (for busiest_names) a good deal faster than tuples.
    pairs = sorted({row[initiative] << SHIFT | index_of[row[actor]] for row in rows})
    initiatives = array("q", [pair >> SHIFT for pair in pairs])
    indexes = array("i", [pair & MASK for pair in pairs])
    return list(names), initiatives, indexes


def busiest_names(box, selection, limit):
    """The names of the `limit` actors of `box` (BOXES) with a public row in most
    initiatives of `selection` (a set of initiative ids), in Swedish order. Ties at the
    limit are settled in Swedish order too, the same on every database."""
    names, initiatives, indexes = public_pairs(box)
    if len(selection) * FEW < len(initiatives):
        # A few initiatives: each one's pairs found by bisection (they are sorted by it).
        counts: Counter[int] = Counter()
        for pk in selection:
            start = bisect_left(initiatives, pk)
            counts.update(indexes[start : bisect_right(initiatives, pk, start)])
    else:
        counts = Counter(compress(indexes, map(selection.__contains__, initiatives)))
    ranked = counts.most_common()
    if len(ranked) > limit:
        cutoff = ranked[limit - 1][1]
        chosen = [index for index, n in ranked if n > cutoff]
        tied = [index for index, n in ranked if n == cutoff]
        tied.sort(key=lambda index: sort_key(names[index]))
        ranked_indexes = chosen + tied[: limit - len(chosen)]
    else:
        ranked_indexes = [index for index, _n in ranked]
    return sorted((names[index] for index in ranked_indexes), key=sort_key)
