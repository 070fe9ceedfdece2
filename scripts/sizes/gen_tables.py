#!/usr/bin/env python3
"""Turn the reviewed data in crates/core/data/ into the knowledge pack the layer estimate reads.

Inputs (human-readable, diffable):
  crates/core/data/apt-bookworm.json   (scripts/sizes/apt_sizes.py)
  crates/core/data/pip.json            (scripts/sizes/pip_sizes.py --combine)
  scripts/sizes/base_images.tsv        (curated by hand from cited sources)
Outputs:
  crates/core/data/base-images.json    (the TSV as JSON, with KiB figures)
  crates/core/data/knowledge.pack      (every table in one versioned file, see `pack()`)

The pack is data, not code: the native CLI embeds it, the web page fetches it after its first
analysis (issue #16), and crates/core/src/knowledge/pack.rs decodes it, checking every byte, since a
page may be handed a truncated or foreign file.  Python 3.11+ stdlib only.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "crates" / "core" / "data"
OUT = DATA / "knowledge.pack"
# Bumped when the layout changes; the decoder refuses other versions (a page with a stale cached pack).
PACK_FORMAT = 2
TSV = Path(__file__).resolve().parent / "base_images.tsv"


def kib(n_bytes: int) -> int:
    return (n_bytes + 1023) // 1024


def varint(n: int) -> bytes:
    """LEB128: 7 bits a byte, low bits first, high bit set on every byte but the last."""
    assert n >= 0
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def tsv(rows: list[list[str]]) -> bytes:
    for row in rows:
        assert all("\t" not in cell and "\n" not in cell for cell in row), row
    return "".join("\t".join(row) + "\n" for row in rows).encode()


def blob(names: list[str], columns: list[list[int]], edges: list[list[int]],
         hard: list[int] | None, base: list[int] | None) -> bytes:
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
    return bytes(out)


APT_RELEASES = ("bookworm", "trixie")


def apt_section() -> tuple[dict[str, bytes], dict]:
    sections: dict[str, bytes] = {}
    stats: dict = {}
    for release in APT_RELEASES:
        data, s = apt_release(release)
        sections.update(data)
        stats.update(s)
    return sections, stats


def apt_release(release: str) -> tuple[dict[str, bytes], dict]:
    d = json.loads((DATA / f"apt-{release}.json").read_text())
    pkgs = sorted(d["packages"], key=lambda p: p["name"])
    index = {p["name"]: i for i, p in enumerate(pkgs)}
    names = [p["name"] for p in pkgs]
    sizes = [p["installed_kib"] for p in pkgs]
    # Bits: 1 = in debian:<release>-slim (minbase), 2 = in python:3.x-slim-<release>, 4 = in python:3.x-<release>.
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
    sections = {
        # Base bits per package: 1 = in debian:<release>(-slim), 2 = in python:3.x-slim-<release>,
        # 4 = in python:3.x-<release> (the sets nest). Depends/Pre-Depends are the hard edges.
        f"apt.{release}": blob(names, [sizes], edges, hard, flags),
        f"apt.{release}.about": tsv([["release", d["release"]], ["generated", d["generated"]],
                                     ["lists_kib", str(kib(d.get("apt_lists_bytes", 0)))]]),
        # Names that resolve to another package (virtual packages, renames).
        f"apt.{release}.aliases": tsv([[a, b] for a, b in aliases]),
    }
    return sections, {f"apt_{release}_packages": len(pkgs), f"apt_{release}_requested": len(d["requested"])}


def pip_section() -> tuple[dict[str, bytes], dict]:
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
    sections = {
        # Canonical (PEP 503) names, plus `name[extra]` entries whose edges add the extra's dependencies.
        # Columns: own (installed), pyc (bytecode), wheel (download cache), in KiB.
        "pip": blob(names, [[kib(nodes[n][k]) for n in names] for k in ("own", "pyc", "wheel")], edges, None, None),
        "pip.about": tsv([["python", d["python"]], ["platform", d["platform"]],
                          ["measured", d["measured"][-1] if d["measured"] else "unknown"]]),
        # Known but deliberately not measured (multi-GB downloads): reported as unknown.
        "pip.skipped": tsv([[name] for name in sorted(d["skipped"])]),
    }
    return sections, {"pip_dists": len(dists), "pip_entries": len(names), "pip_requested": len(d["requested"])}


def base_section() -> tuple[dict[str, bytes], dict]:
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
    # Sorted by reference; sizes are uncompressed (on disk), in KiB.
    table = tsv([[r["reference"], str(r["low_kib"]), str(r["high_kib"]), r["created"], r["source"]] for r in rows])
    return {"base-images": table}, {"base_images": len(rows)}


def pack(sections: dict[str, bytes]) -> bytes:
    """The knowledge pack:

    magic    b"DFLAB-KNOWLEDGE\\n", then varint format version (PACK_FORMAT)
    count    varint number of sections
    section  varint name length, name (ASCII), varint data length, data
    Sections: `about`, `base-images`, per Debian release `apt.<release>` + `apt.<release>.about` +
    `apt.<release>.aliases`, `pip` + `pip.about` + `pip.skipped`.
    Text sections are UTF-8 rows of tab-separated cells; `apt` and `pip` are tables laid out by `blob()`.
    """
    out = bytearray(b"DFLAB-KNOWLEDGE\n" + varint(PACK_FORMAT) + varint(len(sections)))
    for name, data in sections.items():
        out += varint(len(name)) + name.encode() + varint(len(data)) + data
    return bytes(out)


def main() -> None:
    sections: dict[str, bytes] = {}
    stats: dict = {}
    for section in (base_section, apt_section, pip_section):
        data, s = section()
        sections.update(data)
        stats.update(s)
    # The pack's date is that of its newest table, so regenerating unchanged data gives the same bytes.
    dates = [row.split("\t")[1] for name in (*(f"apt.{r}.about" for r in APT_RELEASES), "pip.about")
             for row in sections[name].decode().splitlines()
             if row.split("\t")[0] in ("generated", "measured")]
    sources = [["generated", max(dates)],
               ["made by", "scripts/sizes/gen_tables.py from crates/core/data/ (see docs/size-data.md)"]]
    data = pack({"about": tsv(sources), **sections})
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data)} bytes): {stats}")


if __name__ == "__main__":
    main()
