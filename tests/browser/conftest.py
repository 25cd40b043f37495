"""
Fixtures for the real-browser tests: Playwright (pytest-playwright) driving Debian's
chromium against pytest-django's live server.

Requirements outside Python are installed by `make browser-deps`: /usr/bin/chromium,
a Java runtime for the Nu HTML Checker, and node_modules/ (axe-core, vnu-jar) from
package-lock.json.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from initiatives.models import Initiative

# Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls
# from a thread with a running loop unless told it is safe (it is: the loop is idle
# while the test code runs).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = PROJECT_ROOT / "node_modules"
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags chromium keeps calling Google's hosts, which this
# closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def node_tool(relative_path):
    """A file from node_modules/, or a failure that says how to install it."""
    path = NODE_MODULES / relative_path
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make browser-deps` (or `npm ci`).")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium, never a browser downloaded by Playwright.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """page.goto("/municipalities/") goes to the live server (and needs the database)."""
    return live_server.url


@pytest.fixture
def seeded(db):
    """
    The seed data, loaded again if an earlier browser test emptied the database.

    Tests on the live server run in transactional_db (pytest-django makes `db` one for
    them), which empties every table when the test ends, so the session's seed is gone
    for every such test but the first. Loading it takes seconds (15 on PostgreSQL), so
    it is loaded only when it is gone; load_seed is idempotent either way.
    """
    if not Initiative.objects.exists():
        call_command("load_seed", verbosity=0, stdout=io.StringIO())


@pytest.fixture(scope="session")
def axe_script():
    return node_tool("axe-core/axe.min.js")


@pytest.fixture(scope="session")
def vnu_jar():
    return node_tool("vnu-jar/build/dist/vnu.jar")
