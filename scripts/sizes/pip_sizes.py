#!/usr/bin/env python3
"""Measure installed sizes of common PyPI distributions (issue 6 size tables).

For every requirement in PACKAGES (or the ones named on the command line) this
  1. downloads the wheels of its dependency closure for CPython 3.12 on
     manylinux x86_64 (`pip download --only-binary=:all: --platform ...`) into a
     shared wheel directory,
  2. installs them offline into a fresh `--target` directory with `--no-compile`,
  3. attributes every installed file to its distribution via `*.dist-info/RECORD`
     and measures the apparent size (what a tar layer stores),
  4. byte-compiles the tree with the target interpreter (`compileall`) and
     attributes each `__pycache__/*.pyc` to the distribution owning the `.py`,
  5. records, per distribution: version, own installed size, own bytecode size,
     wheel size (what pip's cache keeps) and its dependency names (markers
     evaluated for the target), plus the dependency names of each extra.

Results are cached per requirement under $DFLAB_SIZES_CACHE (default
~/.cache/dflab-sizes/pip), so re-runs only measure what is missing.  `--combine`
merges the cache into crates/core/data/pip.json.

Python 3.11+ stdlib only, plus the `packaging` copy vendored in pip.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pip._vendor.packaging.requirements import Requirement  # vendored, always there with pip
from pip._vendor.packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "crates" / "core" / "data" / "pip.json"
CACHE = Path(os.environ.get("DFLAB_SIZES_CACHE", Path.home() / ".cache" / "dflab-sizes")) / "pip"

PYTHON_VERSION = "3.12"
PLATFORMS = (
    [f"manylinux_2_{i}_x86_64" for i in range(36, 16, -1)]
    + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64"]
)

# Requirements Dockerfiles commonly `pip install`: the brief's list, web/data/ML staples and the
# most downloaded PyPI projects (2026 download ranking in the env package list).  Their
# dependencies are measured too, so the table holds more distributions than this list.
PACKAGES = """
requests flask django fastapi uvicorn uvicorn[standard] gunicorn numpy pandas scipy scikit-learn
matplotlib pillow psycopg2-binary psycopg2 psycopg psycopg[binary] sqlalchemy pydantic celery redis
boto3 lxml cryptography grpcio protobuf pyyaml jinja2 click httpx aiohttp beautifulsoup4 openpyxl
alembic asyncpg pymysql mysqlclient django-rest-framework djangorestframework whitenoise
django-environ django-cors-headers channels daphne flask-sqlalchemy flask-cors flask-login
flask-wtf flask-migrate werkzeug starlette python-multipart pydantic-settings email-validator
python-dotenv orjson ujson msgpack marshmallow attrs typer rich tqdm loguru structlog
sentry-sdk prometheus-client opentelemetry-api opentelemetry-sdk kombu pika kafka-python
confluent-kafka pymongo motor elasticsearch cassandra-driver boto botocore s3fs google-cloud-storage
google-cloud-bigquery google-api-python-client azure-storage-blob azure-identity openai anthropic
langchain tiktoken tokenizers transformers huggingface-hub onnxruntime
opencv-python-headless opencv-python scikit-image statsmodels seaborn plotly bokeh dash streamlit
gradio polars pyarrow duckdb sympy networkx numba xgboost lightgbm joblib dask pytest pytest-cov
coverage black ruff mypy flake8 pylint isort pre-commit tox setuptools wheel pip poetry uv
jupyter jupyterlab notebook ipython ipykernel nltk spacy gensim regex pyjwt bcrypt passlib
paramiko fabric ansible docker kubernetes supervisor gevent eventlet websockets python-socketio
grpcio-tools gitpython pexpect psutil pyopenssl certifi urllib3 six python-dateutil pytz tzdata
arrow pendulum simplejson xmltodict pyparsing markdown mistune docutils sphinx mkdocs
mkdocs-material selenium playwright scrapy tenacity cachetools jsonschema toml tomli
pynacl zstandard lz4 xlrd xlsxwriter reportlab pypdf weasyprint qrcode shapely pyproj
geopandas h5py tables mlflow wandb apache-airflow sentence-transformers torch torchvision
""".split()

# Left out on purpose: their wheels and CUDA dependencies are multi-GB downloads.  They stay
# unknown in the tables (never guessed).
# torch is measured (it came in through sentence-transformers): PyPI's default Linux wheel is the
# CUDA build, whose nvidia-* dependencies make it ~5-6 GB installed; a CPU-only install from the
# PyTorch index is far smaller and is not in the table.
SKIPPED = {
    "tensorflow": "~600 MB wheel plus dependencies, over the 1 GB download budget with its closure",
    "vllm": "pins its own torch/CUDA stack, several GB more",
}


def canonical(name: str) -> str:
    """PEP 503 normalization."""
    return re.sub(r"[-_.]+", "-", name).lower()


def target_python() -> str:
    for cand in (os.environ.get("DFLAB_TARGET_PYTHON"), shutil.which("python3.12"),
                 str(Path.home() / ".pyenv/versions/3.12.1/bin/python")):
        if cand and Path(cand).exists():
            out = subprocess.run([cand, "-c", "import sys;print('%d.%d'%sys.version_info[:2])"],
                                 capture_output=True, text=True)
            if out.stdout.strip() == PYTHON_VERSION:
                return cand
    sys.exit(f"need a Python {PYTHON_VERSION} interpreter (set DFLAB_TARGET_PYTHON)")


def marker_env(python: str) -> dict:
    code = ("import json,os,sys,platform;"
            "print(json.dumps(dict(implementation_name=sys.implementation.name,"
            "implementation_version=platform.python_version(),os_name=os.name,"
            "platform_machine='x86_64',platform_python_implementation=platform.python_implementation(),"
            "platform_release='',platform_system='Linux',platform_version='',"
            "python_full_version=platform.python_version(),python_version='%d.%d'%sys.version_info[:2],"
            "sys_platform='linux')))")
    return json.loads(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout)


def pip_env() -> dict:
    env = dict(os.environ)
    env.pop("PIP_FIND_LINKS", None)  # this machine points pip at a local wheel folder: use PyPI only
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def platform_args() -> list[str]:
    args = ["--only-binary=:all:", "--python-version", PYTHON_VERSION, "--implementation", "cp",
            "--abi", "cp" + PYTHON_VERSION.replace(".", "")]
    for p in PLATFORMS:
        args += ["--platform", p]
    return args


def parse_metadata(text: str) -> tuple[str, str, list[str]]:
    name = version = ""
    requires: list[str] = []
    for line in text.split("\n\n", 1)[0].splitlines():
        if line.startswith("Name:"):
            name = line[5:].strip()
        elif line.startswith("Version:"):
            version = line[8:].strip()
        elif line.startswith("Requires-Dist:"):
            requires.append(line[14:].strip())
    return name, version, requires


def dependencies(requires: list[str], env: dict) -> tuple[list[str], dict[str, list[str]]]:
    """Base dependencies and extra -> additional dependencies, as canonical names (`b` or `b[x]`)."""
    base: list[str] = []
    extras: dict[str, list[str]] = {}
    for spec in requires:
        try:
            req = Requirement(spec)
        except Exception:  # noqa: BLE001 - unparsable metadata line: ignore it
            continue
        dep = canonical(req.name)
        names = [dep] + [f"{dep}[{canonical(e)}]" for e in sorted(req.extras)]
        if req.marker is None or req.marker.evaluate({**env, "extra": ""}):
            base += [n for n in names if n not in base]
            continue
        marker = str(req.marker)
        for extra in re.findall(r'extra\s*==\s*["\']([^"\']+)["\']', marker):
            if req.marker.evaluate({**env, "extra": extra}):
                lst = extras.setdefault(canonical(extra), [])
                lst += [n for n in names if n not in lst]
    return base, extras


def file_size(path: Path) -> int:
    try:
        st = path.lstat()
    except OSError:
        return 0
    return st.st_size


def measure(req: str, python: str, env: dict, wheels: Path, log) -> dict:
    with tempfile.TemporaryDirectory(prefix="dflab-pip-") as tmp:
        target = Path(tmp) / "site"
        dl = subprocess.run([python, "-m", "pip", "download", "-q", "-d", str(wheels), *platform_args(), req],
                            capture_output=True, text=True, env=pip_env())
        if dl.returncode != 0:
            return {"requirement": req, "error": "download: " + dl.stderr.strip()[-400:]}
        # --no-index + --find-links: resolve again offline against the wheels just fetched.
        inst = subprocess.run([python, "-m", "pip", "install", "-q", "--no-compile", "--no-index", "--find-links",
                               str(wheels), "--target", str(target), *platform_args(), req],
                              capture_output=True, text=True, env=pip_env())
        if inst.returncode != 0:
            return {"requirement": req, "error": "install: " + inst.stderr.strip()[-400:]}
        total_before = sum(file_size(p) for p in target.rglob("*") if not p.is_dir())
        dists: dict[str, dict] = {}
        owned: dict[Path, str] = {}
        py_files: dict[str, list[Path]] = {}
        for info in sorted(target.glob("*.dist-info")):
            meta = info / "METADATA"
            if not meta.exists():
                continue
            name, version, requires = parse_metadata(meta.read_text(errors="replace"))
            key = canonical(name)
            deps, extras = dependencies(requires, env)
            files: list[Path] = []
            record = info / "RECORD"
            if record.exists():
                for row in record.read_text(errors="replace").splitlines():
                    rel = row.rsplit(",", 2)[0].strip('"')
                    if not rel:
                        continue
                    p = (target / rel)
                    if rel.startswith(".."):  # scripts: pip --target moves them to <target>/bin
                        p = target / "bin" / Path(rel).name
                    files.append(p)
            for p in info.rglob("*"):
                if not p.is_dir():
                    files.append(p)
            own = 0
            for p in set(files):
                rp = p.resolve() if not p.is_symlink() else p
                if rp in owned:
                    continue
                owned[rp] = key
                own += file_size(p)
            py_files[key] = [p for p in set(files) if p.suffix == ".py"]
            wheel = 0
            stem = re.sub(r"[-_.]+", "_", name).lower()
            for w in wheels.iterdir():
                parts = w.name.split("-")
                if len(parts) >= 2 and re.sub(r"[-_.]+", "_", parts[0]).lower() == stem and parts[1] == version:
                    wheel = w.stat().st_size
                    break
            dists[key] = {"name": key, "version": version, "own": own, "wheel": wheel, "deps": deps,
                          "extras": extras}
        unattributed = total_before - sum(d["own"] for d in dists.values())
        comp = subprocess.run([python, "-m", "compileall", "-q", "-j", "2", str(target)],
                              capture_output=True, text=True, env={**pip_env(), "PYTHONDONTWRITEBYTECODE": ""})
        tag = f"cpython-{PYTHON_VERSION.replace('.', '')}"
        for key, files in py_files.items():
            pyc = 0
            for p in files:
                pyc += file_size(p.parent / "__pycache__" / f"{p.stem}.{tag}.pyc")
            dists[key]["pyc"] = pyc
        total_after = sum(file_size(p) for p in target.rglob("*") if not p.is_dir())
        top = canonical(Requirement(req).name)
        log(f"  {req}: {len(dists)} dists, {total_before / 1e6:.1f} MB installed, "
            f"+{(total_after - total_before) / 1e6:.1f} MB pyc")
        return {"requirement": req, "top": top, "extras": sorted(canonical(e) for e in Requirement(req).extras),
                "installed_bytes": total_before, "pyc_bytes": total_after - total_before,
                "unattributed_bytes": unattributed, "compileall_rc": comp.returncode,
                "dists": sorted(dists.values(), key=lambda d: d["name"]),
                "measured": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")}


def cache_file(req: str) -> Path:
    return CACHE / "results" / (re.sub(r"[^A-Za-z0-9]+", "_", req) + ".json")


def top_projects(n: int) -> list[str]:
    lines = (ROOT / "scripts" / "sizes" / "top-pypi.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")][:n]


def measured_distributions() -> set[str]:
    """Distributions some cached measurement already holds (its own size, bytecode and edges)."""
    names: set[str] = set()
    for cf in (CACHE / "results").glob("*.json"):
        names.update(d["name"] for d in json.loads(cf.read_text()).get("dists", []))
    return names


def run(reqs: list[str], force: bool) -> None:
    python = target_python()
    env = marker_env(python)
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    (CACHE / "results").mkdir(parents=True, exist_ok=True)
    seen = measured_distributions()
    for i, req in enumerate(reqs, 1):
        cf = cache_file(req)
        if cf.exists() and not force:
            continue
        # A bare name measured inside an earlier closure adds nothing (extras still do).
        if "[" not in req and canonical(req) in seen:
            continue
        if canonical(Requirement(req).name) in SKIPPED:
            continue
        print(f"[{i}/{len(reqs)}] {req}", flush=True)
        try:
            result = measure(req, python, env, wheels, lambda s: print(s, flush=True))
        except Exception as exc:  # noqa: BLE001 - keep going with the other packages
            result = {"requirement": req, "error": repr(exc)}
        if "error" in result:
            print(f"  {req}: {result['error'][:300]}", flush=True)
        cf.write_text(json.dumps(result, indent=1))
        seen.update(d["name"] for d in result.get("dists", []))


def version_key(v: str):
    try:
        return (1, Version(v))
    except InvalidVersion:
        return (0, v)


def combine() -> None:
    """Merge cached measurements into crates/core/data/pip.json (one record per distribution)."""
    dists: dict[str, dict] = {}
    requested: dict[str, dict] = {}
    errors: dict[str, str] = {}
    dates: set[str] = set()
    for cf in sorted((CACHE / "results").glob("*.json")):
        r = json.loads(cf.read_text())
        if "error" in r:
            errors[r["requirement"]] = r["error"].splitlines()[-1][:200] if r["error"] else "?"
            continue
        dates.add(r["measured"])
        requested[r["requirement"]] = {"installed_bytes": r["installed_bytes"], "pyc_bytes": r["pyc_bytes"]}
        for d in r["dists"]:
            old = dists.get(d["name"])
            # Keep the newest version seen: that is what an unpinned install gets.
            if old is None or version_key(d["version"]) > version_key(old["version"]):
                dists[d["name"]] = d
    # Keep only extras whose dependencies were all measured (others would be unknown anyway).
    for d in dists.values():
        d["extras"] = {e: deps for e, deps in d["extras"].items()
                       if all(x.split("[")[0] in dists for x in deps)}
    out = {
        "about": "Installed size of PyPI distributions, measured by scripts/sizes/pip_sizes.py",
        "python": PYTHON_VERSION,
        "platform": "manylinux x86_64 (glibc 2.36, Debian 12 bookworm), --only-binary=:all:",
        "measured": sorted(dates),
        "units": "bytes; own = files of the distribution without bytecode; pyc = its __pycache__ after "
                 "compileall; wheel = size of the downloaded wheel (pip cache)",
        "skipped": SKIPPED,
        "errors": errors,
        "requested": requested,
        "dists": sorted(dists.values(), key=lambda d: d["name"]),
    }
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n")
    print(f"wrote {DATA.relative_to(ROOT)}: {len(dists)} distributions from {len(requested)} requirements, "
          f"{len(errors)} errors")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("requirements", nargs="*", help="requirements to measure (default: the built-in list)")
    ap.add_argument("--force", action="store_true", help="measure again even if cached")
    ap.add_argument("--combine", action="store_true", help="only merge the cache into crates/core/data/pip.json")
    ap.add_argument("--top", type=int, default=0, metavar="N",
                    help="also measure the N most downloaded projects of scripts/sizes/top-pypi.txt")
    args = ap.parse_args()
    if not args.combine:
        reqs = args.requirements or PACKAGES
        if args.top:
            reqs = reqs + [r for r in top_projects(args.top) if r not in reqs]
        run(reqs, args.force)
    combine()


if __name__ == "__main__":
    main()
