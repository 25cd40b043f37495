"""Public HTML is gzipped for browsers that accept it; nothing with a secret is (BREACH)."""

import gzip

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def is_gzipped(response):
    return response.get("Content-Encoding") == "gzip"


@pytest.mark.parametrize(
    "url", ["/", "/municipalities/", "/en/initiatives/?type=school-closure", "/search/?q=skola"]
)
def test_public_pages_are_gzipped_for_browsers_that_accept_it(client, url):
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert is_gzipped(response)
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert html.startswith("<!DOCTYPE html>")
    assert len(response.content) < len(html) / 2
    plain = client.get(url)
    assert not is_gzipped(plain) and plain.content.decode() == html


def test_each_compressed_page_is_padded_to_a_random_length(client):
    # Heal the Breach: sizes an attacker measures are blurred by 0-100 random bytes.
    lengths = {len(client.get("/municipalities/", **GZIP).content) for _ in range(8)}
    assert len(lengths) > 1


def test_the_page_cache_revalidates_compressed_pages(client):
    first = client.get("/", **GZIP)
    etag = first["ETag"]
    assert etag.startswith('W/"')  # weak: the compressed bytes are not the stored ones
    again = client.get("/", HTTP_IF_NONE_MATCH=etag, **GZIP)
    assert again.status_code == 304


def test_pages_with_a_csrf_token_are_never_compressed(client):
    login = client.get("/admin/login/", **GZIP)
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert not is_gzipped(login)


def test_nothing_is_compressed_for_someone_with_a_session(admin_client):
    for url in ["/", "/initiatives/", reverse("admin:index")]:
        response = admin_client.get(url, **GZIP)
        assert response.status_code == 200
        assert not is_gzipped(response), url


def test_exports_and_static_files_are_left_alone(client):
    export = client.get(reverse("initiatives:export-csv"), **GZIP)
    assert not is_gzipped(export)
    b"".join(export.streaming_content)
