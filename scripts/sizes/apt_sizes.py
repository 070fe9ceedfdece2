#!/usr/bin/env python3
"""Debian package size graph for the static layer-size estimate (issue 6).

Reads Debian's `Packages` indexes of one release (`--release bookworm` or `trixie`: main + updates +
security, amd64), downloaded from the mirror apt is configured with (cached under
$DFLAB_SIZES_CACHE/apt) or, with --lists, from apt's own lists in /var/lib/apt/lists, and writes
crates/core/data/apt-<release>.json:

  * `packages`: for every package reachable from the requested names (following Depends,
    Pre-Depends and Recommends), its Installed-Size (KiB), its resolved hard dependencies and its
    resolved recommendations, and whether it is part of a base image set;
  * `bases`: the package sets of `python:3.x-slim-bookworm` and `python:3.x-bookworm`, with the
    basis of each;
  * `requested`: the names asked for (built-in list + `apt-get install` lines found in
    /work/shared/conformance/**/Dockerfile*).

Dependency resolution follows apt closely enough for sizes: version constraints and
architecture qualifiers are ignored; for `a | b`, an alternative already in the slim base set wins,
otherwise the first alternative that exists (as a real package or through Provides); a virtual
package resolves to a provider in the base set, else to the preferred or first provider.
The closure of a set of packages is then a graph walk done at run time by the Rust lookup, which
subtracts the chosen base set so nothing is counted twice.

Python 3.11+ stdlib only.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import lzma
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "crates" / "core" / "data"
CACHE = Path(os.environ.get("DFLAB_SIZES_CACHE", Path.home() / ".cache" / "dflab-sizes")) / "apt"
CONFORMANCE = Path(os.environ.get("DFLAB_CONFORMANCE", "/work/shared/conformance"))
# The repository's own corpus of real Dockerfiles (tests/conformance/public/ and the python images).
REPO_CONFORMANCE = ROOT / "tests" / "conformance"
RELEASES = {"bookworm": "Debian 12 bookworm", "trixie": "Debian 13 trixie"}


def suites(release: str) -> tuple[str, str, str]:
    return (release, f"{release}-updates", f"{release}-security")


def mirror_indexes(release: str) -> list[str]:
    """The release's main amd64 Packages.xz URLs of the mirrors apt is configured with (deb822
    `/etc/apt/sources.list.d/*.sources` or one-line `sources.list`), or of $DFLAB_DEBIAN_MIRRORS
    (`URI SUITE` pairs separated by commas). A mirror configured for any release serves every release
    under the same paths, so its URI is used for the asked one."""
    pairs: list[tuple[str, str]] = []
    env = os.environ.get("DFLAB_DEBIAN_MIRRORS")
    if env:
        pairs = [tuple(x.split()) for x in env.split(",") if x.strip()]  # type: ignore[misc]
    else:
        for f in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
            for block in f.read_text().split("\n\n"):
                fields = dict(re.findall(r"^(\w[\w-]*):\s*(.*)$", block, re.M))
                if "main" not in fields.get("Components", "").split():
                    continue
                for uri in fields.get("URIs", "").split():
                    pairs += [(uri, suite) for suite in fields.get("Suites", "").split()]
        for f in [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*.list"))]:
            if f.exists():
                for m in re.finditer(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+(\S+)\s+.*\bmain\b", f.read_text(), re.M):
                    pairs.append((m.group(1), m.group(2)))
    main, security = suites(release)[0], suites(release)[2]
    urls = []
    for uri, suite in pairs:
        if not suite.split("-")[0] in RELEASES:
            continue
        kinds = [security] if suite.endswith("-security") else [main, f"{release}-updates"]
        urls += [f"{uri.rstrip('/')}/dists/{kind}/main/binary-amd64/Packages.xz" for kind in kinds]
    if not urls:
        sys.exit(f"no Debian mirror configured for apt (set DFLAB_DEBIAN_MIRRORS='URI SUITE, ...')")
    return list(dict.fromkeys(urls))

# What Dockerfiles commonly `apt-get install` (build toolchains, database clients and headers,
# utilities, servers, media and browser packages).
REQUESTED = """
build-essential gcc g++ make cmake pkg-config autoconf automake libtool curl wget ca-certificates
git git-lfs gnupg gnupg2 dirmngr unzip zip xz-utils bzip2 tar tini gosu dumb-init locales tzdata
vim vim-tiny nano less netcat-openbsd netcat-traditional iputils-ping dnsutils net-tools procps
htop openssh-client openssh-server sudo rsync jq nginx nginx-light apache2 supervisor cron
ffmpeg graphviz imagemagick chromium chromium-driver firefox-esr xvfb fonts-liberation
fonts-noto-color-emoji libgl1 libgl1-mesa-glx libglib2.0-0 libsm6 libxext6 libxrender1
libfontconfig1 libnss3 libgbm1 libasound2 libatk-bridge2.0-0 libgtk-3-0 libx11-xcb1
libpq-dev libpq5 postgresql-client default-libmysqlclient-dev default-mysql-client
mariadb-client libmariadb-dev libmariadb3 libsqlite3-dev sqlite3 redis-tools libffi-dev
libssl-dev libssl3 openssl python3 python3-dev python3-pip python3-venv python3-setuptools
python-is-python3 libxml2-dev libxslt1-dev libxml2 libxslt1.1 libjpeg-dev libjpeg62-turbo
libpng-dev zlib1g-dev libgomp1 libopenblas-dev libopenblas0 liblapack-dev gfortran libblas-dev
libgeos-dev libproj-dev gdal-bin libgdal-dev libmagic1 libmagic-dev poppler-utils tesseract-ocr
ghostscript libreoffice-core pandoc texlive-latex-base wkhtmltopdf libcairo2 libcairo2-dev
libpango-1.0-0 libpangocairo-1.0-0 libgdk-pixbuf2.0-0 shared-mime-info libldap2-dev
libsasl2-dev libkrb5-dev libcurl4-openssl-dev libcurl4 libevent-dev libyaml-dev libbz2-dev
liblzma-dev libreadline-dev libncurses5-dev libncursesw5-dev tk-dev uuid-dev libsnappy-dev
libzstd-dev libmemcached-dev libboost-all-dev libeigen3-dev libhdf5-dev libusb-1.0-0
default-jre-headless default-jdk-headless openjdk-17-jre-headless nodejs npm golang-go
ruby ruby-dev perl php-cli lsb-release software-properties-common apt-transport-https
gettext-base gettext file patch bash-completion iproute2 telnet tcpdump strace gdb valgrind
libcap2-bin acl attr mime-support media-types fontconfig xauth dbus systemd libsystemd0 udev
"""

SLIM_PYTHON_INSTALLS = ["ca-certificates", "netbase", "tzdata"]
# Shared libraries /usr/local/bin/python3 and its extension modules link against; the python
# slim Dockerfile keeps them with `apt-mark manual` after `ldd` (tkinter excluded).
SLIM_PYTHON_RUNTIME_LIBS = [
    "libbz2-1.0", "libc6", "libcrypt1", "libdb5.3", "libexpat1", "libffi8", "libgdbm6", "libgdbm-compat4",
    "liblzma5", "libncursesw6", "libnsl2", "libreadline8", "libsqlite3-0", "libssl3", "libtinfo6",
    "libtirpc3", "libuuid1", "zlib1g",
]
# buildpack-deps:bookworm (parent of python:3.x-bookworm): its three Dockerfiles (curl, scm, full)
# as published in the docker-library buildpack-deps repository; python:3.x-bookworm then adds
# libbluetooth-dev tk-dev uuid-dev.
BUILDPACK_DEPS = """
ca-certificates curl gnupg netbase sq wget
git mercurial openssh-client subversion procps
autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev
libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev
libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev
libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev
libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch
unzip xz-utils zlib1g-dev
""".split()
FULL_PYTHON_INSTALLS = ["libbluetooth-dev", "tk-dev", "uuid-dev"]

# Virtual package -> provider apt would pick in a container (first match that exists wins).
PREFERRED_PROVIDERS = {
    "awk": "mawk", "c-compiler": "gcc", "c++-compiler": "g++", "mail-transport-agent": "exim4-daemon-light",
    "java-runtime-headless": "default-jre-headless", "java2-runtime-headless": "default-jre-headless",
    "httpd": "nginx", "x-terminal-emulator": "xterm", "default-dbus-session-bus": "dbus-user-session",
    "dbus-session-bus": "dbus-user-session", "libgl1-mesa-glx": "libgl1",
    "libmysqlclient-dev": "default-libmysqlclient-dev", "python3-pip": "python3-pip",
    "fonts-freefont": "fonts-freefont-ttf", "www-browser": "lynx", "ttf-bitstream-vera": "fonts-dejavu-core",
    "gnupg2": "gnupg2", "emacsen": "emacs-nox", "linux-kernel-headers": "linux-libc-dev",
    "systemd-sysusers": "systemd", "logind": "libpam-systemd", "default-logind": "libpam-systemd",
    "libgdk-pixbuf2.0-0": "libgdk-pixbuf-2.0-0", "libgl1-mesa-dri": "libgl1-mesa-dri",
}


def fetch(url: str) -> str:
    CACHE.mkdir(parents=True, exist_ok=True)
    dest = CACHE / re.sub(r"[^A-Za-z0-9.]+", "_", url.split("://", 1)[1])
    if not dest.exists():
        print(f"downloading {url}", flush=True)
        with urllib.request.urlopen(url, timeout=120) as resp:  # noqa: S310 - fixed Debian mirror URL
            dest.write_bytes(resp.read())
    return lzma.decompress(dest.read_bytes()).decode("utf-8", "replace")


def read_lists() -> list[str]:
    texts = []
    for f in sorted(Path("/var/lib/apt/lists").glob("*_binary-amd64_Packages*")):
        if f.suffix == ".lz4":
            texts.append(subprocess.run(["lz4", "-dc", str(f)], capture_output=True, check=True).stdout.decode())
        else:
            texts.append(f.read_text())
    return texts


def _order(c: str) -> int:
    if c == "~":
        return -1
    if c.isalpha():
        return ord(c)
    return ord(c) + 256 if c else 0


def _cmp_part(a: str, b: str) -> int:
    """dpkg's comparison of an upstream version or revision."""
    while a or b:
        na = re.match(r"[^0-9]*", a).group()
        nb = re.match(r"[^0-9]*", b).group()
        for i in range(max(len(na), len(nb))):
            x = _order(na[i] if i < len(na) else "")
            y = _order(nb[i] if i < len(nb) else "")
            if x != y:
                return -1 if x < y else 1
        a, b = a[len(na):], b[len(nb):]
        da = re.match(r"[0-9]*", a).group()
        db = re.match(r"[0-9]*", b).group()
        if int(da or 0) != int(db or 0):
            return -1 if int(da or 0) < int(db or 0) else 1
        a, b = a[len(da):], b[len(db):]
    return 0


