"""
Lighthouse scores of the public pages, mobile and desktop: `make lighthouse`.

Serves the seed data the way production does (gunicorn, DEBUG off, whitenoise with
compressed static files, the page cache on) from a throwaway SQLite database, then runs
npm's `lighthouse` (fetched by npx, pinned below; not a dependency of the project or CI)
with Debian's chromium and the flags the browser tests use. Writes
bench/results/lighthouse.json and .md and exits 1 if any score is under the target.

    .venv/bin/python bench/lighthouse.py [--target 95] [--keep-reports DIR]
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import ROOT, Gunicorn

LIGHTHOUSE = "lighthouse@12.8.2"  # the newest that runs on Debian 12's Node 20
CHROME = "/usr/bin/chromium"
# tests/browser/conftest.py's CHROMIUM_ARGS, headless.
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "municipality": "/municipalities/trollhattan/",
    "browser": "/initiatives/?type=school-closure&type=tillvaxtverket-grant",
    "initiative": "/initiatives/skolverket-stod-trollhattan-efter-dadet-pa-kronan/",
    "article": "/articles/overenskommelse-om-stod-till-trollhattan/",
    "search": "/search/?q=Trollh%C3%A4ttan",
}
RESULTS = ROOT / "bench" / "results"
ATTEMPTS = 3


def production_env(database):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{database}",
        # Plain HTTP on the loopback: Lighthouse counts localhost as secure.
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "",
        "PAGE_CACHE": "1",
    }


def manage(env, *args):
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args, "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def run_lighthouse(url, form_factor, report_path):
    command = [
        "npx", "--yes", LIGHTHOUSE, url,
        "--output=json", f"--output-path={report_path}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]  # fmt: skip
    if form_factor == "desktop":
        command.append("--preset=desktop")
    # Chromium now and then fails to record a trace (NO_NAVSTART): try again.
    for attempt in range(1, ATTEMPTS + 1):
        finished = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME})
        if finished.returncode == 0:
            break
        if attempt == ATTEMPTS:
            finished.check_returncode()
    report = json.loads(Path(report_path).read_text())
    scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return scores, failing, report["lighthouseVersion"]


def markdown(results, version, target):
    lines = [
        f"Lighthouse {version}, {results['measured_at']}, seed data, gunicorn (DEBUG off), "
        f"Debian chromium; target {target} in every category.",
        "",
        "| page | form factor | performance | accessibility | best practices | SEO |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for row in results["runs"]:
        scores = row["scores"]
        lines.append(
            f"| {row['page']} | {row['form_factor']} | "
            + " | ".join(str(scores[key]) for key in CATEGORIES)
            + " |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", type=int, default=95)
    parser.add_argument("--keep-reports", type=Path, help="keep the JSON reports here")
    options = parser.parse_args()
    if shutil.which("npx") is None:
        sys.exit("npx is missing: run `make browser-deps` (installs npm).")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        scratch = Path(scratch)
        env = production_env(scratch / "site.sqlite3")
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput")
        runs, version = [], ""
        with Gunicorn(env, workers=2, log_path=scratch / "gunicorn.log") as server:
            for page, path in PAGES.items():
                for form_factor in ("mobile", "desktop"):
                    report = (options.keep_reports or scratch) / f"{page}-{form_factor}.json"
                    report.parent.mkdir(parents=True, exist_ok=True)
                    scores, failing, version = run_lighthouse(
                        server.base_url + path, form_factor, report
                    )
                    runs.append(
                        {
                            "page": page,
                            "path": path,
                            "form_factor": form_factor,
                            "scores": scores,
                            "audits_under_90": failing,
                        }
                    )
                    print(page, form_factor, scores, failing or "", flush=True)
    results = {
        "lighthouse": version,
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "target": options.target,
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "lighthouse.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "lighthouse.md").write_text(markdown(results, version, options.target))
    print(markdown(results, version, options.target))
    low = [run for run in runs if min(run["scores"].values()) < options.target]
    if low:
        sys.exit(f"{len(low)} run(s) scored under {options.target}.")


if __name__ == "__main__":
    main()
