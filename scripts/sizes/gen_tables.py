#!/usr/bin/env python3
"""Turn the reviewed data in crates/core/data/ into the compact Rust tables the core embeds.

Inputs (human-readable, diffable):
  crates/core/data/apt-bookworm.json   (scripts/sizes/apt_sizes.py)
  crates/core/data/pip.json            (scripts/sizes/pip_sizes.py --combine)
  scripts/sizes/base_images.tsv        (curated by hand from cited sources)
Outputs:
  crates/core/data/base-images.json    (the TSV as JSON, with KiB figures)
  crates/core/src/layers/tables/generated.rs

The two big tables (Debian packages, PyPI distributions) are compact byte blobs next to
generated.rs (apt.bin, pip.bin, embedded with include_bytes!), decoded once on first use by
crates/core/src/layers/tables.rs; see `blob()` for the layout.  Everything else is plain Rust
in generated.rs.  Python 3.11+ stdlib only.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "crates" / "core" / "data"
OUT = ROOT / "crates" / "core" / "src" / "layers" / "tables" / "generated.rs"
BLOBS: dict[str, bytes] = {}
TSV = Path(__file__).resolve().parent / "base_images.tsv"


def kib(n_bytes: int) -> int:
    return (n_bytes + 1023) // 1024


def rust_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=True)  # JSON escapes are valid Rust escapes for ASCII


def varint(n: int) -> bytes:
    """LEB128: 7 bits a byte, low bits first, high bit set on every byte but the last."""
    assert n >= 0
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def blob(name: str, names: list[str], columns: list[list[int]], edges: list[list[int]],
         hard: list[int] | None, base: list[int] | None) -> str:
    """One table as bytes, column by column (what compresses best):

    header   varint n, varint number of size columns, u8 flags (1: hard counts, 2: base bits)
    names    n x (u8 length of the prefix shared with the previous name, the rest of the name, b"\\n");
             sorted, ASCII, no newlines
    sizes    per column, n varints (KiB)
    counts   n x (varint number of edges [, varint how many of them are hard (flag 1)])
    edges    per entry, the hard edges then the others, each group ascending, as varint deltas (the
             first of a group from 0): indexes of other entries
    base     n bytes (flag 2)
    """
    n = len(names)
    out = bytearray(varint(n) + varint(len(columns)) + bytes([(1 if hard else 0) | (2 if base else 0)]))
    prev = ""
    for entry in names:
        assert entry.isascii() and "\n" not in entry and (not prev or prev < entry)
        shared = 0
        while shared < min(len(prev), len(entry), 255) and prev[shared] == entry[shared]:
            shared += 1
        out += bytes([shared]) + entry[shared:].encode() + b"\n"
        prev = entry
    for column in columns:
        assert len(column) == n
        for value in column:
            out += varint(value)
    for i, e in enumerate(edges):
        out += varint(len(e))
        if hard:
            out += varint(hard[i])
    for i, e in enumerate(edges):
        cut = hard[i] if hard else len(e)
        for group in (sorted(e[:cut]), sorted(e[cut:])):
            last = 0
            for target in group:
                assert 0 <= target < n
                out += varint(target - last)
                last = target
    if base:
        out += bytes(base)
    file = f"{name.lower()}.bin"
    BLOBS[file] = bytes(out)
    return f"pub static {name}_TABLE: &[u8] = include_bytes!({rust_str(file)});\n"


def apt_section() -> tuple[str, dict]:
    d = json.loads((DATA / "apt-bookworm.json").read_text())
    pkgs = sorted(d["packages"], key=lambda p: p["name"])
    index = {p["name"]: i for i, p in enumerate(pkgs)}
    names = [p["name"] for p in pkgs]
    sizes = [p["installed_kib"] for p in pkgs]
    # Bits: 1 = in debian:bookworm-slim (minbase), 2 = in python:3.x-slim-bookworm, 4 = in python:3.x-bookworm.
    # The sets nest (debian within slim within full), so a package carries every bit from its own up.
    flags = [{"debian": 7, "slim": 6, "full": 4}.get(p["base"], 0) for p in pkgs]
    edges, hard = [], []
    for p in pkgs:
        deps = [index[x] for x in p["depends"] if x in index]
        recs = [index[x] for x in p["recommends"] if x in index and index[x] not in deps]
        assert len(deps) < 256
        edges.append(deps + recs)
        hard.append(len(deps))
    aliases = sorted(d["aliases"].items())
    out = [
        "// ---- Debian packages ----",
        f"pub const APT_RELEASE: &str = {rust_str(d['release'])};",
        f"pub const APT_GENERATED: &str = {rust_str(d['generated'])};",
        f"pub const APT_LISTS_KIB: u32 = {kib(d.get('apt_lists_bytes', 0))};",
        "/// Base bits per package: 1 = in debian:bookworm(-slim), 2 = in python:3.x-slim-bookworm, "
        "4 = in python:3.x-bookworm (the sets nest).",
        "/// Depends/Pre-Depends are the hard edges, Recommends the others.",
        blob("APT", names, [sizes], edges, hard, flags),
        "/// Names that resolve to another package (virtual packages, renames).",
        "pub static APT_ALIASES: [(&str, &str); %d] = [%s];" % (
            len(aliases), ", ".join(f"({rust_str(a)}, {rust_str(b)})" for a, b in aliases)),
        "",
    ]
    return "\n".join(out), {"apt_packages": len(pkgs), "apt_requested": len(d["requested"])}


def pip_section() -> tuple[str, dict]:
    d = json.loads((DATA / "pip.json").read_text())
    dists = {x["name"]: x for x in d["dists"]}
    # Extras cost table space: keep those a dependency edge uses (`b[x]`), those requested in the
    # measured list, and the common ones people write in requirements files.
    used = {dep for x in dists.values() for dep in x["deps"] if "[" in dep}
    used |= {dep for x in dists.values() for deps in x["extras"].values() for dep in deps if "[" in dep}
    for req in d["requested"]:
        m = re.match(r"([A-Za-z0-9._-]+)\[([^\]]+)\]", req)
        if m:
            name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
            used |= {f"{name}[{re.sub(r'[-_.]+', '-', e.strip()).lower()}]" for e in m.group(2).split(",")}
    common = {"standard", "binary", "pool", "all", "async", "asyncio", "postgresql", "postgres", "mysql", "redis",
              "crypto", "security", "socks", "http2", "brotli", "email", "bcrypt", "argon2", "dotenv", "yaml",
              "s3", "gcs", "aws", "azure", "gcp", "sqlalchemy", "celery", "msgpack", "ujson", "orjson", "uvloop",
              "performance", "speedups", "cli", "server", "client", "grpc", "proto", "jwt", "html5", "lxml",
              "excel", "parquet", "pyarrow", "plot", "sql", "torch", "timezone", "tz", "pandas", "numpy"}
    nodes: dict[str, dict] = {}
    for name, x in dists.items():
        nodes[name] = {"own": x["own"], "pyc": x.get("pyc", 0), "wheel": x["wheel"], "deps": x["deps"]}
        for extra, deps in x["extras"].items():
            key = f"{name}[{extra}]"
            if key in used or extra in common:
                nodes[key] = {"own": 0, "pyc": 0, "wheel": 0, "deps": [name] + deps}
    names = sorted(nodes)
    index = {n: i for i, n in enumerate(names)}

    def target(dep: str) -> int | None:
        if dep in index:
            return index[dep]
        base = dep.split("[")[0]
        return index.get(base)

    edges = []
    for n in names:
        seen: list[int] = []
        for dep in nodes[n]["deps"]:
            t = target(dep)
            if t is not None and t != index[n] and t not in seen:
                seen.append(t)
        edges.append(seen)
    out = [
        "// ---- PyPI distributions ----",
        f"pub const PIP_PYTHON: &str = {rust_str(d['python'])};",
        f"pub const PIP_PLATFORM: &str = {rust_str(d['platform'])};",
        f"pub const PIP_MEASURED: &str = {rust_str(d['measured'][-1] if d['measured'] else 'unknown')};",
        "/// Canonical (PEP 503) names, plus `name[extra]` entries whose edges add the extra's dependencies.",
        "/// Sizes: own (installed), pyc (bytecode), wheel (download cache); edges are the dependencies.",
        blob("PIP", names, [[kib(nodes[n][k]) for n in names] for k in ("own", "pyc", "wheel")], edges, None, None),
        "/// Known but deliberately not measured (multi-GB downloads): reported as unknown.",
        "pub static PIP_SKIPPED: [&str; %d] = [%s];" % (
            len(d["skipped"]), ", ".join(rust_str(s) for s in sorted(d["skipped"]))),
        "",
    ]
    return "\n".join(out), {"pip_dists": len(dists), "pip_entries": len(names), "pip_requested": len(d["requested"])}


def base_section() -> tuple[str, dict]:
    rows = []
    for line in TSV.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ref, size, unit, kind, created, source = line.split("\t")
        mult = {"MB": 1_000_000, "GB": 1_000_000_000}[unit]
        if kind != "uncompressed":
            raise SystemExit(f"{ref}: only uncompressed sizes are embedded (convert with a stated factor first)")
        # Printed figures are rounded to their last digit: keep that rounding in the range.
        digits = len(size.split(".")[1]) if "." in size else 0
        half = 0.5 * 10 ** -digits
        low = kib(int((float(size) - half) * mult))
        high = kib(int((float(size) + half) * mult))
        rows.append({"reference": ref, "size": f"{size} {unit}", "low_kib": low, "high_kib": high, "kind": kind,
                     "created": created, "source": source})
    rows.sort(key=lambda r: r["reference"])
    (DATA / "base-images.json").write_text(json.dumps(
        {"about": "Uncompressed base image sizes (docker images / repo-info 'Virtual Size'), from "
                  "scripts/sizes/base_images.tsv", "images": rows}, indent=1) + "\n")
    entries = ",\n".join(
        f"    BaseImageRow {{ reference: {rust_str(r['reference'])}, low_kib: {r['low_kib']}, "
        f"high_kib: {r['high_kib']}, created: {rust_str(r['created'])}, source: {rust_str(r['source'])} }}"
        for r in rows)
    out = ["// ---- Base images ----",
           "/// Sorted by reference; sizes are uncompressed (on disk).",
           f"pub static BASE_IMAGES: [BaseImageRow; {len(rows)}] = [\n{entries},\n];", ""]
    return "\n".join(out), {"base_images": len(rows)}


def main() -> None:
    parts, stats = [], {}
    for section in (base_section, apt_section, pip_section):
        text, s = section()
        parts.append(text)
        stats.update(s)
    header = (
        "// @generated by scripts/sizes/gen_tables.py from crates/core/data/ -- do not edit by hand.\n"
        "// Regenerate: see docs/size-data.md.\n"
        "#![allow(clippy::unreadable_literal)]\n\n"
        "use super::BaseImageRow;\n\n"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(header + "\n".join(parts))
    for file, data in BLOBS.items():
        (OUT.parent / file).write_bytes(data)
    if shutil.which("rustfmt"):  # same layout as `cargo fmt`, so regenerating gives a clean diff
        subprocess.run(["rustfmt", "--edition", "2021", str(OUT)], check=True)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes): {stats}")


if __name__ == "__main__":
    main()
