use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::alpine_stage;
use crate::rules::support::stages::powershell;
use crate::rules::support::package_managers::insert;
use crate::rules::{Judges, Category, Edit, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{FetchTool, Program};
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "P018",
    name: "wget-progress",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3047"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`wget` without `--progress=dot:giga` (or `-q`/`-nv`) writes a progress dot per kilobyte to the \
                  build log.",
        why: "In a build, GNU wget has no terminal and falls back to its \"dot\" progress display: one dot per \
              kilobyte, so a 50 MB download adds about a thousand log lines and hides the output that matters. \
              `--progress=dot:giga` prints one dot per megabyte and still reports errors; `-nv` prints one line.",
        bad: "FROM debian:bookworm-slim\nRUN wget -O /tmp/app.tar.gz https://example.com/app.tar.gz\n",
        good: "FROM debian:bookworm-slim\nRUN wget --progress=dot:giga -O /tmp/app.tar.gz https://example.com/app.tar.gz\n",
        source: "GNU Wget manual (--progress); hadolint DL3047.",
    },
    check,
};

/// Bases whose `wget` may be wget2, which has no `dot:giga` style (RHEL 10 and its rebuilds, Tumbleweed).
const WGET2_FAMILIES: [&str; 9] = [
    "fedora",
    "centos",
    "rhel",
    "ubi",
    "rocky",
    "alma",
    "amazonlinux",
    "oracle",
    "tumbleweed",
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let mut chatty = Vec::new();
    for cmd in model.commands() {
        let Program::Fetch(fetch) = &cmd.command.program else {
            continue;
        };
        if fetch.tool != FetchTool::Wget || fetch.quiet || fetch.progress {
            continue;
        }
        let logs_elsewhere = fetch.no_verbose
            || fetch
                .args
                .has(&["-o", "--output-file", "-a", "--append-output", "-b", "--background"]);
        // BusyBox wget (Alpine) has no dot display and no `--progress`; in PowerShell `wget` is
        // `Invoke-WebRequest`, which rejects it.
        if logs_elsewhere
            || cmd.command.redirects_fd(2).is_some()
            || alpine_stage(model, cmd.index)
            || powershell(model, cmd.index)
        {
            continue;
        }
        let Some(word) = cmd.command.program_word() else {
            continue;
        };
        chatty.push((cmd.index, word.span.clone()));
    }
    // One finding per RUN; its fix quiets every chatty `wget` of that RUN.
    let mut runs: Vec<usize> = chatty.iter().map(|(index, _)| *index).collect();
    runs.dedup();
    for index in runs {
        let words: Vec<_> = chatty
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, w)| w.clone())
            .collect();
        let count = if words.len() > 1 {
            format!(" ({} downloads)", words.len())
        } else {
            String::new()
        };
        let mut hit = Hit::new(
            model.span(words[0].clone()),
            format!("`wget` without `--progress=dot:giga` or `-nv` fills the build log with progress dots{count}"),
        );
        if !maybe_wget2(model, index) {
            let mut fix = insert("add `--progress=dot:giga`", words[0].end, " --progress=dot:giga");
            fix.edits = words
                .iter()
                .map(|w| Edit::insert(w.end, " --progress=dot:giga"))
                .collect();
            hit = hit.with_fix(fix);
        }
        hits.push(hit);
    }
}

fn maybe_wget2(model: &Model, index: usize) -> bool {
    let Some(stage) = model.build.stage_of(index).and_then(|s| model.build.stages.get(s)) else {
        return true;
    };
    match model.root_base(stage) {
        Base::Image { reference, .. } => {
            let lower = reference.to_ascii_lowercase();
            lower.contains('$') || WGET2_FAMILIES.iter().any(|f| lower.contains(f))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, fixed, flagged, hits};

    #[test]
    fn fires_on_chatty_wget() {
        assert_eq!(
            flagged(&RULE, "FROM debian\nRUN wget -O x https://x && tar xf x\n"),
            ["wget"]
        );
        assert_eq!(
            fixed(&RULE, "FROM debian\nRUN wget -O x https://x\n").unwrap(),
            "FROM debian\nRUN wget --progress=dot:giga -O x https://x\n"
        );
    }

    #[test]
    fn quiet_when_progress_is_handled_or_busybox() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian\nRUN wget -q -O x https://x\n",
                "FROM debian\nRUN wget -qO- https://x | tar x\n",
                "FROM debian\nRUN wget -nv https://x\n",
                "FROM debian\nRUN wget -ncv https://x\n",
                "FROM debian\nRUN wget --no-verbose https://x\n",
                "FROM debian\nRUN wget --progress=dot:giga https://x\n",
                "FROM debian\nRUN wget https://x 2>/dev/null\n",
                "FROM alpine:3.20\nRUN wget -O x https://x\n",
                "FROM cgr.dev/chainguard/wolfi-base\nRUN wget -O x https://x\n",
                // PowerShell's `wget` is `Invoke-WebRequest`: `--progress` would break the RUN
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN wget https://x -OutFile x\n",
                "FROM debian\nSHELL [\"pwsh\", \"-Command\"]\nRUN wget https://x -OutFile x\n",
                "FROM python:3.12-alpine AS a\nFROM a\nRUN wget -O x https://x\n",
                "ARG BASE=alpine:3.20\nFROM ${BASE}\nRUN wget -O x https://x\n",
                "FROM debian\nRUN curl -fsSLO https://x\n",
            ],
        );
    }

    #[test]
    fn a_later_verbose_undoes_no_verbose() {
        assert_eq!(flagged(&RULE, "FROM debian\nRUN wget -nv -v https://x\n"), ["wget"]);
        assert_eq!(flagged(&RULE, "FROM debian\nRUN wget -nc https://x\n"), ["wget"]);
    }

    #[test]
    fn no_fix_where_wget_may_be_wget2() {
        assert!(hits(&RULE, "FROM fedora:41\nRUN wget https://x\n")[0].fix.is_none());
        assert!(hits(&RULE, "FROM oraclelinux:10\nRUN wget https://x\n")[0]
            .fix
            .is_none());
        assert!(hits(&RULE, "FROM opensuse/tumbleweed\nRUN wget https://x\n")[0]
            .fix
            .is_none());
        assert!(hits(&RULE, "FROM ${BASE}\nRUN wget https://x\n")[0].fix.is_none());
        assert!(hits(&RULE, "ARG BASE=debian:12\nFROM ${BASE}\nRUN wget https://x\n")[0]
            .fix
            .is_some());
    }
}
