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

Staff, who see drafts, still count in the database: their boxes name draft actors too.
"""

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import compress

from actors.models import Actor
from core.collation import sort_key
from core.derived_cache import remember
from core.publishing import PublicIds, PublicReferences

# A selection with fewer initiatives than 1/FEW of the pairs finds its own pairs by
# bisection rather than looking at every pair (300 initiatives: 8 ms -> under 1 ms).
FEW = 16
# A pair's name index in the low bits of one integer (see public_pairs).
SHIFT = 32
MASK = (1 << SHIFT) - 1


def public_pairs(model, actor_field):
    """(names, initiative ids, name indexes): every distinct pair of a public `model` row's
    initiative and the name of its actor (`actor_field`: "actor", "funder"), as two
    parallel arrays (12 bytes a pair in the cache), kept until any content changes.

    The rows are read without the rule's joins and their records checked afterwards, each
    once (core.publishing.PublicReferences, as the exports do): with the joins, SQLite took
    1.4 s to read the 127 000 public roles at scale, so 0.4 s.
    """

    def read():
        public = PublicIds()
        references = PublicReferences(model, public)
        columns = references.fields  # the initiative's and the actor's among them
        initiative, actor = columns.index("initiative_id"), columns.index(f"{actor_field}_id")
        rows = list(model.objects.order_by().values_list(*columns))
        # Every actor the rows name, read with their names at once (the public ones):
        # public_rows then asks nothing more about them.
        actors = public.read(Actor, references.referenced(rows, 0, Actor), "name")
        rows = references.public_rows(rows, 0)
        names: dict[str, int] = {}
        index_of = {pk: names.setdefault(name, len(names)) for pk, (name,) in actors.items()}
        # Each pair as one integer, initiative id and name index side by side: distinct
        # and sorted by initiative (for busiest_names) a good deal faster than tuples.
        pairs = sorted({row[initiative] << SHIFT | index_of[row[actor]] for row in rows})
        initiatives = array("q", [pair >> SHIFT for pair in pairs])
        indexes = array("i", [pair & MASK for pair in pairs])
        return list(names), initiatives, indexes

    return remember(f"suggestions:pairs:{model._meta.label}:{actor_field}", read)


def busiest_names(model, actor_field, selection, limit):
    """The names of the `limit` actors (`actor_field` of `model`) with a public row in most
    initiatives of `selection` (a set of initiative ids), in Swedish order. Ties at the
    limit are settled in Swedish order too, the same on every database."""
    names, initiatives, indexes = public_pairs(model, actor_field)
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
