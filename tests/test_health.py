"""Health endpoints, and a friendly 503 while the database is away, recovering by itself."""

import json
import socket
import socketserver
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, ProgrammingError, connection
from django.test import RequestFactory

from core.health import DatabaseUnavailableMiddleware, database_circuit

from .app_servers import AppServer, Browser, site_env

# psycopg waits at least 2 s for a connection, whatever is asked.
CONNECT_TIMEOUT = 2
# "At once": far less than a connect timeout, with room for a busy machine.
AT_ONCE = 0.5

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
    try:
        body = b"".join(response) if response.streaming else response.content
    except Exception as error:
        body = f"stream aborted: {type(error).__name__}".encode()
    print(json.dumps({
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": body.decode(errors="replace"),
    }), flush=True)
"""


class SiteProbe:
    def __init__(self, database_url, breaker_seconds=5):
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "equity_site.test_settings",
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "testserver",
            "DB_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
            "DB_CIRCUIT_BREAKER_SECONDS": str(breaker_seconds),
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

    def timed_get(self, path):
        """(response, seconds it took)."""
        started = time.monotonic()
        response = self.get(path)
        return response, time.monotonic() - started

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
    probe = SiteProbe(
        f"postgres://{database['USER']}@127.0.0.1:{port}/{database['NAME']}", breaker_seconds=1
    )
    try:
        assert probe.get("/readyz")["status"] == 503
        assert probe.get("/en/municipalities/")["status"] == 503
        time.sleep(1.1)  # the circuit breaker lets the next request try again

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


def test_a_connection_failure_trips_the_circuit_breaker_a_bad_query_does_not():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    refused = OperationalError("connection failed")
    refused.__cause__ = psycopg.OperationalError("connection failed: Connection refused")
    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")

    middleware.process_exception(request, deadlock)
    assert not database_circuit.is_open()
    middleware.process_exception(request, refused)
    assert database_circuit.is_open()


@pytest.fixture
def silent_database():
    """A port that accepts connections and never answers: a hung database server.

    The kernel completes each TCP handshake into the listen backlog; nothing reads.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield f"postgres://postgres@127.0.0.1:{sock.getsockname()[1]}/equity"


def test_after_a_silent_database_pages_answer_503_at_once(silent_database):
    probe = SiteProbe(silent_database, breaker_seconds=60)
    try:
        first, waited = probe.timed_get("/en/municipalities/")
        assert first["status"] == 503
        assert waited >= CONNECT_TIMEOUT - 0.1  # the one request that tried

        for path in ["/en/", "/en/initiatives/", "/en/municipalities/", "/initiatives/export.csv"]:
            response, seconds = probe.timed_get(path)
            assert (response["status"], response["retry_after"]) == (503, "30"), path
            assert seconds < AT_ONCE, path
        for path, status in [("/healthz", 200), ("/readyz", 503)]:
            response, seconds = probe.timed_get(path)
            assert response["status"] == status
            assert seconds < AT_ONCE
    finally:
        probe.close()


def test_the_circuit_breaker_tries_the_database_again_after_its_time(silent_database):
    probe = SiteProbe(silent_database, breaker_seconds=1)
    try:
        probe.get("/en/")
        assert probe.timed_get("/en/")[1] < AT_ONCE
        time.sleep(1.1)
        response, waited = probe.timed_get("/en/")
        assert response["status"] == 503
        assert waited >= CONNECT_TIMEOUT - 0.1
    finally:
        probe.close()


def test_a_hung_database_does_not_hold_up_healthz_on_gunicorn(silent_database):
    """The fault review's case: 6 page requests on 2 workers, then the load balancer's probe.

    Without the breaker every page request holds a worker for the connect timeout, and
    /healthz waits behind three rounds of them.
    """
    env = site_env(
        DATABASE_URL=silent_database,
        DB_CONNECT_TIMEOUT=CONNECT_TIMEOUT,
        DB_CIRCUIT_BREAKER_SECONDS=60,
    )
    with AppServer(env, workers=2) as server, ThreadPoolExecutor(7) as pool:
        pages = [pool.submit(lambda: Browser(server).get("/en/initiatives/")) for _ in range(6)]
        time.sleep(0.2)
        started = time.monotonic()
        healthz = Browser(server).get("/healthz")
        waited = time.monotonic() - started
        statuses = [page.result().status for page in pages]

    assert healthz.status == 200
    # One connect timeout (each worker's first try), not three.
    assert waited < CONNECT_TIMEOUT + 1.5
    assert statuses == [503] * 6
