"""
The benchmark, in one command (see README, "Performance at scale"):

    .venv/bin/python bench/run.py [--databases sqlite|postgresql|both]   # or: make bench

For each database (SQLite, and PostgreSQL too when DATABASE_URL points at it):

1. Builds the full scale data (manage.py generate_scale_data) into the benchmark's own
   database: bench/bench.sqlite3, or `<DATABASE_URL's name>_bench` on DATABASE_URL's
   PostgreSQL server (equity_bench for equity). Skipped when that data is already there
   (--rebuild forces it).
2. Up to three runs (--caches): caching off; caching on with the default cache (each
   worker's local memory, the generation in a shared file); caching on with Redis (db 2,
   when Redis answers on 127.0.0.1:6379). Each starts gunicorn on 127.0.0.1 with
   --workers sync workers, warms every URL (PAGES) up and drives each for --duration
   seconds from a second process (wrk, or the Python client), with a short /healthz
   sample before each page. Caching off, it then asks for NEW_SELECTIONS, browser
   selections no page asks for, once each, and for the browser once right after a
   change. The first run also starts a new content generation and
   downloads the full CSV export --exports times (the first makes and stores it, the
   others get the stored file), watching the workers' peak memory; then, after another
   change, once more with the database's files read into the page cache first
   (server.read_into_page_cache: this machine's kernel gives idle page cache back to its
   host). Datasette's full-table CSV of the same SQLite file, also read into the page
   cache first, is timed the same way (bench/datasette_export.py).
3. Writes bench/results/latest.json and bench/results/latest.md, one section per database.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from datasette_export import datasette_exports, datasette_version
from load import drive, measure_export, time_each, wrk_version
from report import write_reports
from server import ROOT, Gunicorn, machine, peak_growth_mib, read_into_page_cache

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
LOGS = RESULTS / "tmp"
PYTHON = ROOT / ".venv" / "bin" / "python"
REDIS_URL = "redis://127.0.0.1:6379/2"
# generate_scale_data's defaults: the full scale.
FULL_SCALE = {
    "actors": 5_000,
    "initiatives": 50_000,
    "participations": 150_000,
    "funding": 30_000,
    "articles": 100_000,
}
EXPORT_PATH = "/initiatives/export.csv"
NEW_GENERATION = "from core.caching import bump_generation; bump_generation()"
DATA_PACKAGE_PATH = "/data/equity-data.zip"  # the whole published dataset (issue 13)
FLOOR_SECONDS = 3
RUN_LABELS = {
    None: "caching off",
    "locmem": "caching on (local memory)",
    "redis": "caching on (Redis)",
}

INSPECT = """
import json
from django.db import connection
from django.db.models import Count
from articles.models import Article
from actors.models import Actor
from initiatives.models import Funding, Initiative, Participation
from municipalities.models import Municipality
detail = (
    Initiative.objects.published().filter(is_synthetic=True, funding__isnull=False)
    .order_by("slug").values_list("slug", flat=True).first()
)
busiest_actor = (
    Actor.objects.published().filter(is_synthetic=True)
    .annotate(n=Count("participations")).order_by("-n", "slug")
    .values_list("slug", flat=True).first()
)
article = (
    Article.objects.published().filter(is_synthetic=True)
    .order_by("slug").values_list("slug", flat=True).first()
)
version = ".".join(str(part) for part in connection.get_database_version())
print(json.dumps({
    "database": f"{connection.display_name} {version}",
    "rows": {
        "municipalities": Municipality.objects.count(), "actors": Actor.objects.count(),
        "initiatives": Initiative.objects.count(), "participations": Participation.objects.count(),
        "funding": Funding.objects.count(), "articles": Article.objects.count(),
    },
    "synthetic_initiatives": Initiative.objects.filter(is_synthetic=True).count(),
    "detail_slug": detail,
    "slugs": {"initiative": detail, "actor": busiest_actor, "article": article},
}))
"""


# The URLs under load, /healthz first as the floor: (name, path, kind). `{initiative}`,
# `{actor}` and `{article}` are filled with a synthetic published record's slug. Every
# public HTML page type is here; add a page type with one line.
PAGES = [
    ("healthz", "/healthz", "floor"),
    ("static file", "/static/css/site.css", "static"),
    ("home", "/", "html"),
    ("municipalities", "/municipalities/", "html"),
    ("municipality", "/municipalities/trollhattan/", "html"),
    ("counties", "/counties/", "html"),
    ("county", "/counties/14/", "html"),
    ("compare", "/compare/?m=trollhattan&m=borlange&m=orebro&m=goteborg", "html"),
    ("browser", "/initiatives/", "html"),
    ("browser filtered", "/initiatives/?type=school-closure&year=2015", "html"),
    ("browser + q", "/initiatives/?q=skola", "html"),
    ("browser filtered + q", "/initiatives/?type=school-closure&year=2015&q=skola", "html"),
    ("browser by funding", "/initiatives/?order=funding", "html"),
    # Its last page (a page past the end shows the last): the initiatives without public
    # funding, read past the funded ones; at 1.6 s on PostgreSQL before the fifteenth pass.
    ("browser by funding, last page", "/initiatives/?order=funding&page=99999", "html"),
    ("API filtered", "/api/v1/initiatives/?type=school-closure&year=2015", "json"),
    ("API filtered + q", "/api/v1/initiatives/?type=school-closure&year=2015&q=skola", "json"),
    ("search", "/search/?q=skola", "html"),
    ("search, stemmed", "/search/?q=segregationen", "html"),
    ("initiative", "/initiatives/{initiative}/", "html"),
    ("actors", "/actors/", "html"),
    # The long lists' last pages: 1.2 s (actors) and 1.4 s (articles) on PostgreSQL
    # before the seventeenth pass read a deep page from the nearer end (core/pagination.py).
    ("actors, last page", "/actors/?page=99999", "html"),
    ("actor", "/actors/{actor}/", "html"),
    ("articles", "/articles/", "html"),
    ("articles, last page", "/articles/?page=99999", "html"),
    ("article", "/articles/{article}/", "html"),
]
# Pages held to the search target (p50 under 50 ms) besides the ratio.
SEARCH_PAGES = {"search", "search, stemmed", "browser + q", "browser filtered + q"}
# Selections of the browser no page above asks for, each asked for once (caching off):
# what a researcher's new filter combination costs, its facets, suggestions, chart and
# map not yet made. The page load above asks for each of its URLs again and again.
NEW_SELECTIONS = (
    [f"/initiatives/?year={year}" for year in range(2003, 2023, 2)]
    + [f"/initiatives/?county={code}" for code in ("01", "03", "07", "12", "13", "20", "22", "25")]
    + [
        f"/initiatives/?type={kind}&year={year}"
        for kind, year in (
            ("school-closure", 2011),
            ("tillvaxtverket-grant", 2016),
            ("needs-analysis", 2019),
            ("samverkan-for-basta-skola", 2018),
            ("research-study", 2014),
        )
    ]
    + [
        f"/initiatives/?{urlencode({'q': word})}"
        for word in ("segregation", "likvärdighet", "skolval", "elever")
    ]
    + [f"/initiatives/?municipality={slug}" for slug in ("malmo", "uppsala", "kiruna", "ystad")]
    + [f"/initiatives/?county=14&type=school-closure&year={year}" for year in (2012, 2015, 2018)]
)
BROWSER_PATH = "/initiatives/"


def pages(slugs):
    """PAGES with the records' slugs filled in."""
    return [(name, path.format(**slugs), kind) for name, path, kind in PAGES]


