"""
core.html makes a record page's fragments as django.utils.html does, character for
character: each argument escaped unless it is safe already (a SafeString, anything with
`__html__`), a lazy translation made text in the active language, the result marked safe.
"""

from decimal import Decimal

from django.utils import html as django_html
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from core import html

# Text with everything HTML escapes, and what a page passes besides: safe fragments,
# years, amounts, None, a lazy message and a lazy message marked safe.
TEXT = st.text(alphabet=st.sampled_from("aåö <>&\"'/=;{}"), max_size=12)
VALUES = st.one_of(
    TEXT,
    TEXT.map(mark_safe),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.none(),
    st.just(gettext_lazy("Funder")),
    st.just(mark_safe(gettext_lazy("Funder"))),
)
TEMPLATES = st.sampled_from(['<a href="{}">{}</a>', "{} – {}", '<td class="{}">{}</td>'])


@given(TEMPLATES, VALUES, VALUES)
def test_a_fragment_is_djangos(template, first, second):
    with translation.override("sv"):
        made = html.format_html(template, first, second)
        assert made == django_html.format_html(template, first, second)
    assert isinstance(made, SafeString)


@given(st.lists(st.tuples(VALUES, VALUES), max_size=4), st.sampled_from([", ", " · ", "<br>"]))
def test_a_joined_list_is_djangos(rows, separator):
    made = html.format_html_join(separator, '<li title="{}">{}</li>', rows)
    assert made == django_html.format_html_join(separator, '<li title="{}">{}</li>', rows)
    assert isinstance(made, SafeString)


@given(VALUES)
def test_escaping_is_djangos(value):
    made = html.conditional_escape(value)
    assert made == django_html.conditional_escape(value)
    assert isinstance(made, SafeString)


def test_named_arguments_are_escaped_too():
    made = html.format_html('<a href="#ref-{n}">[{n}]</a>', n='"><script>')
    assert made == '<a href="#ref-&quot;&gt;&lt;script&gt;">[&quot;&gt;&lt;script&gt;]</a>'


def test_a_safe_fragment_is_not_escaped_twice():
    inner = html.format_html("<b>{}</b>", "Kalmar & Co")
    assert html.format_html("<p>{}</p>", inner) == "<p><b>Kalmar &amp; Co</b></p>"
    assert html.format_html("{}", Decimal("1.50")) == "1.50"
