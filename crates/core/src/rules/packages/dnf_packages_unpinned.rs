use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::{report_unpinned, rpm_install};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "P017",
    name: "dnf-packages-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3041"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package installed by `dnf install` without `-version` gets whatever the repository has today.",
        why: "Unpinned packages change between rebuilds, so the image you ship is not the one you tested. Pinning `name-version` makes the install reproducible but needs updating when the repository drops old versions, so the rule is off by default.",
        bad: "FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\n",
        good: "FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
        source: "dnf(8) manual (package specifications); hadolint DL3041.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| {
        rpm_install(command, &["dnf", "dnf5", "microdnf", "tdnf"])
            .map(|(label, packages)| (label, packages, "NAME-<version>"))
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_per_unpinned_package() {
        assert_eq!(
            flagged(&RULE, "FROM fedora\nRUN microdnf install -y httpd-2.4.62 git\n"),
            ["git"]
        );
    }

    #[test]
    fn quiet_on_pinned_packages() {
        assert!(check(&RULE, "FROM fedora\nRUN dnf install -y httpd-2.4.62\n").is_empty());
    }

    #[test]
    fn names_with_versions_in_them_are_not_pins() {
        // `java-1.8.0-openjdk` is a package name; its pin is `java-1.8.0-openjdk-1.8.0.412.b08-1.el8`.
        assert_eq!(
            flagged(
                &RULE,
                "FROM fedora\nRUN dnf install -y java-1.8.0-openjdk-headless java-1.8.0-openjdk-1.8.0.412.b08-1.el8\n"
            ),
            ["java-1.8.0-openjdk-headless"]
        );
    }
}
