#!/usr/bin/env python3
"""Facts about official base images for the image model (issue 15): which programs are on PATH, which
users exist, the OS release, the package manager, the shell behind /bin/sh and where Python lives.

Sources (recorded in the output with their dates):
  * ../shared/knowledge/base-images/<image>/<tag>.json: package lists, env and CMD per tag, extracted from
    docker-library/repo-info `repos/<image>/local/<tag>.md` (each file names the repo-info commit read);
  * Debian's `Contents-amd64` and `Contents-all` indexes for bookworm and trixie (main), from the Debian mirror apt is
    configured with (cached under $DFLAB_SIZES_CACHE/contents): which package installs which program
    (a file directly under bin/, sbin/, usr/bin/, usr/sbin/);
  * what the images' own Dockerfiles add outside dpkg (docker-library/python: python3, pip3 and their
    unversioned links in /usr/local/bin; docker-library/node: node, npm, npx, corepack, yarn and the
    `node` user), declared below with the file they come from.

Programs kept: those installed by a package of any base image, of the apt table's requested packages
or of the packages the conformance Dockerfiles install (crates/core/data/apt-bookworm.json): the programs
a Dockerfile is likely to call. A program not kept is unknown to the model, never reported missing.

Writes crates/core/data/image-facts.json and crates/core/src/knowledge/image-facts.txt (what the core embeds).
Python 3.11+ stdlib only.
"""
from __future__ import annotations

import collections
import datetime as _dt
import gzip
import json
import os
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACTS = Path(os.environ.get("DFLAB_BASE_FACTS", ROOT.parent / "shared" / "knowledge" / "base-images"))
CACHE = Path(os.environ.get("DFLAB_SIZES_CACHE", Path.home() / ".cache" / "dflab-sizes")) / "contents"
MIRROR = os.environ.get("DFLAB_DEBIAN_MIRROR", "http://deb.debian.org/debian")
OUT_JSON = ROOT / "crates" / "core" / "data" / "image-facts.json"
OUT_RS = ROOT / "crates" / "core" / "src" / "knowledge" / "image-facts.txt"
RELEASES = ("bookworm", "trixie")
BIN_DIRS = ("bin/", "sbin/", "usr/bin/", "usr/sbin/")

# Users of Debian's base-passwd (`/usr/share/base-passwd/passwd.master`, bookworm 3.6.1 and trixie 3.6.7):
# the same names in both; every Debian, Ubuntu and python/node image starts from them.
DEBIAN_USERS = ["root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy",
                "www-data", "backup", "list", "irc", "_apt", "nobody"]
# Alpine's alpine-baselayout `/etc/passwd` (3.7).
ALPINE_USERS = ["root", "bin", "daemon", "lp", "sync", "shutdown", "halt", "mail", "news", "uucp", "cron",
                "ftp", "sshd", "games", "ntp", "guest", "nobody"]

# Programs the images' Dockerfiles install outside dpkg, with where that is written.
PYTHON_EXTRAS = "docker-library/python Dockerfile-linux.template: make altinstall + links in /usr/local/bin"
UV_EXTRAS = "docs.astral.sh/uv/guides/integration/docker: derived images have uv and uvx in /usr/local/bin"
NODE_EXTRAS = "docker-library/node Dockerfile-debian.template: node tarball, yarn tarball, docker-entrypoint.sh"


def python_programs(version: str) -> list[str]:
    names = ["python", "python3", f"python{version}", "pip", "pip3", f"pip{version}", "pydoc", "pydoc3",
             f"pydoc{version}", "idle", "idle3", f"idle{version}", "python-config", "python3-config",
             f"python{version}-config"]
    minor = int(version.split(".")[1])
    if minor <= 11:
        names.append("wheel")  # setuptools and wheel were preinstalled up to 3.11
    if minor <= 12:
        names.append("2to3")
    return names


NODE_PROGRAMS = ["node", "nodejs", "npm", "npx", "corepack", "yarn", "yarnpkg", "docker-entrypoint.sh"]

# Alpine: no Contents index is reachable from these machines, so programs are known only for this declared
# set: each is absent from the python/alpine images' package lists (BusyBox provides no applet of that
# name) and comes from the apk packages listed. Every other program on Alpine is unknown.
ALPINE_PROGRAMS = {
    "bash": ["bash"],
    "curl": ["curl"],
    "git": ["git"],
    "gcc": ["gcc", "build-base"],
    "g++": ["g++", "build-base"],
    "make": ["make", "build-base"],
    "apt-get": [],
    "apt": [],
    "useradd": ["shadow"],
    "groupadd": ["shadow"],
    "sudo": ["sudo"],
}


