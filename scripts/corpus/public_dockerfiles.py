#!/usr/bin/env python3
"""Copy the Dockerfiles of public repositories into `tests/conformance/public/`, with their sources.

The repositories are services, samples, templates, dev containers and official images people start from:
Python, Node, Go, Rust, Java and .NET apps, written by different hands. Each file is copied as it is at the
commit recorded in `README.md` (repository, commit, path in the repository, licence) in its README, so the corpus can be
rebuilt and every finding traced to its origin.

Usage: scripts/corpus/public_dockerfiles.py MIRROR_DIR
  MIRROR_DIR holds one bare or normal git clone per repository, named `owner+name` (e.g. `git clone --bare
  https://github.com/docker/awesome-compose docker+awesome-compose`); the commits below are checked out from it.
"""
import hashlib
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "conformance" / "public"
IGNORE_FILES = ROOT / "tests" / "precision" / "dockerignore"

# (repository, commit, licence, at most this many files: a reproducible sample by path hash when it has more).
REPOSITORIES = [
    ("docker/awesome-compose", "18f59bdb09ecf520dd5758fbf90dec314baec545", "CC0-1.0", None),
    ("devcontainers/images", "bed3eb260c3c0d78a95ba6a5c27af3601a44b3c8", "MIT", None),
    ("devcontainers/templates", "c1ca13c3ecd61ece026017bfababc041ed4d0440", "MIT", None),
    ("GoogleCloudPlatform/microservices-demo", "34ffea9175946982c3088ed84994fe6019ad6e92", "Apache-2.0", None),
    ("astral-sh/uv-docker-example", "00701a3361b9bdc896f8549fb9f890f99d115824", "MIT OR Apache-2.0", None),
    ("dockersamples/example-voting-app", "63e9150ca17af4ed05880d4245e486481f73fcb4", "Apache-2.0", None),
    ("fastapi/full-stack-fastapi-template", "68adb40d37425f6f8668ec7e5a054500d045e43e", "MIT", None),
    ("jupyter/docker-stacks", "8209386950497966c8a9aa446b9a84a5dd78eab5", "BSD-3-Clause", None),
    ("docker-library/golang", "7c8c182bfc19ee3169d0596ae63917d2c7166f94", "MIT", 8),
    ("docker-library/node", "a672ac6b898963aae94f25c5fb5cb64efd6c1ba4", "MIT", None),
    ("jessfraz/dockerfiles", "8ff991327fd1c68369c2fb576215d0eabffca0e1", "MIT", 60),
]

README = """# Public Dockerfiles

{count} Dockerfiles from public repositories, copied unchanged by `scripts/corpus/public_dockerfiles.py`:
services, samples, templates, dev containers and official images, by different authors. They are the
real-world files of the precision review (`docs/precision.md`; the `.dockerignore` of each one's build
context, where its repository has one, is in `tests/precision/dockerignore/`), and BuildKit's parse of each is
in `../buildkit-oracle.jsonl`.

| file | repository | commit | path | licence |
|---|---|---|---|---|
{rows}
"""

DOCKERFILE = re.compile(r"(^|/)(Dockerfile[^/]*|[^/]*\.[Dd]ockerfile)$")


def git(clone: pathlib.Path, *args: str) -> bytes:
    git_dir = clone / ".git" if (clone / ".git").is_dir() else clone
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout


def main() -> None:
    mirrors = pathlib.Path(sys.argv[1])
    rows = []
    for repo, commit, licence, cap in REPOSITORIES:
        clone = mirrors / repo.replace("/", "+")
        if (clone / "repo").exists():
            clone = clone / "repo"
        paths = [p for p in git(clone, "ls-tree", "-r", "--name-only", commit).decode().splitlines() if DOCKERFILE.search(p)]
        if cap is not None and len(paths) > cap:
            paths = sorted(paths, key=lambda p: hashlib.sha256(p.encode()).hexdigest())[:cap]
        folder = OUT / repo.replace("/", "__")
        folder.mkdir(parents=True, exist_ok=True)
        for path in sorted(paths):
            text = git(clone, "show", f"{commit}:{path}")
            name = path.replace("/", "__")
            if not re.search(r"[Dd]ockerfile", name.rsplit("__", 1)[-1]):
                name += ".Dockerfile"
            (folder / name).write_bytes(text)
            # The context's ignore file (the Dockerfile's folder is the context in these repositories), kept
            # apart so the corpus folder holds only Dockerfiles: the precision review passes it with
            # `--dockerignore`, as `docker build` would read it.
            directory = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
            try:
                ignore = git(clone, "show", f"{commit}:{directory}.dockerignore")
            except subprocess.CalledProcessError:
                ignore = None
            if ignore is not None:
                target = IGNORE_FILES / folder.name / f"{name}.dockerignore"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(ignore)
            rows.append(f"| {folder.name}/{name} | [{repo}](https://github.com/{repo}) | `{commit[:12]}` | `{path}` | {licence} |")
    (OUT / "README.md").write_text(README.format(count=len(rows), rows="\n".join(rows)))
    print(f"{len(rows)} files in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
