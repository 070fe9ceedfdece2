use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::{report_unpinned, rpm_install};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "P012",
    name: "yum-packages-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3033"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package installed by `yum install` without `-version` gets whatever the repository has today.",
        why: "Unpinned packages change between rebuilds, so the image you ship is not the one you tested. Pinning `name-version` makes the install reproducible but needs updating when the repository drops old versions, so the rule is off by default.",
        bad: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
        source: "yum(8) manual (package specifications); hadolint DL3033.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| {
        rpm_install(command, &["yum"]).map(|(label, packages)| (label, packages, "NAME-<version>"))
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_per_unpinned_package() {
        assert_eq!(
            flagged(&RULE, "FROM centos\nRUN yum install -y httpd-2.4.6 git ./x.rpm\n"),
            ["git"]
        );
    }

    #[test]
    fn quiet_on_pinned_packages() {
        assert!(check(&RULE, "FROM centos\nRUN yum install -y httpd-2.4.6\n").is_empty());
    }

    #[test]
    fn names_with_versions_in_them_are_not_pins() {
        // `java-1.8.0-openjdk` is a package name; its pin is `java-1.8.0-openjdk-1.8.0.412.b08-1.el8`.
        assert_eq!(
            flagged(
                &RULE,
                "FROM centos\nRUN yum install -y java-1.8.0-openjdk-headless java-1.8.0-openjdk-1.8.0.412.b08-1.el8\n"
            ),
            ["java-1.8.0-openjdk-headless"]
        );
    }
}
