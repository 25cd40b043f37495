"""
An article's archived text as HTML: paragraphs kept as they are, every passage the
knowledge base cites marked (`<mark>`) and anchored, so a reference can link straight to
it (`#passage-…`, see articles.evidence.passage_anchor) and no JavaScript is needed.

Everything is escaped here; only the `<p>`, `<br>`, `<mark>` and anchor tags this module
writes are markup. Short lines that read as the page's furniture (menus, headings,
contact boxes: few words and no closing punctuation) are marked so they can be shown
subdued; they are kept verbatim all the same.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.evidence import passage_anchor, passage_pattern

PARAGRAPH_BREAK = re.compile(r"\n[ \t\xa0]*\n\s*")
SENTENCE_END = (".", "!", "?", "”", '"', ":", "–")
FURNITURE_MAX_WORDS = 7


def cited_spans(body, passages):
    """[(start, end, anchor)] of each passage's first occurrence in `body`."""
    spans = []
    for passage in dict.fromkeys(p for p in passages if p and p.strip()):
        match = passage_pattern(passage).search(body)
        if match:
            spans.append((match.start(), match.end(), passage_anchor(passage)))
    return sorted(spans)


def paragraphs(body):
    """[(start, end)] of the text's paragraphs (separated by blank lines)."""
    found, start = [], 0
    for gap in PARAGRAPH_BREAK.finditer(body):
        found.append((start, gap.start()))
        start = gap.end()
    found.append((start, len(body)))
    return [(a, b) for a, b in found if body[a:b].strip()]


def looks_like_furniture(text):
    words = text.split()
    return len(words) <= FURNITURE_MAX_WORDS and not text.rstrip().endswith(SENTENCE_END)


def _escaped(text):
    return escape(text).replace("\n", "<br>")


def render(body, passages):
    """The archived text as safe HTML with the cited passages marked."""
    spans = cited_spans(body, passages)
    anchored = set()
    html = []
    for start, end in paragraphs(body):
        inside = [(a, b, anchor) for a, b, anchor in spans if a < end and b > start]
        points = sorted(
            {start, end, *(max(a, start) for a, _b, _n in inside)}
            | {min(b, end) for _a, b, _n in inside}
        )
        pieces = []
        for a, b in zip(points, points[1:], strict=False):
            text = body[a:b]
            covering = [span for span in inside if span[0] < b and span[1] > a]
            if not covering:
                pieces.append(_escaped(text))
                continue
            ids = [n for s, _e, n in covering if s == a and n not in anchored]
            anchored.update(ids)
            extra = "".join(f'<span id="{n}"></span>' for n in ids[1:])
            mark_id = f' id="{ids[0]}"' if ids else ""
            pieces.append(f"{extra}<mark{mark_id}>{_escaped(text)}</mark>")
        css = ' class="furniture"' if not inside and looks_like_furniture(body[start:end]) else ""
        html.append(f"<p{css}>{''.join(pieces)}</p>")
    return mark_safe("\n".join(html))
