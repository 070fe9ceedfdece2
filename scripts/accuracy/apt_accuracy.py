#!/usr/bin/env python3
"""Accuracy of the Debian size tables against apt's own resolver (no download, no install).

For each package set, apt-get is asked to *simulate* the install (`apt-get install -s`) against a
dpkg status file that contains exactly the base set the tables subtract (debian:bookworm minbase,
or the python slim set), using the same bookworm Packages indexes the tables were built from
(cached by scripts/sizes/apt_sizes.py; apt itself reads this machine's own lists, so run
`apt-get update` first). The packages apt would unpack are summed (Installed-Size)
and compared with the Rust lookup (`cargo run -p dflab-core --example apt_estimate`), and the two
package lists are compared too.

Needs a Debian/Ubuntu machine with apt-get; Python 3.11+ stdlib only.
Output is also written to scripts/accuracy/apt-latest.txt.
"""
from __future__ import annotations

import datetime as _dt
import json
import lzma
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "sizes"))
from apt_sizes import version_cmp  # noqa: E402 - same version order as the generator
LATEST = Path(__file__).resolve().parent / "apt-latest.txt"
DATA = ROOT / "crates" / "core" / "data" / "apt-bookworm.json"
CACHE = Path(os.environ.get("DFLAB_SIZES_CACHE", Path.home() / ".cache" / "dflab-sizes")) / "apt"
TOLERANCE = 0.10

SETS = [
    ("debian", False, ["build-essential"]),
    ("debian", False, ["gcc", "libpq-dev"]),
    ("debian", False, ["curl", "ca-certificates", "git"]),
    ("debian", True, ["curl", "git"]),
    ("python-slim", False, ["libpq5", "libgomp1"]),
    ("python-slim", False, ["gcc", "g++", "make", "libffi-dev", "libssl-dev"]),
    ("python-slim", False, ["default-libmysqlclient-dev", "pkg-config", "gcc"]),
    ("python-slim", False, ["libgl1", "libglib2.0-0"]),
    ("python-slim", False, ["ffmpeg"]),
    ("python-slim", True, ["imagemagick"]),
    ("python-slim", False, ["nginx", "supervisor"]),
    ("python-slim", False, ["chromium"]),
    ("python-slim", False, ["tini", "gosu", "netcat-openbsd", "procps", "vim"]),
]


def indexes() -> list[Path]:
    files = sorted(CACHE.glob("*Packages.xz"))
    if not files:
        sys.exit("run scripts/sizes/apt_sizes.py first (it caches the Packages indexes)")
    return files


def stanzas(text: str) -> dict[str, str]:
    out = {}
    for st in text.split("\n\n"):
        m = re.search(r"^Package: (\S+)", st, re.M)
        if m:
            out[m.group(1)] = st.strip()
    return out


