"""
The site under test: gunicorn on 127.0.0.1 with a fixed number of sync workers, and
a look at its workers' memory through /proc (Linux).
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`with Gunicorn(env, workers, log) as server:` serves at `server.base_url`."""

    def __init__(self, env, workers, log_path):
        self.env = env
        self.workers = workers
        self.log_path = log_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        command = [
            str(GUNICORN), "equity_site.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--worker-class", "sync",
            "--timeout", "120",
        ]  # fmt: skip
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.wait_until_up()
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2):
                    pass
                if len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def memory_kib(pid, field):
    """A /proc/<pid>/status field in KiB: VmRSS (now) or VmHWM (peak since last reset)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak_memory(pid):
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_growth_mib(pids, action):
    """Run `action()`; the largest growth of any worker's peak RSS over its RSS before."""
    before = {pid: memory_kib(pid, "VmRSS") for pid in pids}
    for pid in pids:
        reset_peak_memory(pid)
    result = action()
    growth = max(memory_kib(pid, "VmHWM") - before[pid] for pid in pids)
    return result, round(growth / 1024, 1), round(max(before.values()) / 1024, 1)


def machine():
    """What the numbers were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    memory = memory_total_gib()
    debian = Path("/etc/debian_version")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "os": f"Debian {debian.read_text().strip()}" if debian.exists() else os.uname().sysname,
        "kernel": os.uname().release,
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def memory_total_gib():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def read_into_page_cache(db_url, sqlite_path):
    """Read the database's files into the operating system's page cache, as they stay on a
    server with memory to spare. This machine's kernel hands memory that has not been
    touched for a while back to its host (the page cache shrank by about 3 MB/s when idle),
    so after minutes of page load much of what a full export reads comes from disk: a full
    export made with SQLite's file dropped from the cache took 6.3 s, 2.4 s with it cached.
    SQLite: its file is read through; PostgreSQL: pg_prewarm reads every relation of the
    database (created once, a contrib extension shipped with PostgreSQL)."""
    if db_url.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            connection.execute(
                "SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c "
                "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i', 'm')"
            )
            connection.execute(
                "SELECT pg_prewarm(t.oid::regclass, 'read') FROM pg_class c "
                "JOIN pg_class t ON t.oid = c.reltoastrelid "
                "WHERE c.relnamespace = 'public'::regnamespace"
            )
        return
    for path in (sqlite_path, Path(f"{sqlite_path}-wal")):
        if path.exists():
            with open(path, "rb") as file:
                while file.read(1 << 20):
                    pass
