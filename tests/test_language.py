"""Svenska | English, and Swedish titles marked lang="sv" inside English pages."""

import re

import pytest
from django.template import Context, Template
from django.urls import translate_url
from django.utils import translation

pytestmark = pytest.mark.django_db

TITLE = "Avveckling av skolor och flytt av elever i Trollhättan"


def test_the_switch_names_each_language_in_its_own_words_with_a_capital(client):
    for url in ("/", "/en/"):
        page = client.get(url).content.decode()
        switch = page[page.index('<nav class="lang-switch"') :]
        switch = switch[: switch.index("</nav>")]
        assert ">Svenska<" in switch and ">English<" in switch, url
        assert '<span class="lang-separator" aria-hidden="true">|</span>' in switch
    sv = client.get("/").content.decode()
    assert '<span aria-current="true" lang="sv">Svenska</span>' in sv
    assert '<a href="http://testserver/en/" hreflang="en" lang="en">English</a>' in sv


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/municipalities/trollhattan/",
        "/counties/14/",
        "/initiatives/avveckling-av-skolor-och-flytt-av-elever-i-trollhattan/",
        "/en/actors/skolverket/",
        "/search/",
        "/municipalities/no-such-place/",  # a 404 keeps its own address
        "/%C3%A5%C3%A4%C3%B6/",
    ],
)
def test_each_page_links_its_other_language_at_the_address_translate_url_gives(client, path):
    response = client.get(path)
    links = dict(
        re.findall(
            r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', response.content.decode()
        )
    )

    assert links == {code: "http://testserver" + translate_url(path, code) for code in ("sv", "en")}


def test_the_lang_filter_marks_text_only_on_a_page_in_another_language():
    template = Template('{% load language %}{{ text|lang:"sv" }}|{{ text|lang:code }}')
    context = Context({"text": "Skolor & <elever>", "code": "en"})
    with translation.override("en"):
        assert template.render(context) == (
            '<span lang="sv">Skolor &amp; &lt;elever&gt;</span>|Skolor &amp; &lt;elever&gt;'
        )
    with translation.override("sv"):
        assert template.render(context) == (
            'Skolor &amp; &lt;elever&gt;|<span lang="en">Skolor &amp; &lt;elever&gt;</span>'
        )


@pytest.mark.parametrize(
    "url",
    [
        "/en/initiatives/?municipality=trollhattan",
        "/en/counties/14/",
        "/en/search/?q=Trollh%C3%A4ttan",
        "/en/compare/?m=trollhattan&m=borlange",
    ],
)
def test_initiative_titles_are_marked_swedish_on_english_pages(client, url):
    page = client.get(url).content.decode()
    assert f'<span lang="sv">{TITLE}</span>' in page
    swedish = client.get(url.removeprefix("/en")).content.decode()
    assert f'<span lang="sv">{TITLE}</span>' not in swedish and TITLE in swedish


def test_the_latest_initiatives_on_the_home_page_are_marked(client):
    response = client.get("/en/")
    for initiative in response.context["latest"]:
        assert f'<span lang="sv">{initiative.title}</span>' in response.content.decode()


def test_source_titles_and_actor_titles_are_marked_too(client):
    articles = client.get("/en/articles/").content.decode()
    assert '<span lang="sv">Överenskommelse om stöd till Trollhättan</span>' in articles
    actors = client.get("/en/actors/").content.decode()
    assert re.search(r'<td>\s*<span lang="sv">', actors)
    # An actor's kind, shown when it has no title, is English on an English page: unmarked.
    search = client.get("/en/search/", {"q": "Skolverket"}).content.decode()
    assert "National agency" in search and '<span lang="sv">National agency' not in search


def test_detail_pages_mark_swedish_titles_notes_and_references(client):
    initiative = client.get(
        "/en/initiatives/skolverket-stod-trollhattan-efter-dadet-pa-kronan/"
    ).content.decode()
    assert (
        '<h1><span lang="sv">Skolverkets stöd till Trollhättan efter dådet på Kronans skola'
        "</span></h1>" in initiative
    )
    assert '<span lang="sv">Överenskommelse om stöd till Trollhättan</span>' in initiative
    actor = client.get("/en/actors/fredrik-ignell/").content.decode()
    assert '<span lang="sv">Undervisningsråd</span>' in actor
    swedish = client.get("/initiatives/skolverket-stod-trollhattan-efter-dadet-pa-kronan/")
    assert '<span lang="sv">' not in swedish.content.decode().split("<main")[1].split("</h1>")[0]