# Packages Dockerfiles commonly install that the apt table's lists may lack; their programs are kept too.
COMMON_PACKAGES = [
    "python3-pip", "python3-venv", "python-is-python3", "postgresql-client", "default-mysql-client", "redis-tools",
    "npm", "nodejs", "netcat-openbsd", "procps", "iputils-ping", "dnsutils", "iproute2", "net-tools",
    "openssh-client", "vim", "nano", "less", "unzip", "zip", "xz-utils", "bzip2", "file", "patch", "rsync", "jq",
    "gettext-base", "tini", "gosu", "sudo", "git", "curl", "wget", "make", "gcc", "g++", "build-essential", "cmake",
    "pkg-config", "gnupg", "cron", "postgresql-client-common", "dnf", "zypper", "nginx", "apache2-utils", "sqlite3", "default-jre-headless", "golang-go",
]

# Names that exist only as update-alternatives links (not in Contents): the packages whose postinst makes them.
ALTERNATIVES = {
    "nc": ["netcat-openbsd", "netcat-traditional", "ncat"],
    "netcat": ["netcat-openbsd", "netcat-traditional"],
    "vi": ["vim", "vim-tiny", "nvi", "neovim"],
    "editor": ["vim", "vim-tiny", "nano", "nvi"],
    "java": ["default-jre-headless", "openjdk-17-jre-headless", "openjdk-21-jre-headless"],
    "go": ["golang-go"],
}


# Versioned package families: a package name with its version replaced by `{}`. For each release, the versions
# its Packages index has: `apt-get install python3.12` on bookworm (which has python3.11 only) is known to fail.
VERSIONED = [
    r"python3\.{}", r"python3\.{}-dev", r"python3\.{}-venv", r"python3\.{}-minimal", r"python3\.{}-full",
    r"libpython3\.{}", r"libpython3\.{}-dev", r"openjdk-{}-jdk", r"openjdk-{}-jre", r"openjdk-{}-jdk-headless",
    r"openjdk-{}-jre-headless", r"postgresql-{}", r"postgresql-client-{}", r"postgresql-server-dev-{}", r"gcc-{}",
    r"g\+\+-{}", r"clang-{}", r"llvm-{}", r"lld-{}", r"libssl{}", r"libssl{}t64", r"libffi{}", r"libicu{}",
]
SUITES = {
    "bookworm": [("debian", "bookworm"), ("debian", "bookworm-updates"), ("debian-security", "bookworm-security")],
    "trixie": [("debian", "trixie"), ("debian", "trixie-updates"), ("debian-security", "trixie-security")],
}


def package_names(release: str) -> set[str]:
    """Every binary package of the release's main (with its updates and security suites), amd64, and every
    virtual package one of them provides."""
    import lzma
    names: set[str] = set()
    cache = CACHE.parent / "packages"
    cache.mkdir(parents=True, exist_ok=True)
    for archive, suite in SUITES[release]:
        path = cache / f"Packages-{suite}.xz"
        if not path.exists():
            base = MIRROR if archive == "debian" else MIRROR.replace("/debian", "/debian-security")
            url = f"{base}/dists/{suite}/main/binary-amd64/Packages.xz"
            print(f"downloading {url}", file=sys.stderr)
            with urllib.request.urlopen(url, timeout=120) as response:
                path.write_bytes(response.read())
        for line in lzma.decompress(path.read_bytes()).decode("utf-8", "replace").splitlines():
            if line.startswith("Package: "):
                names.add(line[9:].strip())
            elif line.startswith("Provides: "):
                # apt installs a virtual package's provider (`libssl3` is `libssl3t64` on trixie).
                names.update(p.strip().split(" ")[0] for p in line[10:].split(","))
    return names


def versioned_families() -> dict[str, dict[str, list[str]]]:
    """release -> template -> versions present (sorted numerically)."""
    import re
    out: dict[str, dict[str, list[str]]] = {}
    for release in RELEASES:
        names = package_names(release)
        families: dict[str, list[str]] = {}
        for template in VERSIONED:
            pattern = re.compile("^" + template.replace("{}", r"(\d+(?:\.\d+)?)") + "$")
            versions = sorted({m.group(1) for n in names if (m := pattern.match(n))}, key=lambda v: [int(x) for x in v.split(".")])
            families[template.replace("\\", "")] = versions
        out[release] = families
    return out


def contents(release: str) -> dict[str, set[str]]:
    """program -> packages that install it (the package name without its section), from the amd64 and the
    architecture-independent (`all`: pip, npm, ...) indexes."""
    providers: dict[str, set[str]] = collections.defaultdict(set)
    for arch in ("amd64", "all"):
        for program, packages in contents_of(release, arch).items():
            providers[program] |= packages
    return providers


