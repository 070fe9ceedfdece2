use crate::analysis::{FixAvailability, Severity};
use crate::rules::cache::util::Scripts;
use crate::rules::{Category, Context, Explanation, Hit, Rule};
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P004",
    name: "apt-upgrade",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    hadolint: &["DL3005"],
    buildkit: &[],
    trivy: &["DS-0024"],
    fix: FixAvailability::None,
    explanation: Explanation {
        summary: "`apt-get upgrade` / `dist-upgrade` in a Dockerfile makes the image depend on the day it was built.",
        why: "The upgrade pulls whatever updates the mirror has at build time, so the same Dockerfile gives a \
              different package set on every rebuild, and `dist-upgrade` may add or remove packages the base \
              image relies on. Security fixes arrive more predictably from a newer base image tag (rebuilt \
              regularly by its maintainers); upgrade in the Dockerfile only when you must, and rebuild often.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y dist-upgrade\n",
        good: "FROM debian:bookworm-20241111-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
        source: "hadolint DL3005 (retired: Docker's guide no longer forbids upgrades); Trivy DS024.",
    },
    check,
};

fn check(context: &Context, hits: &mut Vec<Hit>) {
    let scripts = Scripts::new(context);
    for cmd in scripts.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        if !matches!(apt.action, AptAction::Upgrade | AptAction::DistUpgrade) {
            continue;
        }
        let Some(sub) = &apt.subcommand else { continue };
        hits.push(Hit::new(
            context.span(cmd.command.span.clone()),
            format!(
                "`{} {}` makes the package set depend on the build date; prefer a newer base image",
                apt.tool, sub.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::check;

    #[test]
    fn fires_on_upgrades() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get update && apt-get upgrade -y\n"),
            ["`apt-get upgrade` makes the package set depend on the build date; prefer a newer base image"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian\nRUN apt full-upgrade -y && apt-get dist-upgrade -y\n"
            )
            .len(),
            2
        );
    }

    #[test]
    fn quiet_on_installs() {
        assert!(check(&RULE, "FROM debian\nRUN apt-get install -y --only-upgrade openssl\n").is_empty());
    }
}
