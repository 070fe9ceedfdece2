use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_rpm_without_yes;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "P016",
    name: "dnf-install-without-yes",
    category: Category::Packages,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3038"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`dnf install` (or upgrade/remove) without `-y` waits for a confirmation no one can give.",
        why: "dnf asks \"Is this ok [y/N]\" before changing packages; in a build nothing answers, dnf aborts and the RUN fails. `-y` (`--assumeyes`) keeps the install non-interactive.",
        bad: "FROM fedora:41\nRUN dnf install httpd && dnf clean all\n",
        good: "FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\n",
        source: "dnf(8) manual (--assumeyes); hadolint DL3038.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_rpm_without_yes(model, hits, &["dnf", "dnf5", "tdnf"]);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_on_dnf_without_yes() {
        assert_eq!(
            check(&RULE, "FROM fedora\nRUN dnf upgrade\n"),
            ["`dnf upgrade` without `-y` stops at the confirmation prompt"]
        );
        assert_eq!(check(&RULE, "FROM fedora\nRUN <<EOF\ndnf install x\nEOF\n").len(), 1);
    }

    #[test]
    fn quiet_with_yes_and_microdnf() {
        assert_quiet(
            &RULE,
            &[
                "FROM fedora\nRUN dnf install -y x\n",
                "FROM fedora\nRUN dnf makecache\n",
                "FROM ubi\nRUN microdnf install x\n",
                "FROM fedora\nRUN yum install -y x\n",
            ],
        );
    }

    #[test]
    fn fix_inserts_yes() {
        assert_eq!(
            fixed(&RULE, "FROM fedora\nRUN dnf --setopt=x=1 install x\n").unwrap(),
            "FROM fedora\nRUN dnf --setopt=x=1 install -y x\n"
        );
    }
}
