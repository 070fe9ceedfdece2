use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{ApkAction, Program};

pub static RULE: Rule = Rule {
    code: "P007",
    name: "apk-upgrade",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3017"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`apk upgrade` in a Dockerfile makes the package set depend on the day the image was built.",
        why: "Upgrading at build time does bring security fixes, which is why this rule is off by default. \
              Teams that want byte-for-byte reproducible rebuilds turn it on: the upgrade gives a different \
              image on each rebuild, while a newer `alpine:3.x` base tag brings the same fixes reproducibly.",
        bad: "FROM alpine:3.20\nRUN apk upgrade --no-cache\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        source:
            "hadolint DL3017 (retired there in favour of security updates); Alpine wiki, \"Alpine Package Keeper\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::Apk(apk) = &cmd.command.program else {
            continue;
        };
        if apk.action != ApkAction::Upgrade {
            continue;
        }
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            "`apk upgrade` makes the package set depend on the build date; a newer base image tag brings fixes reproducibly",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::check;

    #[test]
    fn fires_on_apk_upgrade() {
        assert_eq!(check(&RULE, "FROM alpine\nRUN apk update && apk upgrade\n").len(), 1);
    }

    #[test]
    fn quiet_on_add_with_upgrade_flag() {
        assert!(check(&RULE, "FROM alpine\nRUN apk add --no-cache --upgrade curl\n").is_empty());
    }
}
