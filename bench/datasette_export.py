"""
Datasette's full-table CSV export of the same SQLite file, for comparison with ours.

Datasette (`pip install -e ".[bench]"`, which `make bench` does; not a dependency of
the site or the tests) serves bench/bench.sqlite3 on a free port; its streaming CSV of
the whole initiatives table (`?_stream=on`, every row and column, the size cap lifted
with `max_csv_mb 0`) is downloaded `times` times and timed like ours.
"""

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from load import measure_export
from server import ROOT, free_port

TABLE = "initiatives_initiative"


def datasette_command():
    local = ROOT / ".venv" / "bin" / "datasette"
    if local.exists():
        return str(local)
    return shutil.which("datasette")


def datasette_version():
    command = datasette_command()
    if not command:
        return None
    result = subprocess.run([command, "--version"], capture_output=True, text=True)
    return result.stdout.strip()


def datasette_exports(sqlite_path: Path, times, log_path):
    """[{ttfb_s, total_s, bytes, rows}] or None when Datasette or the file is missing."""
    command = datasette_command()
    if not command or not sqlite_path.exists() or times == 0:
        return None
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [command, "serve", str(sqlite_path), "--host", "127.0.0.1", "--port", str(port),
             "--setting", "max_csv_mb", "0", "--setting", "sql_time_limit_ms", "120000"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_until_up(base_url, process)
            path = f"/{sqlite_path.stem}/{TABLE}.csv?_stream=on&_size=max"
            return [measure_export(base_url, path) for _ in range(times)]
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_until_up(base_url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("datasette exited")
        try:
            with urllib.request.urlopen(base_url + "/-/versions.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("datasette did not answer")
