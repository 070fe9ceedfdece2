#!/usr/bin/env python3
"""How much of the layer estimate knows sizes, on real Dockerfiles: issue #16's coverage figures.

For the real files of `tests/conformance/` (the public Dockerfiles and the official python images), from
`dflab layers --format json` (no context files: the corpus has none):
  - stages built on an official Docker Hub image (`python`, `node:22-slim`, `library/golang`...): how many have a
    known base size;
  - stages built on another stage whose size is known: how many have a known base size (they should all);
  - RUN layers: how many have a size model (a size, not "unknown", and nothing left uncounted), and what the
    others are, by the first words of their basis.

Usage: scripts/sizes/coverage.py [--dflab target/native/dflab] [--top 15]
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "conformance"
REAL_FOLDERS = ("public", "docker-library-python")


def official(reference: str) -> str | None:
    """The official image's name when `reference` is a Docker Hub library image, else None."""
    name = reference.split("@")[0].split(":")[0]
    if name.startswith(("docker.io/library/", "library/")):
        name = name.split("library/", 1)[1]
    elif name.startswith("docker.io/"):
        name = name[len("docker.io/"):]
    # A template's placeholder (`REPLACE-ME`) or a variable is no image name.
    valid = name and name == name.lower() and "/" not in name and "$" not in name and "{" not in name
    return name if valid and name != "scratch" else None


def files():
    for folder in REAL_FOLDERS:
        for path in sorted((CORPUS / folder).rglob("*")):
            if path.is_file() and path.suffix != ".md":
                yield path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dflab", default=str(ROOT / "target" / "native" / "dflab"))
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    on_official = known_official = 0
    on_known_stage = known_on_stage = on_stage = 0
    runs = modelled = 0
    unknown_images = collections.Counter()
    unmodelled = collections.Counter()
    for path in files():
        output = subprocess.run(
            [args.dflab, "layers", "--format", "json", "--no-context", str(path)], capture_output=True, text=True
        )
        if output.returncode != 0 or not output.stdout.strip():
            continue
        stages = json.loads(output.stdout)["before"]["stages"]
        known_by_name = {}
        for stage in stages:
            base = stage["base"]
            reference = base.get("reference") or ""
            known = base.get("size") is not None
            parent_known = known_by_name.get(reference.lower())
            if parent_known is not None:
                on_stage += 1
                on_known_stage += parent_known
                known_on_stage += parent_known and known
            elif official(reference):
                on_official += 1
                known_official += known
                if not known:
                    unknown_images[reference.split("@")[0]] += 1
            stage_known = known and all(layer.get("size") is not None for layer in stage["layers"])
            for key in (stage.get("name"), str(stage["index"])):
                if key:
                    known_by_name[key.lower()] = stage_known
            for layer in stage["layers"]:
                if layer["keyword"] != "RUN" or not layer["creates_layer"]:
                    continue
                runs += 1
                basis = layer.get("basis") or ""
                # A size of 0 for commands the estimate has no model of, or for packages left uncounted, is
                # no size model.
                unmodelled_basis = basis.startswith("no size model") or any(
                    words in basis for words in ("not counted", "do not cover")
                )
                if layer.get("size") is not None and not unmodelled_basis:
                    modelled += 1
                else:
                    unmodelled[re.split(r"[:;(]", basis)[0].strip()[:60] or "(no basis)"] += 1
    pct = lambda part, whole: f"{part} of {whole} ({100 * part / whole:.0f}%)" if whole else "none"
    print(f"stages on an official image with a known base size: {pct(known_official, on_official)}")
    print(f"stages on a known stage with a known base size: {pct(known_on_stage, on_known_stage)} "
          f"({on_stage - on_known_stage} more stages are built on a stage of unknown size)")
    print(f"RUN layers with a size model: {pct(modelled, runs)}")
    print(f"\nofficial images whose size is unknown (top {args.top}):")
    for image, count in unknown_images.most_common(args.top):
        print(f"  {count:4}  {image}")
    print(f"\nRUN layers without a size model, by basis (top {args.top}):")
    for basis, count in unmodelled.most_common(args.top):
        print(f"  {count:4}  {basis}")


if __name__ == "__main__":
    main()
