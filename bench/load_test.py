#!/usr/bin/env python
"""
Sustained mixed load on gunicorn + PostgreSQL while staff edit through the admin.

    .venv/bin/python bench/load_test.py [--duration 60] [--clients 8] [--workers 3]
        [--database-url postgres://postgres@127.0.0.1:5432/equity_h2_bench]

What it does, all on loopback only:

1. prepares its own database (created if missing, migrated, seed data loaded; point
   --database-url at a copy with generate_scale_data for a heavier run) and a staff
   account for the editing process, then collects the static files;
2. starts gunicorn with production settings (DEBUG off) on 127.0.0.1;
3. runs two more processes for `--duration` seconds: one drives public pages,
   search and exports from `--clients` threads; the other logs in to the admin and
   edits actors one after another, each edit a real admin form post;
4. stops everything and checks: no 5xx, no failed request, every edit in the
   database's history and the last one in place, exactly one JSON log line for each
   request the server answered.

Prints the figures and exits non-zero if any check fails.
"""

import argparse
import json
import multiprocessing
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, always
RESULTS = ROOT / "bench" / "results" / "tmp"
EDITOR = "bench-editor"
PUBLIC_SHARE, SEARCH_SHARE = 0.6, 0.2  # the rest are exports


# Setting up ------------------------------------------------------------------------


def server_env(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "equity_site.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
    }


def ensure_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_seed")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_editor():
    from django.contrib.auth.models import Group, User

    from core.staff_groups import EDITORS

    password = secrets.token_urlsafe(16)
    user, _ = User.objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    return password


def url_mix():
    """Public pages, searches and exports, from the records in the database."""
    from actors.models import Actor
    from initiatives.models import Initiative, InitiativeType
    from municipalities.models import County, Municipality

    initiatives = list(Initiative.objects.published().values_list("slug", flat=True)[:40])
    municipalities = list(Municipality.objects.values_list("slug", flat=True)[:60])
    actors = list(Actor.objects.values_list("slug", flat=True)[:20])
    types = list(InitiativeType.objects.values_list("slug", flat=True))
    counties = list(County.objects.values_list("code", flat=True))
    public = ["/", "/en/", "/municipalities/", "/initiatives/", "/actors/", "/articles/"]
    public += ["/counties/", "/compare/?m=trollhattan&m=borlange"]
    public += [f"/municipalities/{slug}/" for slug in municipalities]
    public += [f"/initiatives/{slug}/" for slug in initiatives]
    public += [f"/actors/{slug}/" for slug in actors]
    public += [f"/counties/{code}/" for code in counties]
    public += [f"/initiatives/?type={slug}" for slug in types]
    public += [f"/initiatives/?year={year}" for year in range(2015, 2025)]
    words = ["skola", "segregation", "Trollhättan", "Skolverket", "likvärdighet", "rektor"]
    search = [f"/search/?{urlencode({'q': w})}" for w in words]
    search += [f"/initiatives/?{urlencode({'q': w})}" for w in words]
    exports = ["/initiatives/export.csv", "/initiatives/export.json"]
    exports += [f"/initiatives/export.csv?type={slug}" for slug in types]
    return {"public": public, "search": search, "exports": exports}


def reachable(port, urls):
    """Drop the URLs that do not answer 200 (pages not built yet), warming caches on the way."""
    client, kept, dropped = Client(port), {}, []
    for kind, paths in urls.items():
        kept[kind] = [path for path in paths if client.get(path)[0] == 200]
        dropped += sorted(set(paths) - set(kept[kind]))
    return kept, dropped, client.answered


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, log_path):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "equity_site.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--timeout=60",
        "--graceful-timeout=10",
    ]
    log = open(log_path, "w")  # noqa: SIM115 - closed when gunicorn exits
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def wait_until_up(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            client = Client(port)
            if client.get("/healthz")[0] == 200:
                return client.answered
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


# HTTP ------------------------------------------------------------------------------


class Client:
    """A keep-alive HTTP client for one thread, with a cookie jar.

    Requests carry X-Forwarded-Proto: https, as behind the TLS proxy of production, so
    the secure-only cookies and CSRF origin checks work exactly as there.
    """

    def __init__(self, port):
        self.port = port
        self.connection = HTTPConnection(HOST, port, timeout=60)
        self.cookies = {}
        self.answered = 0  # requests the server answered, each should be one log line

    def request(self, method, path, body=None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "sv"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{self.port}"
            body = urlencode(body, doseq=True)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
            self.answered += 1
        except (OSError, ConnectionError):
            self.connection.close()  # reconnect on the next request
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.headers, content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)


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
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or ""))

    @staticmethod
    def _submits(attrs):
        kind = attrs.get("type", "text")
        if kind in ("submit", "button", "file"):
            return False
        return kind not in ("checkbox", "radio") or "checked" in attrs

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