def database_urls(which):
    """{"sqlite": url, "postgresql": url}, as many as `which` asks for.

    PostgreSQL's benchmark database is DATABASE_URL's name + `_bench` (equity_bench for
    `equity`), so checkouts with databases of their own do not share one; SQLite's is
    bench/bench.sqlite3. BENCH_DATABASE_URL overrides the PostgreSQL one."""
    urls = {}
    if which in ("sqlite", "both"):
        urls["sqlite"] = f"sqlite:///{BENCH / 'bench.sqlite3'}"
    if which in ("postgresql", "both"):
        url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            sys.exit("PostgreSQL needs DATABASE_URL (or BENCH_DATABASE_URL) = postgres://…")
        if not os.environ.get("BENCH_DATABASE_URL"):
            parts = urlsplit(url)
            url = urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_bench"))
        urls["postgresql"] = url
    return urls


def default_databases():
    """Both when DATABASE_URL points at PostgreSQL, else SQLite alone."""
    url = os.environ.get("DATABASE_URL", "")
    return "both" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


def site_env(db_url, cache=None):
    """The site's environment: production settings, page cache None, "locmem" or "redis"."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DEBUG="0",
        SECRET_KEY="benchmark-only-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=db_url,
        PAGE_CACHE="0" if cache is None else "1",
        # The API's per-address throttle would answer most of the load with 429s.
        API_THROTTLE_RATE="",
    )
    if cache == "redis":
        env["REDIS_URL"] = REDIS_URL
    return env


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception:  # any failure to reach it means "no Redis"
        return False


def manage(env, *args, capture=False):
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def ensure_postgres_database(db_url):
    import psycopg

    parts = urlsplit(db_url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def inspect(env):
    output = manage(env, "shell", "--no-imports", "-c", INSPECT, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def prepare_data(db_url, rebuild, scale):
    env = site_env(db_url)
    if db_url.startswith("postgres"):
        ensure_postgres_database(db_url)
    manage(env, "migrate", "--noinput", "-v0")
    facts = inspect(env)
    build_seconds = None
    sizes = {name: round(count * scale) for name, count in FULL_SCALE.items()}
    if rebuild or facts["synthetic_initiatives"] != sizes["initiatives"]:
        started = time.monotonic()
        manage(env, "generate_scale_data", "-v2", *[f"--{k}={v}" for k, v in sizes.items()])
        build_seconds = round(time.monotonic() - started)
        facts = inspect(env)
    manage(env, "collectstatic", "--noinput", "-v0")
    return facts, build_seconds


def warm_up(base_url, paths, workers, times=3):
    """Each path `times` over from `workers` clients at once, so every worker process, not
    only the one that happens to accept sequential requests, has loaded its templates and
    its per-process cache before it is measured."""

    def fetch(path):
        for _ in range(times):
            with urllib.request.urlopen(base_url + path, timeout=120) as response:
                response.read()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for path in paths:
            list(pool.map(fetch, [path] * workers))


def run_once(db_url, cache, facts, options, exports):
    env = site_env(db_url, cache)
    if cache == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    log = LOGS / f"gunicorn-cache-{cache or 'off'}.log"
    urls = pages(facts["slugs"])
    with Gunicorn(env, options.workers, log) as server:
        warm_up(server.base_url, [path for _name, path, _kind in urls], options.workers)
        loads, floors = [], []
        for name, path, kind in urls:
            print(f"  {name}: {path}", file=sys.stderr)
            if kind != "floor":
                # /healthz again before each page: other work on the machine comes and
                # goes, so the floor is the median of samples taken all through the run.
                floor = drive(server.base_url, "/healthz", FLOOR_SECONDS, options.connections)
                floors.append(floor["p50_ms"])
            result = drive(server.base_url, path, options.duration, options.connections)
            loads.append(
                {
                    "name": name,
                    "path": path,
                    "kind": kind,
                    "search": name in SEARCH_PAGES,
                    **result,
                }
            )
            if kind == "floor":
                floors.append(result["p50_ms"])
        first_requests = None
        if cache is None:
            # Each new selection once, one after the other; then the browser's first
            # request after a change (an edit starts a new content generation).
            print(f"  {len(NEW_SELECTIONS)} new selections, each once", file=sys.stderr)
            first_requests = {"new_selections": time_each(server.base_url, NEW_SELECTIONS)}
            manage(env, "shell", "--no-imports", "-c", NEW_GENERATION)
            first_requests["browser_after_a_change"] = time_each(server.base_url, [BROWSER_PATH])
        downloads = []
        if exports:
            # A new content generation, as an edit starts: the first download makes the
            # export (and stores it, core/stored_downloads.py), the others send that file.
            manage(env, "shell", "--no-imports", "-c", NEW_GENERATION)
        for index in range(exports):
            print(f"  export: {EXPORT_PATH}", file=sys.stderr)
            result, growth, rss = peak_growth_mib(
                server.worker_pids(), lambda: measure_export(server.base_url, EXPORT_PATH)
            )
            downloads.append(
                {
                    **result,
                    "made": index == 0,
                    "memory_growth_mib": growth,
                    "worker_rss_before_mib": rss,
                }
            )
        if exports:
            # The export made once more after another change, the database's files read
            # into the page cache first (server.read_into_page_cache): what making it costs
            # when its data is in memory, apart from reading what the host took back.
            manage(env, "shell", "--no-imports", "-c", NEW_GENERATION)
            read_into_page_cache(db_url, BENCH / "bench.sqlite3")
            print(f"  export, data in the page cache: {EXPORT_PATH}", file=sys.stderr)
            result, growth, rss = peak_growth_mib(
                server.worker_pids(), lambda: measure_export(server.base_url, EXPORT_PATH)
            )
            downloads.append(
                {
                    **result,
                    "made": True,
                    "cached_data": True,
                    "memory_growth_mib": growth,
                    "worker_rss_before_mib": rss,
                }
            )
        package = kept_package = None
        if exports:
            # The first download since the last change makes the ZIP; the second is the
            # file kept on the way (core/stored_downloads.py).
            package = measure_export(server.base_url, DATA_PACKAGE_PATH)
            kept_package = measure_export(server.base_url, DATA_PACKAGE_PATH)
    return {
        "cache": cache,
        "label": RUN_LABELS[cache],
        "pages": loads,
        "first_requests": first_requests,
        "healthz_p50_samples_ms": floors,
        "export": downloads,
        "data_package": package,
        "data_package_kept": kept_package,
    }


def bench_database(kind, db_url, options):
    """One database's results: every run, our exports and Datasette's."""
    print(f"Database: {kind} {urlsplit(db_url).path.lstrip('/')}", file=sys.stderr)
    facts, build_seconds = prepare_data(db_url, options.rebuild, options.scale)
    results = {
        "kind": kind,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": facts["database"],
        "rows": facts["rows"],
        "build_seconds": build_seconds,
        "server": f"gunicorn, {options.workers} sync workers, 127.0.0.1",
        "client": wrk_version() or "Python client (bench/load.py)",
        "connections": options.connections,
        "duration_s": options.duration,
        "runs": [],
    }
    caches = [CACHE_CHOICES[name] for name in options.caches.split(",")]
    if "redis" in caches and not redis_answers():
        caches.remove("redis")
    for cache in caches:
        print(f"{RUN_LABELS[cache].capitalize()}:", file=sys.stderr)
        exports = options.exports if cache is None else 0  # the page cache never holds them
        results["runs"].append(run_once(db_url, cache, facts, options, exports))
    print("  Datasette's CSV export of the same SQLite file", file=sys.stderr)
    # Its file in the page cache, as for our last export (server.read_into_page_cache).
    read_into_page_cache("sqlite", BENCH / "bench.sqlite3")
    results["datasette"] = {
        "version": datasette_version(),
        "exports": datasette_exports(
            BENCH / "bench.sqlite3", options.exports, LOGS / "datasette.log"
        ),
    }
    return results


CACHE_CHOICES = {"off": None, "locmem": "locmem", "redis": "redis"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=2, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--exports", type=int, default=3, help="full CSV downloads to time")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the scale data")
    parser.add_argument(
        "--databases",
        choices=["sqlite", "postgresql", "both"],
        default=default_databases(),
        help="default: both when DATABASE_URL is PostgreSQL, else sqlite",
    )
    parser.add_argument(
        "--caches",
        default="off,locmem,redis",
        help="runs, comma-separated: off, locmem, redis (redis only when it answers)",
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full data (quick trials)"
    )
    parser.add_argument("--output", default="latest", help="results/<output>.json and .md")
    options = parser.parse_args()

    LOGS.mkdir(parents=True, exist_ok=True)
    # SQLite first: Datasette's export, measured beside each database's, reads its file.
    databases = [
        bench_database(kind, url, options) for kind, url in database_urls(options.databases).items()
    ]
    json_path, md_path = write_reports(databases, RESULTS, options.output)
    print(md_path.read_text())
    print(f"Written: {json_path.relative_to(ROOT)}, {md_path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