def contents_of(release: str, arch: str) -> dict[str, set[str]]:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"Contents-{arch}-{release}.gz"
    if not path.exists():
        url = f"{MIRROR}/dists/{release}/main/Contents-{arch}.gz"
        print(f"downloading {url}", file=sys.stderr)
        with urllib.request.urlopen(url, timeout=120) as response, open(path.with_suffix(".part"), "wb") as out:
            out.write(response.read())
        path.with_suffix(".part").rename(path)
    providers: dict[str, set[str]] = collections.defaultdict(set)
    with gzip.open(path, "rt", errors="replace") as lines:
        for line in lines:
            file, _, locations = line.rstrip("\n").rpartition(" ")
            file = file.strip()
            directory = next((d for d in BIN_DIRS if file.startswith(d)), None)
            if directory is None or "/" in file[len(directory):]:
                continue
            for location in locations.split(","):
                providers[file[len(directory):]].add(location.rsplit("/", 1)[-1])
    return providers


def package_name(entry: str) -> str:
    return entry.split("=", 1)[0].split(":", 1)[0]


def image_key(image: str, tag: str, resolved: str) -> str | None:
    """The table key of a facts file: `python:3.12-slim-trixie` for python/3.14-slim (heading
    python:3.14.7-slim-trixie), `debian:trixie` for debian/13."""
    name, _, full = resolved.partition(":")
    if name == "python":
        version, _, rest = full.partition("-")
        line = ".".join(version.split(".")[:2])
        return f"python:{line}-{rest}" if rest else f"python:{line}"
    return resolved


def main() -> None:
    today = _dt.date.today().isoformat()
    apt = json.loads((ROOT / "crates/core/data/apt-bookworm.json").read_text())
    wanted = set(apt["requested"]) | set(apt["from_conformance"]) | set(COMMON_PACKAGES)
    providers: dict[str, set[str]] = collections.defaultdict(set)
    for release in RELEASES:
        for program, packages in contents(release).items():
            providers[program] |= packages
    for program, packages in ALTERNATIVES.items():
        providers[program] |= set(packages)

    images = []
    for path in sorted(FACTS.glob("*/*.json")):
        if path.name == "aliases.json":
            continue
        facts = json.loads(path.read_text())
        image = path.parent.name
        key = image_key(image, facts["tag"], facts["resolved"])
        if any(i["key"] == key for i in images):
            continue  # python/3.13-alpine and 3.13-alpine3.24 describe the same image
        packages = sorted({package_name(p) for p in facts["packages"]})
        tag = key.partition(":")[2]
        if facts["package_manager"] == "apk":
            os_name, release = "alpine", next(p for p in tag.split("-") if p.startswith("alpine")).removeprefix("alpine")
            wanted_here = set()
        else:
            if image == "ubuntu":
                os_name, release = "ubuntu", {"22.04": "jammy", "24.04": "noble"}[tag]
            else:
                os_name = "debian"
                release = "trixie" if ("trixie" in tag or tag.startswith("13")) else "bookworm"
            wanted_here = set(packages)
        users = list(ALPINE_USERS if os_name == "alpine" else DEBIAN_USERS)
        extras, extras_source = [], ""
        if image == "python":
            extras, extras_source = python_programs(facts["resolved"].split(":")[1].split("-")[0].rsplit(".", 1)[0]), PYTHON_EXTRAS
        elif image == "node":
            extras, extras_source = NODE_PROGRAMS, NODE_EXTRAS
            users.append("node")
        if image == "ubuntu" and tag == "24.04":
            users.append("ubuntu")  # ubuntu:24.04 ships a `ubuntu` user (uid 1000)
        wanted |= wanted_here
        images.append({
            "key": key,
            "resolved": facts["resolved"],
            "source": f"https://github.com/docker-library/repo-info/blob/{facts['commit']}/repos/{image}/local/{facts['tag']}.md",
            "created": facts["created"][:10],
            "os": os_name,
            "release": release,
            "package_manager": "apk" if facts["package_manager"] == "apk" else "apt",
            "packages": packages,
            "programs_outside_packages": extras,
            "programs_outside_packages_source": extras_source,
            "users": users,
            "env": facts["env"],
            "cmd": facts.get("cmd", []),
            "entrypoint": facts.get("entrypoint", []),
        })
    # uv's derived images: the python image of the same line with uv and uvx in /usr/local/bin
    # (docs.astral.sh/uv/guides/integration/docker, "derived images"; tags python3.X-<release>[-slim]).
    for image in list(images):
        name, _, tag = image["key"].partition(":")
        if name != "python" or image["os"] != "debian":
            continue
        line, _, rest = tag.partition("-")
        variant = rest.split("-")
        uv_tag = f"python{line}-{image['release']}" + ("-slim" if "slim" in variant else "")
        images.append({
            **image,
            "key": f"ghcr.io/astral-sh/uv:{uv_tag}",
            "programs_outside_packages": image["programs_outside_packages"] + ["uv", "uvx"],
            "programs_outside_packages_source": image["programs_outside_packages_source"] + "; " + UV_EXTRAS,
        })
    aliases = {}
    for path in sorted(FACTS.glob("*/aliases.json")):
        for alias, entry in json.loads(path.read_text())["aliases"].items():
            target = image_key(path.parent.name, alias, entry["resolved"])
            if any(i["key"] == target for i in images):
                aliases[f"{path.parent.name}:{alias}"] = target

    programs = {p: sorted(s) for p, s in providers.items() if s & wanted}
    # Other distributions' package managers: when no Debian package installs one, it is recorded with no
    # provider, so `apk add` on a Debian image is known to fail.
    for manager in ("apk", "yum", "dnf", "microdnf", "zypper"):
        if manager not in providers:
            programs[manager] = []
    programs = dict(sorted(programs.items()))
    # Keep, per image, only the packages that install a kept program: the rest do not change the answers.
    providing = set().union(*programs.values())
    for image in images:
        if image["package_manager"] == "apt":
            image["packages"] = [p for p in image["packages"] if p in providing]
    data = {
        "about": "Programs, users, OS and shell of official base images, for the image model (issue 15). "
                 "Generated by scripts/images/image_facts.py.",
        "generated": today,
        "sources": {
            "images": "docker-library/repo-info repos/<image>/local/<tag>.md, via ../shared/knowledge/base-images (each image names its commit)",
            "programs": [f"{MIRROR}/dists/{r}/main/Contents-{a}.gz" for r in RELEASES for a in ("amd64", "all")],
            "versioned_packages": "Packages indexes of bookworm/trixie main, -updates and -security (amd64), from the same mirror",
            "users": "Debian base-passwd passwd.master (bookworm 3.6.1, trixie 3.6.7); Alpine alpine-baselayout 3.7; docker-library/node (user node); ubuntu:24.04 (user ubuntu)",
        },
        "programs": programs,
        "versioned_packages": versioned_families(),
        "alpine_programs": ALPINE_PROGRAMS,
        "aliases": aliases,
        "images": images,
    }
    OUT_JSON.write_text(json.dumps(data, indent=1) + "\n")
    write_rust(data)
    print(f"{len(programs)} programs, {len(images)} images, {len(aliases)} aliases -> {OUT_JSON.relative_to(ROOT)}, {OUT_RS.relative_to(ROOT)}")


