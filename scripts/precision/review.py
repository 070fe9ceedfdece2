#!/usr/bin/env python3
"""The precision review: how many of dflab's findings on real Dockerfiles are right.

A reproducible random sample of the findings on the real files of `tests/conformance/` (the public
Dockerfiles and the official python images), stratified so that every rule that fires is in it, is judged by
hand in `tests/precision/judgements.tsv`: `true` (right), `false` (wrong) or `context` (right in general,
wrong for this file: e.g. production advice on a development image), with a one-line reason. Wrong and
context-wrong findings both count against precision. `docs/precision.md` is generated from it.

Each file is checked as its user would check it: at its path in its repository (which tells a dev
container's `.devcontainer/Dockerfile` apart), with its build context's `.dockerignore` when the repository
has one (`tests/precision/dockerignore/`), and no other context files (the corpus has none).

Usage:
  scripts/precision/review.py --dflab target/native/dflab            # write docs/precision.md, list what to judge
  scripts/precision/review.py --dflab target/native/dflab --check    # fail when a judgement is missing or stale,
                                                                     # the doc is out of date, or precision < 0.98
A judgement is stale when its finding's message changed or the finding is gone: judge the sample again after
a rule change (the listing says which rows to add or drop).
"""
import argparse
import collections
import hashlib
import json
import math
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "conformance"
REAL_FOLDERS = ("public", "docker-library-python")
IGNORE_FILES = ROOT / "tests" / "precision" / "dockerignore"
JUDGEMENTS = ROOT / "tests" / "precision" / "judgements.tsv"
# Each review's totals, for the record of what the reviews found.
HISTORY = ROOT / "tests" / "precision" / "history.tsv"
# Findings an earlier review judged wrong and a rule change removed, with the fix: each must stay gone.
FIXED = ROOT / "tests" / "precision" / "fixed.tsv"
DOC = ROOT / "docs" / "precision.md"
SEED = "dflab-precision-1"
GOAL = 0.98
VERDICTS = ("true", "false", "context")
COLUMNS = ("file", "line", "column", "rule", "message", "verdict", "reason")


def original_paths() -> dict:
    """Corpus file (relative to tests/conformance) -> (repository, path in it)."""
    paths = {}
    for line in (CORPUS / "public" / "README.md").read_text().splitlines():
        match = re.match(r"\| (\S+) \| \[(\S+)\]\(.*?\) \| `\w+` \| `([^`]+)` \|", line)
        if match:
            paths[f"public/{match[1]}"] = (match[2], match[3])
    for path in sorted((CORPUS / "docker-library-python").rglob("*")):
        if path.is_file():
            relative = path.relative_to(CORPUS).as_posix()
            paths[relative] = ("docker-library/python", path.relative_to(CORPUS / "docker-library-python").as_posix())
    return paths


def findings(dflab: str) -> list:
    """Every finding on the real files, each with its corpus file."""
    found = []
    with tempfile.TemporaryDirectory() as scratch:
        for corpus_file, (repository, path) in sorted(original_paths().items()):
            checked = pathlib.Path(scratch) / repository / path
            checked.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CORPUS / corpus_file, checked)
            command = [dflab, "check", "--format", "json", "--no-context"]
            ignore = IGNORE_FILES / f"{corpus_file.removeprefix('public/')}.dockerignore"
            if ignore.is_file():
                command += ["--dockerignore", str(ignore)]
            output = subprocess.run(command + [str(checked)], capture_output=True, text=True)
            if output.returncode not in (0, 1):
                sys.exit(f"{dflab} failed on {corpus_file}: {output.stderr}")
            for line in output.stdout.splitlines():
                finding = json.loads(line)
                found.append(
                    {
                        "file": corpus_file,
                        "line": str(finding["line"]),
                        "column": str(finding["column"]),
                        "rule": finding["rule"],
                        "name": finding["name"],
                        "message": " ".join(finding["message"].split()),
                    }
                )
    return found


def key(finding: dict) -> tuple:
    return (finding["file"], finding["line"], finding["column"], finding["rule"])


def order(finding: dict) -> tuple:
    """A finding's place in the random order: a hash of where it is, so that the sample moves little when
    rules change elsewhere (the column only breaks ties on a line)."""
    place = f"{SEED}:{finding['file']}:{finding['line']}:{finding['rule']}"
    return (hashlib.sha256(place.encode()).hexdigest(), int(finding["column"]))


def sample(found: list) -> list:
    """Per rule, the first ⌈√n⌉ of its n findings in hash order: every rule that fires is in the
    sample, frequent rules with more findings, none swamping the rest."""
    by_rule = collections.defaultdict(list)
    for finding in found:
        by_rule[finding["rule"]].append(finding)
    chosen = []
    for rule, items in sorted(by_rule.items()):
        take = min(len(items), math.ceil(math.sqrt(len(items))))
        chosen.extend(sorted(items, key=order)[:take])
    return sorted(chosen, key=lambda f: (f["rule"], f["file"], int(f["line"])))


def read_judgements(path: pathlib.Path) -> dict:
    judged = {}
    if not path.exists():
        return judged
    lines = path.read_text().splitlines()
    if lines and tuple(lines[0].split("\t")) != COLUMNS:
        sys.exit(f"{path}:1: the header must be {COLUMNS}")
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            sys.exit(f"{path}:{number}: expected {len(COLUMNS)} tab-separated fields")
        row = dict(zip(COLUMNS, fields))
        if row["verdict"] not in VERDICTS:
            sys.exit(f"{path}:{number}: verdict must be one of {VERDICTS}")
        judged[key(row)] = row
    return judged


