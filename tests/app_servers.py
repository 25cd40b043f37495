"""
Real gunicorn processes for the tests that need more than the test client: several app
servers sharing one database, a database that hangs. Loopback only.

`AppServer(env)` is a context manager; `Browser(server)` a keep-alive HTTP client with a
cookie jar that fills in forms the way a browser posts them.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

HOST = "127.0.0.1"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def site_env(**overrides):
    """The environment of a production-like site: DEBUG off, test settings' static files."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "equity_site.test_settings",
        "DEBUG": "0",
        "SECRET_KEY": "app-server-tests-share-this-secret-key",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
    }
    env.update({key: str(value) for key, value in overrides.items()})
    return env


class AppServer:
    """gunicorn serving the site on a free loopback port (and on `bind`, if given)."""

    def __init__(self, env, workers=1, log_path=None, bind=None):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log_path = log_path
        self.binds = [f"{HOST}:{self.port}"] + ([bind] if bind else [])

    def __enter__(self):
        command = [
            str(GUNICORN),
            "equity_site.wsgi:application",
            *[f"--bind={address}" for address in self.binds],
            f"--workers={self.workers}",
            "--timeout=60",
            "--graceful-timeout=5",
        ]
        self.log = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_until_up()
        except BaseException:
            self.__exit__()  # never leave a server behind
            raise
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.log_path:
            self.log.close()

    def wait_until_up(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if Browser(self).get("/healthz").status == 200 and self.all_workers_up():
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {seconds} s")

    def all_workers_up(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return len(children.read_text().split()) == self.workers


class Page:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """One visitor: keep-alive connection, cookies, and `host` as the Host header.

    Behind a load balancer every app server sees the same host name and the https
    scheme (X-Forwarded-Proto), so a browser's cookies go to all of them alike.
    """

    def __init__(self, server, host=HOST, timeout=60):
        self.server, self.host, self.timeout = server, host, timeout
        self.cookies = {}
        self.connection = None

    def to(self, server):
        """The same visitor (same cookies), sent to another app server."""
        other = Browser(server, self.host, self.timeout)
        other.cookies = self.cookies
        return other

    def request(self, method, path, data=None, headers=None):
        if self.connection is None:
            self.connection = HTTPConnection(HOST, self.server.port, timeout=self.timeout)
        sent = {"Host": self.host, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{self.host}"
            body = urlencode(data, doseq=True)
        sent.update(headers or {})
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            content = response.read()
        except OSError:
            self.connection.close()
            self.connection = None
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Page(response.status, response.headers, content)

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post(self, path, data):
        return self.request("POST", path, data=data)

    def submit(self, path, form_id, **changes):
        """GET the page, fill in the form with `form_id` as rendered, change some fields, POST."""
        form = form_fields(self.get(path).text, form_id)
        form.update({name: [value] for name, value in changes.items()})
        return self.post(path, form)


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and attrs.get("name") and self._submits(attrs):
            # A ticked box without a value attribute is sent as "on", as browsers do.
            default = "on" if attrs.get("type") in ("checkbox", "radio") else ""
            self.fields.append((attrs["name"], attrs.get("value") or default))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or ""))

    @staticmethod
    def _submits(attrs):
        kind = attrs.get("type", "text")
        if kind in ("submit", "button", "file", "image", "reset"):
            return False
        return kind not in ("checkbox", "radio") or "checked" in attrs

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            name, text = self._textarea
            # A browser drops the newline that directly follows <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    assert parser.fields, f"no form with id {form_id!r} on the page"
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data
