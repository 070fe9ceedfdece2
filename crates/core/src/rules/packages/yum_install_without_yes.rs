use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_rpm_without_yes;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "P011",
    name: "yum-install-without-yes",
    category: Category::Packages,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3030"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`yum install` (or update/remove) without `-y` waits for a confirmation no one can give.",
        why: "A build has no terminal: yum asks \"Is this ok [y/N]\", reads end of input and exits with an error, so the RUN fails. `-y` (`--assumeyes`) answers yes up front.",
        bad: "FROM centos:7\nRUN yum install httpd && yum clean all\n",
        good: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        source: "yum(8) manual (--assumeyes); hadolint DL3030.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_rpm_without_yes(model, hits, &["yum"]);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_on_prompting_commands() {
        assert_eq!(
            check(&RULE, "FROM centos\nRUN yum install httpd && yum remove x\n"),
            [
                "`yum install` without `-y` stops at the confirmation prompt",
                "`yum remove` without `-y` stops at the confirmation prompt"
            ]
        );
        assert_eq!(
            check(&RULE, "FROM centos\nRUN yum groupinstall 'Development Tools'\n").len(),
            1
        );
    }

    #[test]
    fn quiet_with_yes_and_other_tools() {
        assert_quiet(
            &RULE,
            &[
                "FROM centos\nRUN yum install -y httpd\n",
                "FROM centos\nRUN yum --assumeyes install httpd\n",
                "FROM centos\nRUN yum clean all\n",
                "FROM centos\nRUN dnf install httpd\n",
                "FROM centos\nRUN yes | yum install httpd\n",
            ],
        );
    }

    #[test]
    fn fix_inserts_yes() {
        assert_eq!(
            fixed(&RULE, "FROM centos\nRUN yum install httpd\n").unwrap(),
            "FROM centos\nRUN yum install -y httpd\n"
        );
    }
}
