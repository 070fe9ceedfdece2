use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_unpinned;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P005",
    name: "apt-packages-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3008"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package installed by `apt-get install` without `=version` gets whatever the mirror has today.",
        why: "Without a version, two builds of the same Dockerfile can install different package versions, so a \
              rebuild may change behaviour or break. Pinning makes the package set reproducible, at the cost \
              of updating pins when the distribution drops old versions (Debian keeps only the current one), \
              which is why this rule is off by default.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
        source: "Docker docs, \"Building best practices\" (apt-get, version pinning); hadolint DL3008.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| match &command.program {
        Program::AptGet(apt) if apt.action == AptAction::Install => Some((
            format!("{} install", apt.tool),
            apt.packages.as_slice(),
            "NAME=<version>",
        )),
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_per_unpinned_package() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM debian\nRUN apt-get install -y curl=7.88 git \"$PKG\" ./x.deb wget/bookworm\n"
            ),
            ["git", "wget/bookworm"]
        );
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get install -y git\n"),
            ["`git` is not pinned in `apt-get install`: write `git=<version>`"]
        );
    }

    #[test]
    fn quiet_on_pinned_and_other_actions() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian\nRUN apt-get install -y git=1:2.39.5-0+deb12u1\n",
                "FROM debian\nRUN apt-get purge -y git\n",
            ],
        );
    }

    /// `ARG RUNTIME_PACKAGES="curl gosu"` then `apt-get install ${RUNTIME_PACKAGES}` installs both unpinned.
    #[test]
    fn reads_build_argument_defaults() {
        let messages = crate::rules::testing::check(
            &RULE,
            "FROM debian:bookworm\nARG RUNTIME_PACKAGES=\"curl gosu=1.14-1+b10\"\nRUN apt-get update && apt-get install -y ${RUNTIME_PACKAGES}\n",
        );
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("`curl`"), "{messages:?}");
        assert!(crate::rules::testing::check(&RULE, "FROM debian:bookworm\nARG P\nRUN apt-get install -y $P\n").is_empty());
    }
}
