use crate::analysis::{FixAvailability, Severity};
use crate::knowledge::images::{versioned_package_missing, Os};
use crate::model::Model;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P025",
    name: "apt-package-not-in-release",
    category: Category::Packages,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`apt-get install` asks for a versioned package (`python3.12`, `openjdk-17-jdk`, \
                  `postgresql-client-16`, `gcc-13`, ...) that the image's Debian release does not have.",
        why: "Each Debian release ships one or a few versions of its toolchains: bookworm (Debian 12) has \
              Python 3.11, OpenJDK 17 and PostgreSQL 15; trixie (Debian 13), which the python images use \
              by default now, has Python 3.13, OpenJDK 21 and 25 and PostgreSQL 17. Asking for another version \
              fails the build with \"Unable to locate package\". Use the version the release has, or an image \
              made for the version you need (`python:3.12-slim`, `eclipse-temurin:17`), or add the vendor's \
              repository first (the check stays silent once a repository is added).",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3.12\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3\n",
        source: "Debian's Packages indexes of bookworm and trixie (main, -updates, -security), read by \
                 scripts/images/image_facts.py.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else { continue };
        if apt.action != AptAction::Install || apt.args.has(&["-t", "--target-release", "--default-release"]) {
            continue;
        }
        let Some(stage) = model.build.stage_of(cmd.index) else { continue };
        let Some(known) = model.image().known_base(stage).filter(|k| k.facts.os == Os::Debian) else {
            continue;
        };
        if !model.image().apt_sources_are_the_release(stage, cmd.point()) {
            continue;
        }
        for package in &apt.packages {
            if package.local || package.expansion || package.name.contains('/') {
                continue;
            }
            let Some(versions) = versioned_package_missing(known.release, &package.name) else {
                continue;
            };
            let has = if versions.is_empty() {
                "none of that family".to_string()
            } else {
                versions.join(", ")
            };
            hits.push(Hit::new(
                model.span(package.span.clone()),
                format!(
                    "Debian {} has no `{}` (versions it has: {has}): `apt-get install` fails with \"Unable to \
                     locate package\"",
                    known.release, package.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_versions_the_release_lacks() {
        let source = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3.12 python3.12-venv\n";
        assert_eq!(flagged(&RULE, source), ["python3.12", "python3.12-venv"]);
        assert!(check(&RULE, source)[0].contains("versions it has: 11"));
        // The python images are trixie now.
        assert_eq!(
            flagged(&RULE, "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y openjdk-17-jre-headless\n"),
            ["openjdk-17-jre-headless"]
        );
    }

    #[test]
    fn quiet_where_the_package_exists_or_sources_changed() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3.11 python3-pip\n",
                "FROM python:3.12-slim-bookworm\nRUN apt-get update && apt-get install -y openjdk-17-jre-headless\n",
                "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3.12\n",
                "FROM debian:bookworm-slim\nRUN add-apt-repository ppa:deadsnakes/ppa && apt-get install -y python3.12\n",
                "FROM debian:bookworm-slim\nCOPY pgdg.list /etc/apt/sources.list.d/\nRUN apt-get update && apt-get install -y postgresql-client-16\n",
                "FROM debian:bookworm-slim\nRUN echo 'deb http://x bookworm main' > /etc/apt/sources.list.d/x.list && apt-get update && apt-get install -y postgresql-client-16\n",
                "FROM debian:bookworm-slim\nRUN apt-get install -y -t bookworm-backports python3.12\n",
                "FROM mycompany/debian\nRUN apt-get install -y python3.12\n",
            ],
        );
    }
}
