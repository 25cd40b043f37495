"""
Load generators for the benchmark, each run as a separate process from the server.

`drive()` uses Debian's wrk when it is installed (`apt-get install wrk`): C, so the client
takes little of the two cores from the server. Without it, a Python client with one
keep-alive connection per thread does the same job, more slowly. Both report requests
per second and latency percentiles in milliseconds.

`time_each()` asks for each of a list of pages once, as a first request costs.
`measure_export()` downloads one large response and times the first byte and the whole.
"""

import http.client
import json
import shutil
import statistics
import subprocess
import threading
import time
from pathlib import Path

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


def wrk_version():
    if not shutil.which("wrk"):
        return None
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (result.stdout + result.stderr).split("[")[0].strip() or "wrk"


def drive(base_url, path, duration, connections):
    """{rps, p50_ms, p99_ms, requests, errors} for `duration` seconds of load on `path`."""
    if wrk_version():
        return drive_with_wrk(base_url + path, duration, connections)
    return drive_with_python(base_url, path, duration, connections)


def drive_with_wrk(url, duration, connections):
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
        "-s", str(WRK_SCRIPT), url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    line = [row for row in result.stdout.splitlines() if row.startswith("{")][-1]
    raw = json.loads(line)
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "errors": raw["errors"],
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "client": "wrk",
    }


def drive_with_python(base_url, path, duration, connections):
    host, port = base_url.removeprefix("http://").split(":")
    latencies, errors = [], []
    deadline = time.monotonic() + duration

    def worker():
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors.append(response.status)
            except (OSError, http.client.HTTPException):
                errors.append("connection")
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                continue
            latencies.append(time.perf_counter() - started)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "client": "python",
    }


def time_each(base_url, paths):
    """{p50_ms, p90_ms, max_ms, count, errors} of one GET of each of `paths`, one after
    the other on one connection: what a page costs the first time it is asked for."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    latencies, errors = [], 0
    for path in paths:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        errors += response.status >= 400
    connection.close()
    latencies.sort()
    return {
        "count": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies), 1),
        "p90_ms": round(latencies[int(0.9 * (len(latencies) - 1))], 1),
        "max_ms": round(latencies[-1], 1),
    }


def measure_export(base_url, path):
    """{ttfb_s, total_s, bytes, rows} of one GET, read in 64 KiB chunks."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = response.read1(1)
    ttfb = time.perf_counter() - started
    size, rows = len(first), first.count(b"\n")
    while chunk := response.read1(65536):
        size += len(chunk)
        rows += chunk.count(b"\n")
    total = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return {"ttfb_s": round(ttfb, 3), "total_s": round(total, 3), "bytes": size, "rows": rows}
