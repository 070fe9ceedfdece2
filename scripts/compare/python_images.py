#!/usr/bin/env python3
"""Review dflab's findings on the official `python` image Dockerfiles (docker-library/python).

Runs `dflab check --format json` on every file of `tests/conformance/docker-library-python/`, once with the
default rule set (what a user sees) and once with every rule selected (the opt-in pinning rules too), and
writes `docs/python-images-review.md`: per rule the number of findings and files, and the verdict from the
`VERDICTS` table below (correct / wrong / debatable, with the reasoning), every wrong finding with file:line
and what the rule should do instead, and the distinct messages behind each count. A rule without a verdict
is listed as "unreviewed", so rules merged later show up.

Usage: scripts/compare/python_images.py [--dflab target/debug/dflab] [--out docs/python-images-review.md]
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "conformance" / "docker-library-python"

# What the images are, for the reader of the review: the things a base image legitimately does.
CONTEXT = """\
These are base images: they legitimately run as root, have no HEALTHCHECK and no application CMD beyond
`python3`, install build dependencies and purge them in the same RUN (`apt-mark auto` + `apt-get purge
--auto-remove` on Debian, `apk add --no-cache --virtual .build-deps` + `apk del --no-network .build-deps` on
Alpine), verify the tarball by SHA-256 (and by GPG up to 3.13), and delete the apt lists with
`rm -rf /var/lib/apt/lists/*` (bookworm) or `apt-get dist-clean` (trixie). The question for each finding:
would a maintainer of these images call it wrong?
"""

# Verdict per rule code: (verdict, reasoning). verdict is "correct", "wrong" or "debatable".
VERDICTS = {
    "C007": (
        "debatable",
        "Factually right, and the same check `docker build` itself prints for these files (BuildKit's "
        "LegacyKeyValueFormat); the `key=value` rewrite is exact here, since every value is one word "
        "(`/usr/local/bin:$PATH`, `C.UTF-8`, key ids, versions, hashes). But the maintainers have declined "
        "this change on purpose: docker-library/docker#279 was closed by tianon (\"isn't a change we intend "
        "to make ... I don't understand the deprecation to begin with\"), and docker-library/ruby#465 got an "
        "\"openly -1\". They would dismiss it as churn rather than call it wrong. The explanation's main risk "
        "(`ENV A 1 B 2` setting `A` to `1 B 2`) needs a value with whitespace, which none of these has; only "
        "the deprecation remains. Since C007 is a warning and `--fail-on` defaults to warning, `dflab check` "
        "exits 1 on all 42 official Dockerfiles because of C007 alone. Suggestion for the rule owner (not a "
        "bug): report a one-word legacy value at info, keep warning for a value with whitespace (the real "
        "ambiguity).",
    ),
    "P018": (
        "correct",
        "The Debian variants (bookworm, trixie, full and slim) download the source tarball with GNU wget "
        "(from buildpack-deps, or the `wget` build dependency on slim), and in a build GNU wget has no TTY, "
        "so it falls back to the dot display: 50 KB per log line, some 400 lines for a `Python-*.tar.xz` of "
        "about 20 MB. The suggested `--progress=dot:giga` is exactly what the same maintainers use in "
        "the official golang image (`wget -O go.tgz \"$url\" --progress=dot:giga`). Alpine (BusyBox wget, no "
        "dot display) and Windows (Invoke-WebRequest) are rightly not reported. Detail: on 3.10-3.13 the "
        "message says \"(2 downloads)\" and the fix also edits the `python.tar.xz.asc` download, a ~1 KB "
        "signature that prints a single dot line; golang's maintainers add the option to the tarball only. "
        "Harmless, but counting only downloads that can be large (not `*.asc`, `*.sig`, `*.sha256`) would "
        "match their practice.",
    ),
    # Rules that are off by default (reported only with --select): reviewed for completeness.
    "B003": (
        "debatable",
        "Opt-in. True (`FROM debian:trixie-slim`, `buildpack-deps:bookworm`, `alpine:3.23`, "
        "`mcr.microsoft.com/windows/servercore:ltsc2022` carry no digest), but against these images' "
        "policy: docker-library rebuilds every image when its parent tag moves, so a digest pin would freeze "
        "the base and its security updates. Right to keep it off by default.",
    ),
    "P005": (
        "debatable",
        "Opt-in. True (no `=version` on any apt package), but the maintainers deliberately do not pin: "
        "Debian stable replaces versions with security updates and the old ones disappear from the archive, "
        "so pins break rebuilds; most of these packages are build dependencies purged in the same RUN. The "
        "package names are parsed right (no flag or variable taken for a package).",
    ),
    "P006": (
        "debatable",
        "Opt-in. Same as P005 for `apk add`; the virtual package names `.build-deps` and `.python-rundeps` "
        "are rightly not taken for packages, and the `xargs -rt apk add` of run-time `so:` dependencies is "
        "not reported.",
    ),
    "Y002": (
        "debatable",
        "Opt-in. 3.10 and 3.11 run `pip3 install 'setuptools==79.0.1' 'wheel<0.46'`: `wheel<0.46` is a "
        "range, not a pin, so the finding is factually right (hadolint's DL3013 accepts any operator and "
        "stays quiet). The bound is deliberate: wheel 0.46.0 removed `bdist_wheel` (docker-library/python"
        "#1023), and docker-library/python#1024 (\"Pin wheel to prevent breaking changes\") chose `<0.46` as "
        "the option \"least likely to break users\"; the maintainers call it a pin. They would not call the "
        "finding false, but would not act on it; it is rightly opt-in.",
    ),
}

# Wrong findings, each (rule, file, line) -> what the rule should do instead. None found at review.
WRONG = {}


def run(args):
    return subprocess.run(args, capture_output=True, text=True).stdout


def findings(dflab, files, select=None):
    out = []
    for path in files:
        args = [dflab, "check", "--format", "json"] + (["--select", select] if select else []) + [str(path)]
        for line in run(args).splitlines():
            finding = json.loads(line)
            finding["file"] = path.name
            out.append(finding)
    return out


def shape(message):
    """A message with its per-file values (hashes, versions, key ids) blanked, to group alike findings."""
    message = re.sub(r"\b[0-9a-f]{32,}\b", "<hash>", message)
    message = re.sub(r"\b[0-9A-F]{40}\b", "<key id>", message)
    return re.sub(r"\b3\.\d+\.\d+(?:[abrc]+\d+)?\b", "<version>", message)


def table(rules, found):
    by_rule = collections.defaultdict(list)
    for finding in found:
        by_rule[finding["rule"]].append(finding)
    lines = ["| rule | severity | findings | files | verdict | reasoning |", "|---|---|---|---|---|---|"]
    for code in sorted(by_rule, key=lambda c: (-len(by_rule[c]), c)):
        verdict, why = VERDICTS.get(code, ("unreviewed", ""))
        items = by_rule[code]
        lines.append(
            f"| {code} {rules[code]['name']} | {rules[code]['severity']} | {len(items)} "
            f"| {len({f['file'] for f in items})} | **{verdict}** | {why} |"
        )
    return lines, by_rule


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dflab", default=str(ROOT / "target" / "debug" / "dflab"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "python-images-review.md"))
    args = parser.parse_args()
    rules = {r["code"]: r for r in map(json.loads, run([args.dflab, "rules", "--format", "json"]).splitlines())}
    files = sorted(p for p in FOLDER.iterdir() if p.is_file())
    default = findings(args.dflab, files)
    everything = findings(args.dflab, files, ",".join(rules))
    opt_in = [f for f in everything if not rules[f["rule"]]["enabled"]]

    verdicts = collections.Counter(VERDICTS.get(f["rule"], ("unreviewed",))[0] for f in default)
    lines = [
        "# dflab on the official python images",
        "",
        f"Generated by `scripts/compare/python_images.py` from `dflab check --format json` on the {len(files)} "
        "Dockerfiles of",
        "`tests/conformance/docker-library-python/` (docker-library/python: 3.10 to 3.15-rc; bookworm, trixie,",
        "slim-bookworm, slim-trixie, alpine3.23, alpine3.24 and Windows Server Core variants).",
        "",
        CONTEXT,
        f"**Default rule set: {len(default)} findings, of {len({f['rule'] for f in default})} rules, in "
        f"{len({f['file'] for f in default})} of {len(files)} files; "
        + ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
        + f"; wrong: {sum(1 for f in default if (f['rule'], f['file'], f['line']) in WRONG)}.**",
        "",
        "## Verdict per rule (default rule set)",
        "",
    ]
    rows, by_rule = table(rules, default)
    lines += rows
    lines += ["", "## Wrong findings", ""]
    wrong = [f for f in default + opt_in if (f["rule"], f["file"], f["line"]) in WRONG]
    if wrong:
        lines += ["| rule | file:line | message | what the rule should do |", "|---|---|---|---|"]
        for f in wrong:
            lines.append(f"| {f['rule']} | {f['file']}:{f['line']} | {f['message']} | {WRONG[(f['rule'], f['file'], f['line'])]} |")
    else:
        lines.append("None: no finding on these files is one a maintainer of the images would call wrong. The two "
                     "debatable points are C007 as a whole (the maintainers reject the `key=value` churn) and the "
                     "`.asc` download counted by P018; neither states anything false.")
    lines += ["", "## Every finding, grouped (default rule set)", "",
              "Per rule, the distinct messages (hashes, key ids and versions blanked), how often each occurs and "
              "where.", "", "| rule | message | count | files (line) |", "|---|---|---|---|"]
    for code in sorted(by_rule):
        groups = collections.defaultdict(list)
        for f in by_rule[code]:
            groups[shape(f["message"])].append(f"{f['file']}:{f['line']}")
        for message, places in sorted(groups.items(), key=lambda g: -len(g[1])):
            shown = ", ".join(places[:3]) + (f", ... ({len(places) - 3} more)" if len(places) > 3 else "")
            lines.append(f"| {code} | {message.replace('|', chr(92) + '|')} | {len(places)} | {shown} |")
    lines += ["", "## Per file (default rule set)", "", "| file | " + " | ".join(sorted(by_rule)) + " |",
              "|---|" + "---|" * len(by_rule)]
    per_file = collections.Counter((f["file"], f["rule"]) for f in default)
    for path in files:
        lines.append(f"| {path.name} | " + " | ".join(str(per_file[(path.name, c)]) for c in sorted(by_rule)) + " |")
    lines += ["", "## Opt-in rules (off by default; with every rule selected)", "",
              "Not reported by a plain `dflab check`; reviewed so that enabling them is an informed choice. "
              f"The other {len(rules) - len({f['rule'] for f in everything})} of the {len(rules)} rules, enabled or "
              "not, report nothing on these files.", ""]
    rows, _ = table(rules, opt_in)
    lines += rows
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"{len(files)} files; default: {len(default)} findings {dict(verdicts)}; opt-in: {len(opt_in)} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
