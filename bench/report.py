"""
The benchmark's results as JSON and as markdown tables, one section per database, with
the issue's targets:

- caching off: every HTML page's p50 within 10x /healthz's, p99 within 30x;
  caching on: p50 within 2x;
- search and the browser with `q`: p50 under 50 ms;
- the full CSV export in under 3 s and faster than Datasette's full-table CSV of the
  same SQLite file, judged apart for the first download after a change (which makes the
  file) and for the later ones (the stored file); worker memory growth under 30 MB;
- the JSON API's list within 2x the browser page for the same filters;
- the whole data package (/data/equity-data.zip) in under 60 s.
"""

import json
import statistics

TARGETS = {"off": 10, "on": 2}  # p50 as a multiple of /healthz
P99_TARGET = 30  # caching off: p99 as a multiple of /healthz's p50
SEARCH_P50_MS = 50
EXPORT_SECONDS = 3
EXPORT_GROWTH_MIB = 30
PACKAGE_SECONDS = 60
API_TARGET = 2  # the API's list p50 as a multiple of the browser page's, same filters
API_PAIRS = [
    ("API filtered", "browser filtered"),
    ("API filtered + q", "browser filtered + q"),
]


def with_ratios(run):
    # The floor is the median /healthz p50 over samples taken all through the run.
    floor = round(statistics.median(run["healthz_p50_samples_ms"]), 2)
    run["healthz_p50_ms"] = floor
    for page in run["pages"]:
        page["p50_vs_healthz"] = round(page["p50_ms"] / floor, 1) if floor else None
        page["p99_vs_healthz"] = round(page["p99_ms"] / floor, 1) if floor else None
    return run


def verdicts(results):
    """[(target, measured, met)] for the summary under the tables."""
    found = []
    for run in results["runs"]:
        limit = TARGETS["off" if run["cache"] is None else "on"]
        html = [page for page in run["pages"] if page["kind"] == "html"]
        worst = max(html, key=lambda page: page["p50_vs_healthz"])
        found.append(
            (
                f"{run['label']}: every HTML page's p50 within {limit}x /healthz",
                f"worst {worst['p50_vs_healthz']}x ({worst['name']})",
                worst["p50_vs_healthz"] <= limit,
            )
        )
        if run["cache"] is None:
            worst99 = max(html, key=lambda page: page["p99_vs_healthz"])
            found.append(
                (
                    f"{run['label']}: every HTML page's p99 within {P99_TARGET}x /healthz p50",
                    f"worst {worst99['p99_vs_healthz']}x ({worst99['name']})",
                    worst99["p99_vs_healthz"] <= P99_TARGET,
                )
            )
        failing = [page["name"] for page in run["pages"] if page.get("errors")]
        found.append(
            (
                f"{run['label']}: every answer under load a success (no 4xx/5xx)",
                ", ".join(failing) + " answered errors" if failing else "no errors",
                not failing,
            )
        )
        searches = [page for page in run["pages"] if page.get("search")]
        slowest_search = max(searches, key=lambda page: page["p50_ms"])
        found.append(
            (
                f"{run['label']}: search and browser with q, p50 under {SEARCH_P50_MS} ms",
                f"slowest {slowest_search['p50_ms']} ms ({slowest_search['name']})",
                slowest_search["p50_ms"] < SEARCH_P50_MS,
            )
        )
        if run["export"]:
            growth = max(export["memory_growth_mib"] for export in run["export"])
            theirs = results.get("datasette", {}).get("exports")
            kinds = (
                ((True, False), "made (first after a change, after the page load)"),
                ((True, True), "made (after a change, its data in the page cache)"),
                ((False, False), "the stored file"),
            )
            for kind, how in kinds:
                times = [e["total_s"] for e in run["export"] if export_kind(e) == kind]
                if not times:
                    continue
                slowest = max(times)
                found.append(
                    (
                        f"full CSV export under {EXPORT_SECONDS} s: {how}",
                        f"slowest {slowest} s",
                        slowest < EXPORT_SECONDS,
                    )
                )
                if theirs:
                    fastest = min(export["total_s"] for export in theirs)
                    found.append(
                        (
                            f"full CSV export faster than Datasette's (same SQLite file): {how}",
                            f"our slowest {slowest} s, Datasette's fastest {fastest} s",
                            slowest < fastest,
                        )
                    )
            found.append(
                (
                    f"export: worker memory growth under {EXPORT_GROWTH_MIB} MB",
                    f"largest {growth} MiB",
                    growth < EXPORT_GROWTH_MIB,
                )
            )
        if run.get("data_package"):
            seconds = run["data_package"]["total_s"]
            target = f"data package ZIP under {PACKAGE_SECONDS} s"
            measured = f"{seconds} s made"
            if run.get("data_package_kept"):
                measured += f", {run['data_package_kept']['total_s']} s the kept file"
            found.append((target, measured, seconds < PACKAGE_SECONDS))
        by_name = {page["name"]: page for page in run["pages"]}
        for api, browser in API_PAIRS:
            if api in by_name and browser in by_name:
                ratio = round(by_name[api]["p50_ms"] / by_name[browser]["p50_ms"], 2)
                found.append(
                    (
                        f"{run['label']}: {api} p50 within {API_TARGET}x {browser}",
                        f"{ratio}x",
                        ratio <= API_TARGET,
                    )
                )
    return found


