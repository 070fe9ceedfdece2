use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_unpinned;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{ApkAction, Program};

pub static RULE: Rule = Rule {
    code: "P006",
    name: "apk-packages-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3018"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package added by `apk add` without `=version` gets whatever the Alpine index has today.",
        why: "Unpinned packages make rebuilds install different versions than the tested image. Pinning (or \
              the looser `~major.minor`) keeps the set reproducible, but Alpine removes old versions from its \
              repositories, so pins need maintenance; that is why the rule is off by default.",
        bad: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n",
        source: "Alpine wiki, \"Alpine Package Keeper\" (version constraints); hadolint DL3018.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| match &command.program {
        // A `--virtual` group name is not a package.
        Program::Apk(apk) if apk.action == ApkAction::Add => {
            Some(("apk add".to_string(), apk.packages.as_slice(), "NAME=<version>"))
        }
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_per_unpinned_package() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM alpine\nRUN apk add --no-cache --virtual .deps curl=8.1-r0 gcc make~4.4 /tmp/x.apk\n"
            ),
            ["gcc"]
        );
    }

    #[test]
    fn quiet_on_pinned_and_del() {
        assert_quiet(
            &RULE,
            &[
                "FROM alpine\nRUN apk add --no-cache curl=8.1-r0\n",
                "FROM alpine\nRUN apk del .deps\n",
            ],
        );
    }
}
