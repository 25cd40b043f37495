"""Text in another language than the page's: `{% load language %}{{ title|lang:"sv" }}`.

Titles of initiatives and articles, actors' titles and snippets of sources are Swedish
whatever the page's language. On an English page they are wrapped in
<span lang="sv">…</span>, so a screen reader reads them with a Swedish voice (WCAG
3.1.2); on a Swedish page they are left as they are. For a source in another language,
pass its code: `{{ article.title|lang:article.language }}`. Proper names
(municipalities, people, organisations) need no marking. Text inside attributes
(aria-label, title) cannot be marked.
"""

from django import template
from django.utils.translation import get_language

from core.html import conditional_escape, format_html

register = template.Library()


@register.filter
def lang(text, code):
    """The text, escaped, in a <span lang="code"> unless the page is in that language."""
    return marked(text, code, get_language())


def marked(text, code, page):
    """`lang` on a page in the language `page`, for a caller that has read it."""
    if text in (None, ""):
        return ""
    if not code or str(code).split("-")[0] == (page or "sv").split("-")[0]:
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', code, text)
