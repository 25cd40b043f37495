"""Health endpoints, and a friendly 503 while the database is away, recovering by itself."""

import json
import socket
import socketserver
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, ProgrammingError, connection
from django.test import RequestFactory

from core.health import DatabaseUnavailableMiddleware

# A stand-alone copy of the site in a subprocess, with its own database settings.
# It reads one path per line on stdin and answers one JSON line per request.
PROBE = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client(headers={"accept-language": "en"})
for line in sys.stdin:
    response = client.get(line.strip())
    print(json.dumps({
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(errors="replace"),
    }), flush=True)
"""


class SiteProbe:
    def __init__(self, database_url):
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "equity_site.test_settings",
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "testserver",
            "DB_CONNECT_TIMEOUT": "2",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBE],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def get(self, path):
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self):
        upstream = socket.create_connection(self.server.upstream)
        threading.Thread(target=_copy, args=(upstream, self.request), daemon=True).start()
        _copy(self.request, upstream)


def _copy(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        target.close()


class DatabaseComesBack(socketserver.ThreadingTCPServer):
    """A loopback port that forwards to the real database once started: its 'return'."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port, upstream):
        self.upstream = upstream
        super().__init__(("127.0.0.1", port), _Pipe)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def down_site():
    probe = SiteProbe("postgres://postgres@127.0.0.1:1/equity")
    yield probe
    probe.close()


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_readyz_answers_when_the_database_does(client):
    assert client.get("/readyz").status_code == 200


def test_probes_answer_as_the_database_allows_while_it_is_down(down_site):
    assert down_site.get("/healthz")["status"] == 200
    assert down_site.get("/readyz")["status"] == 503


@pytest.mark.parametrize("path", ["/", "/en/", "/en/municipalities/", "/en/initiatives/"])
def test_public_pages_answer_a_friendly_503_while_the_database_is_down(down_site, path):
    response = down_site.get(path)

    assert response["status"] == 503
    assert response["retry_after"] == "30"
    assert "Traceback" not in response["body"]
    if path.startswith("/en/"):
        assert "Temporarily unavailable" in response["body"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="brings a PostgreSQL server back on a new port"
)
def test_pages_recover_by_themselves_when_the_database_returns():
    port = free_port()
    database = connection.settings_dict
    probe = SiteProbe(f"postgres://{database['USER']}@127.0.0.1:{port}/{database['NAME']}")
    try:
        assert probe.get("/readyz")["status"] == 503
        assert probe.get("/en/municipalities/")["status"] == 503

        upstream = (database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
        with DatabaseComesBack(port, upstream) as forwarder:
            threading.Thread(target=forwarder.serve_forever, daemon=True).start()
            ready = probe.get("/readyz")["status"]
            page = probe.get("/en/municipalities/")["status"]
            forwarder.shutdown()
        assert (ready, page) == (200, 200)
    finally:
        probe.close()


def test_only_connection_failures_become_a_503():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")

    assert middleware.process_exception(request, OperationalError("gone")).status_code == 503
    assert middleware.process_exception(request, ProgrammingError("bug")) is None