def render(chosen: list, judged: dict, fixed: dict, population: collections.Counter) -> str:
    rows = [judged[key(f)] for f in chosen]
    right = sum(r["verdict"] == "true" for r in rows)
    precision = right / len(rows)
    by_rule = collections.defaultdict(list)
    for row in rows:
        by_rule[row["rule"]].append(row)
    # Each rule's sample stands for all its findings: the population estimate weights it by their number.
    weighted = sum(population[rule] * sum(r["verdict"] == "true" for r in items) / len(items) for rule, items in by_rule.items())
    estimate = weighted / sum(population[rule] for rule in by_rule)
    out = [
        "# Precision on real Dockerfiles",
        "",
        "Generated by `scripts/precision/review.py` from the judgements in `tests/precision/judgements.tsv`.",
        "",
        f"The sample: {len(rows)} of the {sum(population.values())} findings dflab reports on the {len(original_paths())} real",
        "Dockerfiles of `tests/conformance/` (public repositories and the official python images), drawn at random",
        "(a fixed seed) per rule: ⌈√n⌉ of a rule's n findings, so that every rule that fires is judged. Each",
        "file is checked at its path in its repository, with its context's `.dockerignore` where there is one.",
        "A finding is judged `true` (right), `false` (wrong) or `context` (right in general, wrong for this",
        "file); both of the latter count against precision.",
        "",
        f"**Precision: {right} of {len(rows)} = {precision:.3f}** (goal ≥ {GOAL}); weighted by each rule's number",
        f"of findings, the estimate over all {sum(population.values())} findings is {estimate:.3f}.",
        "",
        "## Findings judged wrong",
        "",
    ]
    wrong = [r for r in rows if r["verdict"] != "true"]
    if wrong:
        out += ["| rule | file | line | verdict | why, and the fix or why it stays |", "|---|---|---|---|---|"]
        for r in wrong:
            out.append(f"| {r['rule']} | `{r['file']}` | {r['line']} | {r['verdict']} | {r['reason']} |")
    else:
        out.append("None in the sample.")
    if fixed:
        out += [
            "",
            "## Found wrong by earlier reviews, and fixed",
            "",
            f"{len(fixed)} findings an earlier sample judged wrong, each removed by the fix named; the check fails if",
            "one comes back (`tests/precision/fixed.tsv`).",
            "",
            "| rule | file | line | verdict | why, and the fix |",
            "|---|---|---|---|---|",
        ]
        for r in sorted(fixed.values(), key=lambda r: (r["rule"], r["file"], int(r["line"]))):
            out.append(f"| {r['rule']} | `{r['file']}` | {r['line']} | {r['verdict']} | {r['reason']} |")
    history = [line.split("\t") for line in HISTORY.read_text().splitlines()[1:] if line.strip()]
    if history:
        out += ["", "## Earlier reviews", "", "| date | judged | right | wrong | context-wrong | precision | note |", "|---|---|---|---|---|---|---|"]
        for date, judged_count, right_count, wrong_count, context_count, note in history:
            out.append(
                f"| {date} | {judged_count} | {right_count} | {wrong_count} | {context_count} | "
                f"{int(right_count) / int(judged_count):.3f} | {note} |"
            )
    out += ["", "## Per rule", "", "| rule | findings | judged | right | precision |", "|---|---|---|---|---|"]
    for rule, items in sorted(by_rule.items()):
        good = sum(r["verdict"] == "true" for r in items)
        out.append(f"| {rule} | {population[rule]} | {len(items)} | {good} | {good / len(items):.2f} |")
    out += ["", "## Every judgement", "", "| rule | file | line | verdict | reason |", "|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['rule']} | `{r['file']}` | {r['line']} | {r['verdict']} | {r['reason']} |")
    return "\n".join(out) + "\n", precision


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dflab", required=True)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    found = findings(args.dflab)
    population = collections.Counter(f["rule"] for f in found)
    chosen = sample(found)
    judged = read_judgements(JUDGEMENTS)
    fixed = read_judgements(FIXED)
    # A fixed finding is back when its rule reports on its line again (a message may change with the fix).
    reported = {(f["file"], f["line"], f["rule"]) for f in found}
    back = [row for row in fixed.values() if (row["file"], row["line"], row["rule"]) in reported]
    for row in back:
        print(f"a fixed finding is back: {row['file']}:{row['line']} {row['rule']} ({row['reason']})")
    current = {key(f): f for f in chosen}
    missing = [f for f in chosen if key(f) not in judged]
    changed = [f for f in chosen if key(f) in judged and judged[key(f)]["message"] != f["message"]]
    gone = [row for k, row in judged.items() if k not in current]
    for f in missing:
        print(f"to judge: {f['file']}:{f['line']}:{f['column']} {f['rule']} {f['message']}")
    for f in changed:
        print(f"stale (message now: {f['message']}): {f['file']}:{f['line']} {f['rule']}")
    for row in gone:
        print(f"stale (no longer sampled): {row['file']}:{row['line']} {row['rule']}")
    print(f"{len(found)} findings, {len(chosen)} sampled, {len(chosen) - len(missing) - len(changed)} judged and current")
    if back and args.check:
        sys.exit("findings fixed by an earlier review are reported again")
    if missing or changed or gone:
        if args.check:
            sys.exit("the precision review is out of date: judge the rows above in tests/precision/judgements.tsv")
        return
    text, precision = render(chosen, judged, fixed, population)
    print(f"precision {precision:.3f} on {len(chosen)} judged findings")
    if args.check:
        if DOC.read_text() != text:
            sys.exit("docs/precision.md is out of date: run scripts/precision/review.py without --check")
        if precision < GOAL:
            sys.exit(f"precision {precision:.3f} is below {GOAL}")
    else:
        DOC.write_text(text)


if __name__ == "__main__":
    main()
