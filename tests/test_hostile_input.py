"""
Hostile input on every public URL: random, huge, malformed, unicode, NUL-byte and
SQL-looking values in every query parameter and path. Never a 5xx, never a
traceback, always a page that says something.

Written over the list of public URLs rather than over today's views, so it covers
pages as they are added; a URL that does not exist yet answers 404, which passes.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

INITIATIVE_FILTERS = [
    "type",
    "year",
    "year_from",
    "year_to",
    "municipality",
    "county",
    "actor",
    "funder",
    "has_funding",
    "q",
    "order",
    "page",
    "page_size",
    "format",
]
LIST_PAGES = {
    "/": ["q", "page"],
    "/municipalities/": ["q", "county", "order", "page"],
    "/initiatives/": INITIATIVE_FILTERS,
    "/initiatives/export.csv": INITIATIVE_FILTERS,
    "/initiatives/export.json": INITIATIVE_FILTERS,
    "/actors/": ["q", "kind", "order", "page"],
    "/articles/": ["q", "publisher", "language", "order", "page"],
    "/search/": ["q", "type", "page"],
    "/counties/": ["order", "page"],
    "/compare/": ["m", "year"],
}
DETAIL_PAGES = [
    "/municipalities/{}/",
    "/initiatives/{}/",
    "/actors/{}/",
    "/articles/{}/",
    "/counties/{}/",
]

NASTY = [
    "' OR '1'='1",
    "1; DROP TABLE initiatives_initiative; --",
    '" OR 1=1 --',
    "1 UNION SELECT username, password FROM auth_user --",
    "%",
    "_",
    "\\",
    "\x00",
    "a\x00b",
    "%00",
    "-1",
    "0",
    "9" * 40,
    "-9223372036854775809",
    "1e309",
    "NaN",
    "-Infinity",
    "2018.5",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "\u202etxet",
    "\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ÅÄÖ åäö",
    " ",
    "",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),  # any code point but surrogates, NUL included
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats().map(repr),
    st.text(min_size=2000, max_size=5000),
    st.just("x" * 100_000),
)
known_params = sorted({param for params in LIST_PAGES.values() for param in params})
query = st.dictionaries(
    keys=st.one_of(st.sampled_from(known_params), st.text(max_size=12)),
    values=st.one_of(values, st.lists(values, min_size=2, max_size=3)),
    max_size=5,
)
path_segment = st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=300))
language_prefix = st.sampled_from(["", "/en"])

FAST = settings(
    max_examples=30,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_handled(response, url):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code < 500, url
    assert b"Traceback" not in body, url
    if response.status_code == 405:
        assert response["Allow"], url  # the answer is the list of methods that work
    elif response.status_code >= 400:
        assert body.strip(), f"{url} answered {response.status_code} with an empty page"


@pytest.mark.parametrize("page", sorted(LIST_PAGES))
@FAST
@given(prefix=language_prefix, params=query)
def test_list_pages_survive_hostile_query_parameters(client, page, prefix, params):
    url = prefix + page
    assert_handled(client.get(url, params), f"{url} {params!r:.300}")


@pytest.mark.parametrize("pattern", DETAIL_PAGES)
@FAST
@given(prefix=language_prefix, segment=path_segment, params=query)
def test_detail_pages_survive_hostile_paths(client, pattern, prefix, segment, params):
    url = prefix + pattern.format(quote(segment, safe=""))
    assert_handled(client.get(url, params), url[:300])


@FAST
@given(segments=st.lists(path_segment, min_size=1, max_size=4), slash=st.booleans())
@example(segments=["\n", "[]"], slash=False)  # "//[]" to urlsplit once it drops the "\n"
def test_any_path_at_all_is_answered(client, segments, slash):
    url = "/" + "/".join(quote(s, safe="") for s in segments) + ("/" if slash else "")
    assert_handled(client.get(url), url[:300])


@pytest.mark.parametrize("page", sorted(LIST_PAGES))
def test_unexpected_methods_are_refused_politely(client, page):
    for method in (client.post, client.put, client.delete):
        assert_handled(method(page, {"q": "x"}), page)


def test_a_flood_of_parameters_is_refused_with_a_400(client):
    flood = "&".join(f"p{n}=1" for n in range(5000))
    response = client.get(f"/initiatives/?{flood}")
    assert response.status_code in (200, 400)
    assert_handled(response, "/initiatives/?<5000 params>")


@pytest.mark.parametrize("url", ["/initiatives/?q=a%00b", "/counties/%00/", "/en/compare/?m=%00"])
def test_a_nul_character_in_the_address_gets_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