def write_rust(data: dict) -> None:
    """The tables the core compiles in, as one line-oriented text (`knowledge/image-facts.txt`), parsed on
    first use: string tables as Rust statics cost a pointer per name in the wasm, about twice the bytes."""
    out = [
        "# @generated by scripts/images/image_facts.py from crates/core/data/image-facts.json -- do not edit.",
        f"# {data['sources']['images']}; programs from Debian Contents-amd64/-all ({', '.join(RELEASES)}), generated {data['generated']}.",
        "# P program packages... | A program apk-packages... (Alpine) | L alias key | V release family-with-{} versions...",
        "# I key resolved source os release",
        "#   package-manager, then the image's lines: p packages | x programs outside packages | u users | e env | c cmd | n entrypoint",
    ]
    for program, packages in data["programs"].items():
        out.append(" ".join(["P", program, *packages]))
    for program, packages in sorted(data["alpine_programs"].items()):
        out.append(" ".join(["A", program, *packages]))
    for alias, key in sorted(data["aliases"].items()):
        out.append(f"L {alias} {key}")
    for release, families in data["versioned_packages"].items():
        for template, versions in families.items():
            out.append(" ".join(["V", release, template, *versions]))
    for image in sorted(data["images"], key=lambda i: i["key"]):
        out.append(" ".join(["I", image["key"], image["resolved"], image["source"], image["os"], image["release"], image["package_manager"]]))
        out.append(" ".join(["p", *image["packages"]]))
        out.append(" ".join(["x", *image["programs_outside_packages"]]))
        out.append(" ".join(["u", *image["users"]]))
        # env values and command words may hold spaces: tab-separated.
        out.append("\t".join(["e", *image["env"]]))
        out.append("\t".join(["c", *image["cmd"]]))
        out.append("\t".join(["n", *image["entrypoint"]]))
    OUT_RS.write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
