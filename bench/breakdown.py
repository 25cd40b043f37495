#!/usr/bin/env python
"""
Where each page of the benchmark spends its time, in one process.

    .venv/bin/python bench/breakdown.py [--database sqlite|postgresql] [--repeat 15]
        [--profile PAGE] [PAGE ...]

`make bench` measures the pages over HTTP and says how far each is from its target; this
says what the time of one request goes to, so a change can aim at it (issue 14: "profile
before guessing"). It reads the scale data `make bench` built (`bench/bench.sqlite3`, or
PostgreSQL's `<DATABASE_URL's name>_bench`), with the settings the bench serves the site
with (`DEBUG` off, page cache off), and asks for every page of `PAGES` in `bench/run.py`
(or those whose names contain one of PAGE) through Django's test client: three times to
warm up, then `--repeat` times. For each it prints the medians, in milliseconds, of

- total: the whole request, middleware included;
- compiling SQL: Django's compiler turning querysets into SQL (`SQLCompiler.as_sql`);
- database: the driver's `execute` (on SQLite the first rows only: the rest are read as
  the rows are fetched, which counts under "rest"; on PostgreSQL all of them);
- templates: rendering the page's templates, without the SQL compiled and run meanwhile
  (a queryset a template reads is evaluated then);
- rest: everything else: building querysets, making model instances from rows, the
  view's own code, the middleware;

and the queries and kilobytes of one request. Each column is a median of its own, so
they need not add up to the total exactly. `--profile PAGE` prints instead the functions
one page spends most time in (cProfile, sorted by their own time) over `--repeat`
requests.

A development tool: not run by `make test` or CI, and nothing here is used by the site.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from dataclasses import dataclass

COLUMNS = ("total", "compiling", "database", "templates")


@dataclass
class Sample:
    """One request's times in seconds, exclusive of each other (see the module's text)."""

    total: float = 0.0
    compiling: float = 0.0
    database: float = 0.0
    templates: float = 0.0
    queries: int = 0
    size: int = 0

    @property
    def rest(self):
        return self.total - self.compiling - self.database - self.templates


class Timer:
    """Times the compiler, the driver and the templates while `measuring()` is open.

    Django offers a hook for the driver only (`execute_wrapper`); the compiler's and the
    templates' methods are wrapped for the while, and put back after.
    """

    def __init__(self):
        self.sample = Sample()
        self.depth = 0  # as_sql calls itself for subqueries: only the outermost is timed
        # Per template being rendered, the time of what ran inside it and is counted
        # apart (SQL compiled and run there, a template rendered within it).
        self.nested: list[float] = []

    @contextlib.contextmanager
    def measuring(self):
        from django.db import connection
        from django.db.models.sql.compiler import SQLCompiler
        from django.template.response import SimpleTemplateResponse

        as_sql, rendered = SQLCompiler.as_sql, SimpleTemplateResponse.rendered_content
        timer = self

        def timed_as_sql(compiler, *args, **kwargs):
            if timer.depth:
                return as_sql(compiler, *args, **kwargs)
            timer.depth += 1
            start = time.perf_counter()
            try:
                return as_sql(compiler, *args, **kwargs)
            finally:
                timer.depth -= 1
                timer.add("compiling", time.perf_counter() - start)

        def timed_rendering(response):
            timer.nested.append(0.0)
            start = time.perf_counter()
            try:
                return rendered.fget(response)
            finally:
                inside = timer.nested.pop()
                timer.add("templates", time.perf_counter() - start - inside)

        SQLCompiler.as_sql = timed_as_sql
        SimpleTemplateResponse.rendered_content = property(timed_rendering)
        try:
            with connection.execute_wrapper(self.execute):
                yield self
        finally:
            SQLCompiler.as_sql = as_sql
            SimpleTemplateResponse.rendered_content = rendered

    def add(self, column, seconds):
        setattr(self.sample, column, getattr(self.sample, column) + seconds)
        if self.nested:
            self.nested[-1] += seconds

    def execute(self, execute, sql, params, many, context):
        self.sample.queries += 1
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.add("database", time.perf_counter() - start)

    def request(self, client, path):
        """One request for `path`, its body read to the end; its Sample."""
        self.sample = Sample()
        start = time.perf_counter()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.sample.total = time.perf_counter() - start
        self.sample.size = len(body)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return self.sample


def measure(client, path, repeat=15, warm_up=3):
    """`repeat` Samples of `path`, after `warm_up` requests not counted."""
    timer = Timer()
    with timer.measuring():
        for _ in range(warm_up):
            timer.request(client, path)
        return [timer.request(client, path) for _ in range(repeat)]


def medians(samples):
    """{column: median in ms} of `samples`, with "rest", "queries" and "kb"."""
    row = {
        column: statistics.median(getattr(sample, column) for sample in samples) * 1000
        for column in (*COLUMNS, "rest")
    }
    row["queries"] = statistics.median(sample.queries for sample in samples)
    row["kb"] = statistics.median(sample.size for sample in samples) / 1024
    return row


def table(rows):
    """Markdown lines of [(name, medians)]."""
    lines = [
        "| page | total ms | compiling SQL | database | templates | rest | queries | KB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, row in rows:
        lines.append(
            f"| {name} | {row['total']:.1f} | {row['compiling']:.1f} | {row['database']:.1f} "
            f"| {row['templates']:.1f} | {row['rest']:.1f} | {row['queries']:.0f} "
            f"| {row['kb']:.0f} |"
        )
    return lines


def profile(client, path, repeat, top=30):
    """The `top` functions of `repeat` requests for `path` by their own time, as text."""
    for _ in range(3):
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def bench_facts():
    """What bench/run.py's INSPECT prints of the database: the records' slugs."""
    from run import INSPECT

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(INSPECT, {})  # the bench's own script, run here rather than by `manage.py shell`
    return json.loads(out.getvalue().strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="only the pages whose names contain one")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", metavar="PAGE", help="profile the first page so named")
    options = parser.parse_args()

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run import BENCH, ROOT, database_urls, pages, site_env

    if options.database == "sqlite" and not (BENCH / "bench.sqlite3").exists():
        sys.exit("No scale data yet: `make bench` builds it (bench/bench.sqlite3).")
    sys.path.insert(0, str(ROOT))
    os.environ.update(site_env(database_urls(options.database)[options.database]))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equity_site.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    chosen = [
        (name, path)
        for name, path, kind in pages(bench_facts()["slugs"])
        if kind != "static" and (not options.pages or any(p in name for p in options.pages))
    ]
    if options.profile:
        name, path = next((n, p) for n, p in chosen if options.profile in n)
        print(f"{name} ({path}), {options.repeat} requests\n")
        print(profile(client, path, options.repeat))
        return
    print("\n".join(table([])))
    for name, path in chosen:
        print(table([(name, medians(measure(client, path, options.repeat)))])[-1], flush=True)


if __name__ == "__main__":
    main()
