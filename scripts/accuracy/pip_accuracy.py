#!/usr/bin/env python3
"""Accuracy of the PyPI size tables against real installs (not part of the default tests: it
downloads from PyPI).

For each requirement set below it
  1. asks the Rust lookup (`cargo run -p dflab-core --example pip_estimate -- <reqs>`) for the
     estimate, so the code under test is the code the core ships;
  2. really installs the set with one pip resolve, as a Dockerfile's `RUN pip install` would
     (CPython 3.12, manylinux wheels, fresh `--cache-dir`, `--no-compile`, into `--target`),
     measures the installed bytes, the pip cache it left, and the bytecode `compileall` adds;
  3. prints estimate vs. measurement and the error of the estimate's midpoint.

The installed-size error must stay within ±25 % for every set; the exit status says whether it did.
Output is also written to scripts/accuracy/latest.txt.  Python 3.11+ stdlib only.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LATEST = Path(__file__).resolve().parent / "latest.txt"
TOLERANCE = 0.25

SETS = [
    ["flask"],
    ["fastapi", "uvicorn"],
    ["django", "psycopg2-binary"],
    ["pandas", "numpy"],
    ["scikit-learn"],
    ["requests"],
    ["celery", "redis"],
    ["sqlalchemy", "alembic", "psycopg[binary]"],
    ["boto3"],
    ["pillow", "matplotlib"],
    ["gunicorn", "flask", "flask-sqlalchemy"],
    ["httpx", "pydantic", "uvicorn[standard]"],
    # Mixed stacks: closures measured separately, composed by the lookup, installed in one resolve.
    ["flask", "sqlalchemy", "redis", "boto3", "pandas"],
    ["django", "celery", "pillow", "requests", "gunicorn", "whitenoise"],
    ["fastapi", "sqlalchemy", "asyncpg", "pydantic-settings", "httpx", "sentry-sdk"],
]


def target_python() -> str:
    for cand in (os.environ.get("DFLAB_TARGET_PYTHON"), shutil.which("python3.12"),
                 str(Path.home() / ".pyenv/versions/3.12.1/bin/python")):
        if cand and Path(cand).exists():
            out = subprocess.run([cand, "-c", "import sys;print('%d.%d'%sys.version_info[:2])"],
                                 capture_output=True, text=True)
            if out.stdout.strip() == "3.12":  # pyenv shims exist even when that version is not active
                return cand
    sys.exit("need a Python 3.12 interpreter (set DFLAB_TARGET_PYTHON)")


def tree_bytes(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def estimate(reqs: list[str]) -> dict:
    out = subprocess.run(["cargo", "run", "-q", "-p", "dflab-core", "--example", "pip_estimate", "--", *reqs],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def measure(python: str, reqs: list[str]) -> dict:
    env = dict(os.environ)
    env.pop("PIP_FIND_LINKS", None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    with tempfile.TemporaryDirectory(prefix="dflab-acc-") as tmp:
        target, cache = Path(tmp) / "site", Path(tmp) / "cache"
        subprocess.run([python, "-m", "pip", "install", "-q", "--no-compile", "--only-binary=:all:",
                        "--cache-dir", str(cache), "--target", str(target), *reqs],
                       check=True, env=env, capture_output=True, text=True)
        installed = tree_bytes(target)
        cached = tree_bytes(cache)
        if cached == 0:
            # pip's HTTP cache stays empty when the index sends no cache headers (the registry proxy
            # here does not); what it would hold is the wheels themselves, so measure those.
            wheels = Path(tmp) / "wheels"
            subprocess.run([python, "-m", "pip", "download", "-q", "--only-binary=:all:", "--no-cache-dir",
                            "-d", str(wheels), *reqs], check=True, env=env, capture_output=True, text=True)
            cached = tree_bytes(wheels)
        subprocess.run([python, "-m", "compileall", "-q", "-j", "2", str(target)], capture_output=True)
        pyc = tree_bytes(target) - installed
    return {"install": installed, "cache": cached, "bytecode": pyc}


def mb(n: float) -> str:
    return f"{n / 1e6:7.1f}"


def main() -> int:
    python = target_python()
    subprocess.run(["cargo", "build", "-q", "-p", "dflab-core", "--example", "pip_estimate"], cwd=ROOT, check=True)
    lines = [
        f"# pip size accuracy, {_dt.datetime.now(_dt.timezone.utc).strftime('%Y-%m-%d %H:%M')} UTC",
        f"# real install: {python} -m pip install --only-binary=:all: --no-compile --target T --cache-dir C",
        "# MB = 10^6 bytes; est = midpoint of the table's range; err = (est - real) / real",
        "# cache real = pip's cache dir, or the downloaded wheels when the index sends no cache headers",
        f"{'requirements':44} {'est MB':>7} {'real MB':>7} {'err':>7} | {'pyc est':>7} {'real':>7} "
        f"| {'cache est':>9} {'real':>7} | unknown",
    ]
    worst, failed = 0.0, []
    for reqs in SETS:
        e = estimate(reqs)
        m = measure(python, reqs)
        mid = {k: (e[k]["low"] + e[k]["high"]) / 2 for k in ("install", "bytecode", "cache")}
        err = (mid["install"] - m["install"]) / m["install"] if m["install"] else float("inf")
        worst = max(worst, abs(err))
        if abs(err) > TOLERANCE:
            failed.append(" ".join(reqs))
        lines.append(f"{' '.join(reqs):44} {mb(mid['install'])} {mb(m['install'])} {err:+7.1%} | "
                     f"{mb(mid['bytecode'])} {mb(m['bytecode'])} | {mb(mid['cache']):>9} {mb(m['cache'])} | "
                     f"{' '.join(e['unknown']) or '-'}")
        print(lines[-1], flush=True)
    lines.append(f"# {len(SETS) - len(failed)} passed, {len(failed)} failed (installed size within "
                 f"±{TOLERANCE:.0%}); worst error {worst:.1%}")
    if failed:
        lines.append("# outside tolerance: " + "; ".join(failed))
    text = "\n".join(lines) + "\n"
    LATEST.write_text(text)
    print(lines[-1] if not failed else lines[-2] + "\n" + lines[-1])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
