use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{line, Cmd};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{ApkAction, AptAction, Program};

pub static RULE: Rule = Rule {
    code: "L006",
    name: "update-alone",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &["DS-0017"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`apt-get update` (or `apk update`) in a RUN that installs nothing: later installs may use a \
                  stale, cached package list.",
        why: "The build cache keys a RUN on its text, so the `apt-get update` layer is reused for months while \
              the `apt-get install` RUN after it changes: apt then asks the mirror for package versions that no \
              longer exist and the build fails, or installs outdated ones. Updating and installing in one RUN \
              refreshes the lists whenever the package list changes, and lets the same RUN delete them.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        source: "Docker docs, \"Building best practices\" (apt-get: cache busting); CIS Docker Benchmark 4.7; Trivy DS017.",
    },
    check,
};

#[derive(PartialEq)]
enum Kind {
    Update,
    Install,
    Other,
}

fn kind(cmd: &Cmd) -> Kind {
    match &cmd.command.program {
        Program::AptGet(a) if a.action == AptAction::Update => Kind::Update,
        Program::AptGet(a) if !matches!(a.action, AptAction::Clean | AptAction::Autoclean | AptAction::DistClean) => {
            Kind::Install
        }
        Program::Apk(a) if a.action == ApkAction::Update => Kind::Update,
        Program::Apk(a) if matches!(a.action, ApkAction::Add | ApkAction::Upgrade) => Kind::Install,
        _ => Kind::Other,
    }
}

fn is_apk(cmd: &Cmd) -> bool {
    matches!(cmd.command.program, Program::Apk(_))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let all: Vec<Cmd> = model.commands().collect();
    for (k, cmd) in all.iter().enumerate() {
        if kind(cmd) != Kind::Update {
            continue;
        }
        let same_tool = |c: &Cmd| is_apk(c) == is_apk(cmd);
        let installs_here = all[k + 1..]
            .iter()
            .take_while(|c| c.index == cmd.index)
            .any(|c| same_tool(c) && kind(c) == Kind::Install);
        if installs_here {
            continue;
        }
        let stage = model.build.stage_of(cmd.index);
        let later = all[k + 1..].iter().find(|c| {
            c.index != cmd.index && model.build.stage_of(c.index) == stage && same_tool(c) && kind(c) == Kind::Install
        });
        let name = if is_apk(cmd) { "apk update" } else { "apt-get update" };
        let message = match later {
            Some(install) => format!(
                "`{name}` runs in its own RUN: the install on line {} can reuse a stale cached list; update and \
                 install in one RUN",
                line(model, install.command.span.start)
            ),
            None => format!("`{name}` runs in a RUN that installs nothing: its lists only add to the image"),
        };
        hits.push(Hit::new(model.span(cmd.command.span.clone()), message));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_lonely_updates() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n"),
            ["`apt-get update` runs in its own RUN: the install on line 3 can reuse a stale cached list; update and install in one RUN"]
        );
        assert_eq!(
            check(&RULE, "FROM alpine\nRUN apk update\n"),
            ["`apk update` runs in a RUN that installs nothing: its lists only add to the image"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian\nRUN apt update && echo done\nRUN apt install -y x\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_when_update_and_install_share_a_run() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                "FROM debian\nRUN set -eux; apt-get update; apt-get upgrade -y\n",
                "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
                "FROM alpine\nRUN apk update && apk add curl\n",
            ],
        );
    }
}