def version_cmp(a: str, b: str) -> int:
    """Compare two Debian versions like `dpkg --compare-versions`."""
    def split(v: str) -> tuple[int, str, str]:
        epoch, _, rest = v.rpartition(":") if ":" in v else ("0", "", v)
        upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "0")
        return int(epoch or 0), upstream, revision
    ea, ua, ra = split(a)
    eb, ub, rb = split(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _cmp_part(ua, ub) or _cmp_part(ra, rb)


def parse(text: str) -> dict[str, dict]:
    pkgs: dict[str, dict] = {}
    for stanza in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in stanza.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" in fields:
            pkgs[fields["Package"]] = fields
    return pkgs


def groups(field: str | None) -> list[list[str]]:
    """'a (>= 1) | b:any, c [amd64]' -> [['a', 'b'], ['c']] (versions and arch qualifiers dropped)."""
    out = []
    for group in (field or "").split(","):
        alts = []
        for alt in group.split("|"):
            name = re.sub(r"\(.*?\)|\[.*?\]|<.*?>", "", alt).strip().split(":")[0].strip()
            if name:
                alts.append(name)
        if alts:
            out.append(alts)
    return out


class Resolver:
    def __init__(self, pkgs: dict[str, dict]):
        self.pkgs = pkgs
        self.providers: dict[str, list[str]] = {}
        for name, f in pkgs.items():
            for alts in groups(f.get("Provides")):
                for virt in alts:
                    self.providers.setdefault(virt, []).append(name)
        self.preferred: set[str] = set()

    def pick(self, name: str) -> str | None:
        provs = self.providers.get(name, [])
        if name in self.pkgs and (name in self.preferred or not any(p in self.preferred for p in provs)):
            return name
        for p in provs:  # a package the base already has that Provides the name satisfies it (lsb-base)
            if p in self.preferred:
                return p
        if name in self.pkgs:
            return name
        pref = PREFERRED_PROVIDERS.get(name)
        if pref in self.pkgs:
            return pref
        return sorted(provs)[0] if provs else None

    def resolve(self, field: str | None) -> list[str]:
        out: list[str] = []
        for alts in groups(field):
            chosen = None
            for a in alts:  # an alternative the base already has satisfies the group
                p = self.pick(a)
                if p and p in self.preferred:
                    chosen = p
                    break
            if chosen is None:
                for a in alts:
                    chosen = self.pick(a)
                    if chosen:
                        break
            if chosen and chosen not in out:
                out.append(chosen)
        return out

    def deps(self, name: str) -> list[str]:
        f = self.pkgs[name]
        return [d for d in self.resolve(f.get("Pre-Depends")) + self.resolve(f.get("Depends")) if d != name]

    def recs(self, name: str) -> list[str]:
        return [d for d in self.resolve(self.pkgs[name].get("Recommends")) if d != name]

    def closure(self, roots: list[str], recommends: bool = False) -> set[str]:
        seen: set[str] = set()
        stack = [r for r in (self.pick(x) for x in roots) if r]
        while stack:
            p = stack.pop()
            if p in seen:
                continue
            seen.add(p)
            stack += self.deps(p)
            if recommends:
                stack += self.recs(p)
        return seen


def scan_conformance() -> list[str]:
    names: list[str] = []
    for f in sorted([*CONFORMANCE.rglob("*"), *REPO_CONFORMANCE.rglob("*")]):
        if not f.is_file() or "Dockerfile" not in f.name or "windows" in f.name:
            continue
        text = re.sub(r"\\\r?\n", " ", f.read_text(errors="replace"))
        for m in re.finditer(r"\bapt(?:-get)?\s+(?:-\S+\s+)*install\b([^;&|\n]*)", text):
            for word in m.group(1).split():
                if word.startswith("-") or "$" in word or "/" in word or word in ("\\",):
                    continue
                word = word.split("=")[0]
                if re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", word) and word not in names:
                    names.append(word)
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lists", action="store_true", help="read /var/lib/apt/lists instead of the mirror")
    ap.add_argument("--release", choices=sorted(RELEASES), default="bookworm")
    args = ap.parse_args()
    release = args.release
    out_path = DATA / f"apt-{release}.json"
    pkgs: dict[str, dict] = {}
    indexes = [] if args.lists else mirror_indexes(release)
    texts = read_lists() if args.lists else [fetch(u) for u in indexes]
    for t in texts:  # main, updates, security: keep the newest version of each package
        for name, fields in parse(t).items():
            if name not in pkgs or version_cmp(fields.get("Version", "0"), pkgs[name].get("Version", "0")) > 0:
                pkgs[name] = fields
    r = Resolver(pkgs)
    required = sorted(n for n, f in pkgs.items()
                      if f.get("Essential") == "yes" or f.get("Priority") == "required")
    # debian:<release>-slim is debootstrap's minbase variant: Priority required (+ Essential) and apt.
    # debootstrap picks usr-is-merged (not usrmerge) for init-system-helpers' `usrmerge | usr-is-merged`.
    r.preferred = set(required) | {"usr-is-merged"}
    debian_slim = r.closure(required + ["apt", "usr-is-merged"])
    r.preferred = set(debian_slim)
    slim = r.closure(sorted(debian_slim) + SLIM_PYTHON_INSTALLS + SLIM_PYTHON_RUNTIME_LIBS)
    r.preferred = set(slim)
    full = r.closure(sorted(slim) + BUILDPACK_DEPS + FULL_PYTHON_INSTALLS)
    conformance = scan_conformance()
    requested = list(dict.fromkeys(REQUESTED.split() + conformance))
    present = [n for n in requested if r.pick(n)]
    missing = [n for n in requested if not r.pick(n)]
    # Nodes: everything reachable with recommends.  The walk stops at debian:bookworm-slim's packages:
    # their closure is inside every base by construction, so their edges are not needed at run time.
    nodes: set[str] = set()
    stack = [r.pick(n) for n in present]
    while stack:
        p = stack.pop()
        if p in nodes:
            continue
        nodes.add(p)
        if p in debian_slim:
            continue
        stack += r.deps(p) + r.recs(p)
    packages = []
    for n in sorted(nodes):
        base = "debian" if n in debian_slim else "slim" if n in slim else "full" if n in full else ""
        packages.append({
            "name": n,
            "version": pkgs[n].get("Version", ""),
            "installed_kib": int(pkgs[n].get("Installed-Size", "0") or 0),
            "base": base,
            "depends": [] if base == "debian" else r.deps(n),
            "recommends": [] if base == "debian" else r.recs(n),
        })
    aliases = {n: r.pick(n) for n in present if r.pick(n) != n}
    size = lambda s: sum(int(pkgs[n].get("Installed-Size", "0") or 0) for n in s)  # noqa: E731
    # What `apt-get update` leaves in /var/lib/apt/lists when a RUN does not remove it: the Debian
    # images keep the indexes compressed (lz4), so measure apt's own lists on this bookworm machine.
    lists = [f for f in Path("/var/lib/apt/lists").glob("*") if f.is_file()
             and (f.name.endswith("_InRelease") or "binary-amd64_Packages" in f.name)
             and f"_{release}" in f.name]
    lists_bytes = sum(f.stat().st_size for f in lists)
    out = {
        "about": "Debian package Installed-Size graph, generated by scripts/sizes/apt_sizes.py",
        "release": f"{RELEASES[release]} (main, {release}-updates, {release}-security), amd64",
        # Recorded without the mirror's host: any Debian mirror serves the same paths.
        "sources": [re.sub(r"^.*?/dists/", "dists/", u) for u in indexes] if indexes
        else ["/var/lib/apt/lists (apt-get update)"],
        "generated": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d"),
        "units": "KiB (dpkg Installed-Size)",
        "bases": {
            "debian-slim": {"basis": "Priority: required + Essential: yes + apt + usr-is-merged, with dependency closure "
                                     f"(debootstrap minbase, what debian:{release}-slim ships)",
                            "packages": len(debian_slim), "installed_kib": size(debian_slim),
                            "names": sorted(debian_slim)},
            "slim": {"basis": f"debian:{release}-slim + ca-certificates netbase tzdata (python slim Dockerfile) + "
                              "the shared libraries python links against, with closure",
                     "packages": len(slim), "installed_kib": size(slim), "names": sorted(slim)},
            "full": {"basis": f"slim + buildpack-deps:{release}'s curl, scm and full package lists + libbluetooth-dev "
                              "tk-dev uuid-dev (python full Dockerfile), with closure, no recommends",
                     "packages": len(full), "installed_kib": size(full), "names": sorted(full)},
        },
        "apt_lists_bytes": lists_bytes,
        "apt_lists_basis": f"size of /var/lib/apt/lists/*_{release}*{{InRelease,Packages.lz4}} after apt-get update "
                           "on this machine" if lists_bytes else "unknown",
        "requested": present,
        "from_conformance": conformance,
        "not_in_release": missing,
        "aliases": aliases,
        "packages": packages,
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {out_path.relative_to(ROOT)}: {len(packages)} packages ({len(present)} requested, "
          f"{len(missing)} not in {release}: {' '.join(missing)}); bases: debian-slim {len(debian_slim)} "
          f"pkgs {size(debian_slim)} KiB, slim {len(slim)} pkgs {size(slim)} KiB, full {len(full)} pkgs "
          f"{size(full)} KiB")


if __name__ == "__main__":
    main()
