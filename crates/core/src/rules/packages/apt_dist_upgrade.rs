use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P004",
    name: "apt-dist-upgrade",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3005"],
    buildkit: &[],
    trivy: &["DS-0024"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`apt-get dist-upgrade` (`full-upgrade`) may remove or replace packages the base image relies on.",
        why: "Unlike `upgrade`, `dist-upgrade` resolves conflicts by installing new packages and removing \
              installed ones, so the image can silently lose something its base provided. Security updates \
              are applied by `apt-get upgrade` (which never removes packages) or, better, by rebuilding on a \
              fresh base image tag.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y dist-upgrade\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*\n",
        source: "apt-get(8) manual (upgrade, dist-upgrade); hadolint DL3005; Trivy DS024.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        let Some(sub) = &apt.subcommand else { continue };
        let dist = apt.action == AptAction::DistUpgrade || sub.name == "full-upgrade";
        if !dist {
            continue;
        }
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "`{} {}` may remove packages the base image relies on; use `upgrade` for security updates",
                apt.tool, sub.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_dist_upgrades() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get update && apt-get dist-upgrade -y\n"),
            ["`apt-get dist-upgrade` may remove packages the base image relies on; use `upgrade` for security updates"]
        );
        assert_eq!(check(&RULE, "FROM debian\nRUN apt full-upgrade -y\n").len(), 1);
    }

    #[test]
    fn quiet_on_upgrade_and_installs() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian\nRUN apt-get update && apt-get upgrade -y\n",
                "FROM debian\nRUN apt-get install -y --only-upgrade openssl\n",
            ],
        );
    }
}
