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