def markdown(results):
    machine = results["machine"]
    rows = results["rows"]
    runs = results["runs"]
    lines = [
        f"## {results['database']}",
        "",
        f"Measured {results['date']} on {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory_gib']} GiB, {machine['os']} (load average at start "
        f"{', '.join(str(v) for v in machine['load_average_at_start'])}).",
        f"Database: {results['database']} with {rows['municipalities']} municipalities, "
        f"{rows['actors']} actors, {rows['initiatives']} initiatives, "
        f"{rows['participations']} participations, {rows['funding']} funding rows, "
        f"{rows['articles']} articles.",
        f"Server: {results['server']}. Load: {results['client']}, {results['connections']} "
        f"connections, {results['duration_s']} s per URL.",
        (
            f"The scale data was built in this run in {results['build_seconds']} s."
            if results["build_seconds"]
            else "The scale data was already in the database."
        ),
        "Caching off is PAGE_CACHE=0: no whole-page cache (the views' own cache of "
        "aggregate figures, core/derived_cache.py, stays on by design).",
        "",
        "| URL | " + " | ".join(f"{run['label']}: req/s, p50, p99 ms" for run in runs) + " |",
        "|---|" + "--:|" * len(runs),
    ]
    for index, page in enumerate(runs[0]["pages"]):
        cells = []
        for run in runs:
            measured = run["pages"][index]
            cell = (
                f"{measured['rps']} req/s, **{measured['p50_ms']}**, {measured['p99_ms']} "
                f"({measured['p50_vs_healthz']}x, p99 {measured['p99_vs_healthz']}x)"
            )
            if measured.get("errors"):
                # Error answers (a 429, a 500) are fast and would flatter the figures.
                cell += f" ⚠ {measured['errors']} of {measured['requests']} were errors"
            cells.append(cell)
        lines.append(f"| {page['name']} `{page['path']}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "(x) is the p50 (and p99) as a multiple of /healthz's p50 in the same run (the median of "
        "/healthz samples taken before each page: "
        + "; ".join(f"{run['label']} {run['healthz_p50_ms']} ms" for run in runs)
        + ").",
    ]
    for run in runs:
        if run.get("first_requests"):
            lines += first_requests(run)
    lines += [
        "",
        "| full CSV export | rows | MB | time to first byte s | total s | worker peak growth MiB |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        for export in run["export"]:
            how = {
                (True, False): "made",
                (True, True): "made, data in the page cache",
                (False, False): "stored file",
            }[export_kind(export)]
            lines.append(
                f"| {run['label']}, {how} | {export['rows'] - 1} | {export['bytes'] / 1e6:.1f} "
                f"| {export['ttfb_s']} | {export['total_s']} | {export['memory_growth_mib']} |"
            )
    theirs = results.get("datasette", {})
    for export in theirs.get("exports") or []:
        lines.append(
            f"| {theirs['version']}, whole table, same SQLite file | {export['rows'] - 1} "
            f"| {export['bytes'] / 1e6:.1f} | {export['ttfb_s']} | {export['total_s']} | – |"
        )
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for target, measured, met in verdicts(results):
        lines.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(lines) + "\n"


FIRST_REQUESTS = (
    ("new_selections", "browser, a selection not asked for before"),
    ("browser_after_a_change", "browser, the first request after a change"),
)


def first_requests(run):
    """The table of pages asked for once each (no target: the page table's ratios are of
    pages asked for again and again, their selection's aggregates already made)."""
    floor = run["healthz_p50_ms"]
    lines = [
        "",
        f"First requests, {run['label']}: each page asked for once, one at a time.",
        "",
        "| first request | pages | p50 ms | p90 ms | max ms | p50 ÷ /healthz |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for key, label in FIRST_REQUESTS:
        measured = run["first_requests"][key]
        ratio = f"{round(measured['p50_ms'] / floor, 1)}x" if floor else "–"
        errors = f" ⚠ {measured['errors']} errors" if measured["errors"] else ""
        lines.append(
            f"| {label}{errors} | {measured['count']} | {measured['p50_ms']} "
            f"| {measured['p90_ms']} | {measured['max_ms']} | {ratio} |"
        )
    return lines


def write_reports(databases, directory, stem):
    """latest.json ({"databases": [...]}) and latest.md (a section per database)."""
    for results in databases:
        for run in results["runs"]:
            with_ratios(run)
        results["targets"] = [
            {"target": target, "measured": measured, "met": met}
            for target, measured, met in verdicts(results)
        ]
    json_path = directory / f"{stem}.json"
    md_path = directory / f"{stem}.md"
    document = {"databases": databases}
    json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text("\n".join(markdown(results) for results in databases))
    return json_path, md_path


def export_kind(export):
    """(made, with its data read into the page cache first) of one timed download."""
    return export.get("made", True), export.get("cached_data", False)