# The two load processes ------------------------------------------------------------


def drive_public_load(port, urls, clients, duration, results):
    """Many visitors: random public pages, searches and exports until the time is up."""
    deadline = time.monotonic() + duration
    lock = threading.Lock()
    tally = {"statuses": Counter(), "kinds": Counter()}
    latencies = {"public": [], "search": [], "exports": []}
    opened = []

    def visitor(seed):
        rng, client = random.Random(seed), Client(port)
        opened.append(client)
        while time.monotonic() < deadline:
            roll = rng.random()
            kind = "public" if roll < PUBLIC_SHARE else "search"
            kind = kind if roll < PUBLIC_SHARE + SEARCH_SHARE else "exports"
            started = time.perf_counter()
            try:
                status = client.get(rng.choice(urls[kind]))[0]
            except OSError as error:
                status = f"error: {type(error).__name__}"
            elapsed = time.perf_counter() - started
            with lock:
                tally["statuses"][str(status)] += 1
                tally["kinds"][kind] += 1
                latencies[kind].append(elapsed)

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answered = sum(client.answered for client in opened)
    results.put(("visitors", {**tally, "latencies": latencies, "answered": answered}))


def edit_through_the_admin(port, password, actor_ids, duration, run_id, results):
    """One staff member editing actors' titles through the admin, one save after another."""
    client, deadline, edits, failures = Client(port), time.monotonic() + duration, [], []
    status, _headers, page = client.get("/admin/login/")
    token = form_fields(page.decode(), "login-form")["csrfmiddlewaretoken"]
    credentials = {"username": EDITOR, "password": password, "csrfmiddlewaretoken": token}
    status = client.post("/admin/login/?next=/admin/", {**credentials, "next": "/admin/"})[0]
    if status != 302:
        failures.append(("login", status))
    number = 0
    while time.monotonic() < deadline and not failures:
        number += 1
        actor_id = actor_ids[number % len(actor_ids)]
        url = f"/admin/actors/actor/{actor_id}/change/"
        status, _headers, page = client.get(url)
        data = form_fields(page.decode(), "actor_form")
        title = f"Bench {run_id} edit {number}"
        data.update({"title": [title], "_save": ["Save"]})
        status = client.post(url, data)[0]
        (edits if status == 302 else failures).append((actor_id, title, status))
        time.sleep(0.1)
    results.put(("editor", {"edits": edits, "failures": failures, "answered": client.answered}))


# Checking --------------------------------------------------------------------------


def missing_edits(edits):
    from actors.models import Actor

    missing = [
        (pk, title)
        for pk, title, _ in edits
        if not Actor.history.filter(id=pk, title=title).exists()
    ]
    last_title = {pk: title for pk, title, _ in edits}
    wrong_last = [pk for pk, title in last_title.items() if Actor.objects.get(pk=pk).title != title]
    return missing, wrong_last


def log_lines(log_path):
    """How many request lines the workers logged, and any line that is neither JSON nor
    gunicorn's own start and stop messages ("[date] [pid] [INFO] ...")."""
    requests, other = 0, []
    for line in log_path.read_text().splitlines():
        if line.startswith("["):
            continue
        try:
            requests += json.loads(line).get("event") == "request"
        except (json.JSONDecodeError, AttributeError):
            other.append(line)
    return requests, other


def percentile(values, share):
    return statistics.quantiles(values, n=100)[share - 1] * 1000 if len(values) > 1 else 0


