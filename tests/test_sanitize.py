"""Rich text from staff is sanitised before it is shown; plain article text is escaped."""

import pytest
from django.template import Context, Template

from .factories import make_article


def render(value):
    return Template("{% load sanitize %}{{ value|sanitize_html }}").render(
        Context({"value": value})
    )


def test_it_keeps_simple_formatting_and_links():
    html = '<p>Se <a href="https://www.skolverket.se/">Skolverket</a>, <em>nu</em>.</p>'
    assert render(html) == (
        '<p>Se <a href="https://www.skolverket.se/" rel="noopener noreferrer nofollow">'
        "Skolverket</a>, <em>nu</em>.</p>"
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">klicka</a>',
        '<p style="background:url(javascript:alert(1))">text</p>',
        "<iframe src='https://evil.example'></iframe>",
        "<svg><script>alert(1)</script></svg>",
        '<a href="https://x.example" onclick="alert(1)">x</a>',
        "<style>body{display:none}</style>",
        "<!-- <script>alert(1)</script> -->",
    ],
)
def test_it_removes_everything_that_could_run(hostile):
    cleaned = render(hostile).lower()
    for danger in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style", "<svg"):
        assert danger not in cleaned


def test_it_shows_nothing_for_none_and_text_for_other_values():
    assert render(None) == ""
    assert render(2018) == "2018"


def test_it_keeps_text_that_only_looks_like_markup_escaped():
    assert render("5 < 7 & 8 > 3") == "5 &lt; 7 &amp; 8 &gt; 3"


@pytest.mark.django_db
def test_article_text_is_shown_as_text_not_markup(client):
    article = make_article(body='<script>alert("x")</script><b>fet</b>')

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
    assert "&lt;b&gt;fet&lt;/b&gt;" in page