def main() -> int:
    data = json.loads(DATA.read_text())
    base_sets = {"debian": set(data["bases"]["debian-slim"]["names"]), "python-slim": set(data["bases"]["slim"]["names"])}
    all_stanzas: dict[str, str] = {}
    texts = []
    for f in indexes():
        text = lzma.decompress(f.read_bytes()).decode("utf-8", "replace")
        texts.append(text)
        for name, st in stanzas(text).items():  # newest version wins, as in the generator
            old = all_stanzas.get(name)
            if old is None or version_cmp(_version(st), _version(old)) > 0:
                all_stanzas[name] = st
    sizes = {n: int(re.search(r"^Installed-Size: (\d+)", s, re.M).group(1))
             for n, s in all_stanzas.items() if re.search(r"^Installed-Size: (\d+)", s, re.M)}
    subprocess.run(["cargo", "build", "-q", "-p", "dflab-core", "--example", "apt_estimate"], cwd=ROOT, check=True)
    lines = [
        f"# apt size accuracy, {_dt.datetime.now(_dt.timezone.utc).strftime('%Y-%m-%d %H:%M')} UTC",
        "# real = apt-get install -s against a dpkg status holding only the base set; MB = 10^6 bytes",
        "# est = Installed-Size sum from the tables (no slim doc/man/locale reduction); err = (est - real) / real",
        f"{'base':12} {'rec':3} {'packages':52} {'est MB':>7} {'apt MB':>7} {'err':>7}  pkgs est/apt  differences",
    ]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="dflab-apt-") as tmp:
        tmp = Path(tmp)
        (tmp / "cache" / "archives" / "partial").mkdir(parents=True)
        for base, recommends, pkgs in SETS:
            status = tmp / f"status-{base}"
            status.write_text("\n\n".join(
                re.sub(r"^(Package: .*)$", r"\1\nStatus: install ok installed", all_stanzas[n], count=1, flags=re.M)
                for n in sorted(base_sets[base]) if n in all_stanzas) + "\n")
            # apt's own lists and sources on this bookworm machine; only the installed set is replaced.
            cmd = ["apt-get", "install", "-s", "-q", "-y", "-o", f"Dir::State::status={status}",
                   "-o", "Dir::Cache=" + str(tmp / "cache"), "-o", "Debug::NoLocking=1",
                   "-o", f"APT::Install-Recommends={'true' if recommends else 'false'}", *pkgs]
            sim = subprocess.run(cmd, capture_output=True, text=True)
            installed = re.findall(r"^Inst (\S+)", sim.stdout, re.M)
            if sim.returncode != 0 or not installed:
                lines.append(f"{base:12} {'yes' if recommends else 'no':3} {' '.join(pkgs):52} apt failed: "
                             f"{(sim.stderr.strip().splitlines() or ['?'])[-1][:120]}")
                failed += 1
                continue
            real_kib = sum(sizes.get(n, 0) for n in installed)
            args = ["--base", "python-slim" if base == "python-slim" else "debian"]
            if recommends:
                args.append("--recommends")
            est = json.loads(subprocess.run(
                ["cargo", "run", "-q", "-p", "dflab-core", "--example", "apt_estimate", "--", *args, *pkgs],
                cwd=ROOT, capture_output=True, text=True, check=True).stdout)
            # Compare plain Installed-Size sums: on Debian the factors are 95-105 % (midpoint = sum); on
            # python-slim they are 60-100 % (the high end = sum, the low end models slim's doc/man/locale
            # excludes, which a simulation cannot show).
            est_bytes = est["high"] if base == "python-slim" else (est["low"] + est["high"]) / 2
            real_bytes = real_kib * 1024
            err = (est_bytes - real_bytes) / real_bytes if real_bytes else 0.0
            ours = closure_names(pkgs, recommends, base, data)
            extra, missing = sorted(ours - set(installed)), sorted(set(installed) - ours)
            diff = ""
            if extra:
                diff += " +" + ",".join(extra[:4]) + ("…" if len(extra) > 4 else "")
            if missing:
                diff += " -" + ",".join(missing[:4]) + ("…" if len(missing) > 4 else "")
            if abs(err) > TOLERANCE:
                failed += 1
            lines.append(f"{base:12} {'yes' if recommends else 'no':3} {' '.join(pkgs):52} {est_bytes / 1e6:7.1f} "
                         f"{real_bytes / 1e6:7.1f} {err:+7.1%}  {len(ours):4}/{len(installed):<4}{diff}")
            print(lines[-1], flush=True)
    lines.append(f"# {len(SETS) - failed} passed, {failed} failed (within ±{TOLERANCE:.0%} of apt's own resolution)")
    LATEST.write_text("\n".join(lines) + "\n")
    print(lines[-1])
    return 1 if failed else 0


def _version(stanza: str) -> str:
    m = re.search(r"^Version: (\S+)", stanza, re.M)
    return m.group(1) if m else "0"


def closure_names(pkgs: list[str], recommends: bool, base: str, data: dict) -> set[str]:
    """The package names the tables' graph walk visits (same walk as the Rust lookup)."""
    by_name = {p["name"]: p for p in data["packages"]}
    skip = {"debian"} if base == "debian" else {"debian", "slim"}
    seen: set[str] = set()
    stack = [data["aliases"].get(p, p) for p in pkgs]
    while stack:
        n = stack.pop()
        p = by_name.get(n)
        if p is None or n in seen or p["base"] in skip:
            continue
        seen.add(n)
        stack += p["depends"] + (p["recommends"] if recommends else [])
    return seen


if __name__ == "__main__":
    sys.exit(main())
