"""The Nu HTML Checker finds no errors in the HTML the server sends for each page type."""

import json
import shutil
import subprocess
from collections import defaultdict

import pytest
from django.test import Client

from .pages import PAGE_TYPES

# A short run: the client compiler alone starts faster (about a third off here), and it
# needs a deeper stack than the default for the checker's schema (it says 512k at least).
JAVA_OPTIONS = ["-Xss4m", "-XX:TieredStopAtLevel=1"]


def file_name(page_type):
    return page_type.name.replace(" ", "-").replace("(", "").replace(")", "") + ".html"


def run_vnu(vnu_jar, paths):
    """{file name: [message]} for the given HTML files, from one run of the checker."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `make browser-deps` (installs a headless JRE).")
    completed = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(vnu_jar), "--format", "json", "--exit-zero-always"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    messages = defaultdict(list)
    for message in json.loads(completed.stderr)["messages"]:
        messages[message.get("url", "").rsplit("/", 1)[-1]].append(message)
    return messages


def describe(messages):
    return "\n".join(
        f"- line {m.get('lastLine', '?')}, column {m.get('firstColumn', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()[:200]}"
        for m in messages
    )


@pytest.mark.browser
def test_the_nu_checker_finds_no_errors_on_any_page_type(seeded, vnu_jar, tmp_path, subtests):
    # The HTML as sent, before any script runs; a 500 comes back as a page, not an exception.
    client = Client(raise_request_exception=False)
    responses = {page_type: client.get(page_type.path) for page_type in PAGE_TYPES}
    checked = {}
    for page_type, response in responses.items():
        if response.status_code == page_type.status:
            checked[page_type] = tmp_path / file_name(page_type)
            checked[page_type].write_bytes(response.content)
    messages = run_vnu(vnu_jar, checked.values()) if checked else {}
    # Every message must belong to a file we sent, or the per-page lookups below are blind.
    assert set(messages) <= {path.name for path in checked.values()}, messages

    for page_type, response in responses.items():
        with subtests.test(page=page_type.name):
            reason = page_type.skip_reason(response.status_code)
            if reason:
                pytest.skip(reason)
            assert response.status_code == page_type.status, (
                f"{page_type.path} answered {response.status_code}"
            )
            errors = [
                m
                for m in messages.get(checked[page_type].name, [])
                if m["type"] in ("error", "non-document-error")
            ]
            assert not errors, f"Nu HTML Checker on {page_type.path}:\n{describe(errors)}"
