"""
Numbered references: every fact on a public page points to the passage that states it.

A view puts a `References` in its context; the `{% cite fact %}` tag (front.templatetags
.evidence) numbers each fact's evidence the first time it appears (the same passage from
the same article keeps its number), and `includes/references.html` lists them at the
end: the passage, whether it is stated or an inference (with the reason), and a link to
the article page at that passage, where it is highlighted.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from articles.evidence import Basis, normalised, passage_anchor

if TYPE_CHECKING:
    from articles.models import Article


@dataclass
class Reference:
    number: int
    article: "Article"
    passage: str
    basis: str
    reason: str

    @property
    def is_inferred(self):
        return self.basis == Basis.INFERRED

    @property
    def anchor(self):
        return passage_anchor(self.passage) if self.passage else ""

    def url_in(self, state=None):
        """The address of the passage on its article's page; `state`: core.links's."""
        url = self.article.get_absolute_url(state)
        anchor = self.anchor
        return f"{url}#{anchor}" if anchor else url


class References:
    """The references of one page, in the order the page first cites them."""

    def __init__(self):
        self.entries = []
        self._numbers = {}

    def cite(self, fact, basis=None, reason=None):
        """The Reference for `fact` (anything with `source` and `passage`, e.g. a role,
        a funding row, a position or a quote); `basis`/`reason` override the fact's own."""
        basis = basis or getattr(fact, "basis", Basis.STATED)
        reason = reason if reason is not None else getattr(fact, "inference_reason", "")
        key = (fact.source.pk, normalised(fact.passage), basis, normalised(reason))
        if key not in self._numbers:
            entry = Reference(len(self.entries) + 1, fact.source, fact.passage, basis, reason)
            self.entries.append(entry)
            self._numbers[key] = entry
        return self._numbers[key]

    def __bool__(self):
        return bool(self.entries)

    def __iter__(self):
        return iter(self.entries)
