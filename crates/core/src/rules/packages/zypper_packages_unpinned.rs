use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::{report_unpinned, rpm_install};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "P015",
    name: "zypper-packages-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3037"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package installed by `zypper install` without `=version` gets whatever the repository has today.",
        why: "Unpinned packages change between rebuilds, so the image you ship is not the one you tested. Pinning `name=version` makes the install reproducible but needs updating when the repository drops old versions, so the rule is off by default.",
        bad: "FROM opensuse/leap:15.6\nRUN zypper -n install httpd && zypper clean\n",
        good: "FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean\n",
        source: "zypper(8) manual (package specifications); hadolint DL3037.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| {
        rpm_install(command, &["zypper"]).map(|(label, packages)| (label, packages, "NAME=<version>"))
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_per_unpinned_package() {
        assert_eq!(
            flagged(&RULE, "FROM opensuse\nRUN zypper -n in httpd=2.4 git\n"),
            ["git"]
        );
    }

    #[test]
    fn quiet_on_pinned_packages() {
        assert!(check(&RULE, "FROM opensuse\nRUN zypper -n in httpd=2.4\n").is_empty());
    }
}
