"""The production layout in deploy/: nginx accepts its config and does its job in front of
gunicorn; gunicorn's config loads; the shipped environment passes `check --deploy`."""

import getpass
import gzip
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
from http.client import HTTPConnection, HTTPSConnection

import pytest
from django.conf import settings

from .app_servers import GUNICORN, AppServer, free_port, site_env

DEPLOY = settings.BASE_DIR / "deploy"
SITE_CONFIG = DEPLOY / "nginx" / "equity-site.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
OPENSSL = shutil.which("openssl")

MISSING = "needs Debian's nginx and openssl: `make browser-deps` installs them"
# `make test` installs nginx first (make browser-packages), so in CI these never skip.
needs_nginx = pytest.mark.skipif(
    not (NGINX and OPENSSL) and not os.environ.get("CI"), reason=MISSING
)


def self_signed_certificate(directory):
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=kunskapsbank.example.se",
         "-keyout", str(directory / "privkey.pem"), "-out", str(directory / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip


def nginx_setup(tmp_path, *, socket_path="/run/equity-site.sock", ports=None, static=None):
    """The shipped site config with its machine paths pointed into tmp_path, under a main
    config of our own (pid, logs and temporary files in tmp_path as well)."""
    assert NGINX and OPENSSL, MISSING
    certificates = tmp_path / "tls"
    certificates.mkdir()
    self_signed_certificate(certificates)
    site = SITE_CONFIG.read_text()
    site = site.replace("/etc/ssl/equity-site/", f"{certificates}/")
    site = site.replace("/srv/equity-site/staticfiles/", f"{static or tmp_path}/")
    site = site.replace("/srv/equity-site", str(settings.BASE_DIR))
    site = site.replace("unix:/run/equity-site.sock", f"unix:{socket_path}")
    if ports:
        # Free loopback ports instead of 80 and 443, and no IPv6 (not every sandbox has it).
        site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.MULTILINE)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{ports[0]};")
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{ports[1]} ssl http2;")
    (tmp_path / "equity-site.conf").write_text(site)
    main = f"""
        user {getpass.getuser()};
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        events {{}}
        http {{
            include /etc/nginx/mime.types;
            access_log {tmp_path}/access.log;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            fastcgi_temp_path {tmp_path}/fastcgi;
            uwsgi_temp_path {tmp_path}/uwsgi;
            scgi_temp_path {tmp_path}/scgi;
            include {tmp_path}/equity-site.conf;
        }}
    """
    (tmp_path / "nginx.conf").write_text(main)
    return [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]


@needs_nginx
def test_nginx_accepts_the_site_config(tmp_path):
    result = subprocess.run([*nginx_setup(tmp_path), "-t"], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    assert "test is successful" in result.stderr


@pytest.fixture
def site_behind_nginx(tmp_path):
    """gunicorn on a Unix socket, Debian's nginx in front with the shipped config."""
    socket_path = tmp_path / "gunicorn.sock"
    ports = (free_port(), free_port())
    command = nginx_setup(tmp_path, socket_path=socket_path, ports=ports,
                          static=settings.BASE_DIR / "static")  # fmt: skip
    env = site_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        ALLOWED_HOSTS="kunskapsbank.example.se,127.0.0.1",
        SECURE_SSL_REDIRECT="1",
        TRUST_X_REAL_IP="1",
    )
    with AppServer(env, bind=f"unix:{socket_path}"):
        subprocess.run(command, check=True)  # nginx starts in the background
        try:
            yield ports
        finally:
            pid = int((tmp_path / "nginx.pid").read_text())
            os.kill(pid, signal.SIGQUIT)
            for _ in range(50):
                if not (tmp_path / "nginx.pid").exists():
                    break
                time.sleep(0.1)


def fetch(connection, path, **headers):
    connection.request("GET", path, headers={"Host": "kunskapsbank.example.se", **headers})
    response = connection.getresponse()
    return response, response.read()


@needs_nginx
def test_nginx_serves_static_files_compresses_and_tells_django_the_scheme(site_behind_nginx):
    http_port, https_port = site_behind_nginx
    unverified = ssl._create_unverified_context()  # the test's own self-signed certificate
    https = HTTPSConnection("127.0.0.1", https_port, context=unverified, timeout=30)

    css, body = fetch(https, "/static/css/site.css", **{"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.getheader("Content-Encoding") == "gzip"
    assert b"{" in gzip.decompress(body)
    assert css.getheader("Content-Security-Policy") is None  # from disk, not from Django

    # Django answers 200, not its HTTPS redirect: it saw X-Forwarded-Proto: https.
    health, _ = fetch(https, "/healthz")
    assert health.status == 200
    assert health.getheader("Strict-Transport-Security")
    page, body = fetch(https, "/robots.txt")
    assert page.status == 200
    assert b"Sitemap: https://kunskapsbank.example.se/sitemap.xml" in body

    plain = HTTPConnection("127.0.0.1", http_port, timeout=30)
    redirect, _ = fetch(plain, "/initiatives/?type=school-closure")
    assert redirect.status == 301
    assert redirect.getheader("Location") == (
        "https://kunskapsbank.example.se/initiatives/?type=school-closure"
    )
    assert fetch(plain, "/healthz")[0].status == 200  # the load balancer's probe


def test_gunicorn_loads_its_config():
    env = site_env(DATABASE_URL="sqlite:///:memory:", GUNICORN_BIND="127.0.0.1:0")
    result = subprocess.run(
        [str(GUNICORN), "--check-config", "--config", "deploy/gunicorn.conf.py",
         "equity_site.wsgi:application"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_systemd_units_point_at_the_shipped_files():
    service = (DEPLOY / "systemd" / "equity-site.service").read_text()
    socket = (DEPLOY / "systemd" / "equity-site.socket").read_text()
    nginx = SITE_CONFIG.read_text()

    assert "--config deploy/gunicorn.conf.py equity_site.wsgi:application" in service
    assert "EnvironmentFile=/etc/equity-site/env" in service
    listen = re.search(r"^ListenStream=(.+)$", socket, re.MULTILINE)[1]
    assert f"server unix:{listen} " in nginx


def test_the_downloads_timer_makes_the_files_where_the_app_serves_them_from():
    def settings_of(unit):
        text = (DEPLOY / "systemd" / unit).read_text()
        return set(
            re.findall(
                r"^(?:EnvironmentFile|CacheDirectory|Environment|User)=.+$", text, re.MULTILINE
            )
        )

    app, downloads = (
        settings_of("equity-site.service"),
        settings_of("equity-site-downloads.service"),
    )
    assert "Environment=DOWNLOAD_STORE_DIR=/var/cache/equity-site/downloads" in app
    assert app == downloads
    service = (DEPLOY / "systemd" / "equity-site-downloads.service").read_text()
    assert "manage.py make_downloads --quiet-for" in service
    assert "SITE_URL=https://" in (DEPLOY / "equity-site.env").read_text()
    timer = (DEPLOY / "systemd" / "equity-site-downloads.timer").read_text()
    assert re.search(r"^OnUnitInactiveSec=\d+min$", timer, re.MULTILINE)
    assert "WantedBy=timers.target" in timer


def test_the_shipped_environment_passes_check_deploy():
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "equity_site.settings"}
    for line in (DEPLOY / "equity-site.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # the file holds a placeholder
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
