#!/usr/bin/env python
"""
New, kept or pooled database connections: which serves gunicorn on PostgreSQL faster?

    .venv/bin/python bench/db_connections.py [--database-url postgres://…/equity_ops]
        [--workers 2 --connections 2 --duration 8 --rounds 3]

The database needs the seed data (`manage.py migrate && manage.py load_seed`). For each
way of connecting, gunicorn (sync workers, page cache off so every request reaches the
database) serves /readyz (one `SELECT 1`: the connection's cost alone) and two pages
(several queries each), driven by wrk (or the Python client) from another process.
The modes alternate for `--rounds` rounds, so other work on the machine spreads over
all of them; the table shows each mode's median. Writes bench/results/db_connections.md.
"""

import argparse
import json
import os
import statistics
import sys
from datetime import UTC, datetime

from load import drive, wrk_version
from server import ROOT, Gunicorn, machine

MODES = {
    "new connection per request (CONN_MAX_AGE=0)": {"CONN_MAX_AGE": "0"},
    "kept, health check per request (CONN_MAX_AGE=60)": {"CONN_MAX_AGE": "60"},
    "psycopg pool (DB_POOL=1)": {"DB_POOL": "1"},
}
PATHS = ["/readyz", "/initiatives/trollhattan-avveckling-av-skolor/", "/en/municipalities/"]
RESULTS = ROOT / "bench" / "results"


def site_env(database_url, mode):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CONN_MAX_AGE")}
    env.update(
        DJANGO_SETTINGS_MODULE="equity_site.test_settings",  # static files without collectstatic
        DEBUG="0",
        SECRET_KEY="benchmark-only-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        PAGE_CACHE="0",
        **MODES[mode],
    )
    return env


def backend_connections(database_url):
    """Server processes connected to the benchmark's database right now."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres") as conn:
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
        return conn.execute(query, [name]).fetchone()[0]


def measure(args, mode):
    log = RESULTS / "tmp" / "db-connections-gunicorn.log"
    results = {}
    with Gunicorn(site_env(args.database_url, mode), args.workers, log) as server:
        for path in PATHS:
            drive(server.base_url, path, 1, args.connections)  # warm up
            results[path] = drive(server.base_url, path, args.duration, args.connections)
        results["server_connections"] = backend_connections(args.database_url)
    return results


def table(runs):
    lines = [
        "| connections | " + " | ".join(f"`{p}` req/s (p50 ms)" for p in PATHS) + " | held |",
        "|---|" + "--:|" * (len(PATHS) + 1),
    ]
    for mode, rounds in runs.items():
        cells = []
        for path in PATHS:
            rps = statistics.median(r[path]["rps"] for r in rounds)
            p50 = statistics.median(r[path]["p50_ms"] for r in rounds)
            cells.append(f"{rps:.0f} ({p50:.2f})")
        held = max(r["server_connections"] for r in rounds)
        lines.append(f"| {mode} | " + " | ".join(cells) + f" | {held} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/equity"),
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("Connections only matter on PostgreSQL: give --database-url postgres://…")
    (RESULTS / "tmp").mkdir(parents=True, exist_ok=True)
    runs = {mode: [] for mode in MODES}
    for number in range(args.rounds):
        for mode in MODES:
            print(f"round {number + 1}: {mode}", file=sys.stderr)
            runs[mode].append(measure(args, mode))
    facts = machine()
    report = "\n".join(
        [
            f"# Database connections, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"{facts['cpu']}, {facts['cores']} cores, {facts['os']}; gunicorn {args.workers} sync"
            f" workers, page cache off, seed data; {wrk_version() or 'Python client'},"
            f" {args.connections} connections, {args.duration} s per URL, median of"
            f" {args.rounds} alternating rounds; load average at the start"
            f" {facts['load_average_at_start']}. `held`: server connections open at the end.",
            "",
            table(runs),
            "",
        ]
    )
    (RESULTS / "db_connections.md").write_text(report)
    (RESULTS / "tmp" / "db_connections.json").write_text(json.dumps(runs, indent=2))
    print(report)


if __name__ == "__main__":
    main()