def report(args, visitors, editor, missing, wrong_last, logged, duration, answered_before):
    statuses = visitors["statuses"]
    total = sum(statuses.values())
    server_errors = sum(n for s, n in statuses.items() if s.startswith("5"))
    failed = sum(n for s, n in statuses.items() if not s.startswith(("2", "3")))
    latencies = [seconds for kind in visitors["latencies"].values() for seconds in kind]
    figures = {
        "machine": {"cpus": os.cpu_count(), "memory_gib": memory_gib()},
        "load_average_after": [round(n, 1) for n in os.getloadavg()],
        "duration_s": round(duration, 1),
        "gunicorn_workers": args.workers,
        "client_threads": args.clients,
        "requests": total,
        "requests_per_s": round(total / duration, 1),
        "by_kind": dict(visitors["kinds"]),
        "statuses": dict(statuses),
        "server_errors": server_errors,
        "failed_requests": failed,
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 1),
            "p95": round(percentile(latencies, 95), 1),
            "p99": round(percentile(latencies, 99), 1),
            "max": round(max(latencies) * 1000, 1) if latencies else 0,
        },
        "p50_ms_by_kind": {
            kind: round(percentile(values, 50), 1) for kind, values in visitors["latencies"].items()
        },
        "admin_edits": len(editor["edits"]),
        "admin_edit_failures": editor["failures"],
        "edits_missing_from_history": len(missing),
        "records_not_showing_their_last_edit": len(wrong_last),
        "requests_answered": answered_before + visitors["answered"] + editor["answered"],
        "request_log_lines": logged[0],
        "unexpected_log_lines": logged[1][:5],
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False), flush=True)
    every_request_logged = figures["requests_answered"] == logged[0] and not logged[1]
    ok = not (server_errors or failed or editor["failures"] or missing or wrong_last)
    ok = ok and every_request_logged
    return ok and bool(editor["edits"]) and total > 0


def memory_gib():
    with open("/proc/meminfo") as meminfo:
        kib = int(meminfo.readline().split()[1])
    return round(kib / 1024 / 1024, 1)


# Main ------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (>= 60)")
    parser.add_argument("--clients", type=int, default=8, help="visitor threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/equity_h2_bench"
        ),
    )
    return parser.parse_args()


def run_load(args, port, password, urls, actor_ids):
    results, run_id = multiprocessing.Queue(), secrets.token_hex(3)
    processes = [
        multiprocessing.Process(
            target=drive_public_load, args=(port, urls, args.clients, args.duration, results)
        ),
        multiprocessing.Process(
            target=edit_through_the_admin,
            args=(port, password, actor_ids, args.duration, run_id, results),
        ),
    ]
    started = time.monotonic()
    for process in processes:
        process.start()
    collected = dict(results.get(timeout=args.duration + 120) for _ in processes)
    for process in processes:
        process.join(30)
    return collected, time.monotonic() - started


def main():
    args = parse_args()
    if "@127.0.0.1:" not in args.database_url and "@localhost:" not in args.database_url:
        raise SystemExit("The benchmark only talks to a database on loopback.")
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = server_env(args.database_url)
    ensure_database(args.database_url)
    prepare(env)
    password, urls = make_editor(), url_mix()
    from django.db import connections

    from actors.models import Actor

    actor_ids = list(Actor.objects.order_by("pk").values_list("pk", flat=True)[:10])
    port, log_path = free_port(), RESULTS / "load_test_gunicorn.log"
    server = start_gunicorn(env, port, args.workers, log_path)
    try:
        answered = wait_until_up(port)
        urls, dropped, warm_up = reachable(port, urls)
        count = sum(map(len, urls.values()))
        print(f"{count} URLs in the mix; not answering 200: {dropped}", flush=True)
        connections.close_all()  # the load processes are forked: no shared connection
        collected, duration = run_load(args, port, password, urls, actor_ids)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    missing, wrong_last = missing_edits(collected["editor"]["edits"])
    ok = report(
        args,
        collected["visitors"],
        collected["editor"],
        missing,
        wrong_last,
        log_lines(log_path),
        duration,
        answered + warm_up,
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
