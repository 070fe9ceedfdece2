use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_rpm_without_yes;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "P013",
    name: "zypper-without-non-interactive",
    category: Category::Packages,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3034"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`zypper install` (or update/remove/patch) without `-n` or `-y` waits for a confirmation no one can give.",
        why: "zypper asks before changing packages; without a terminal it aborts and the RUN fails. The global `-n` (`--non-interactive`) or the command option `-y` (`--no-confirm`) keeps it non-interactive.",
        bad: "FROM opensuse/leap:15.6\nRUN zypper install httpd && zypper clean\n",
        good: "FROM opensuse/leap:15.6\nRUN zypper -n install httpd && zypper clean\n",
        source: "zypper(8) manual (--non-interactive); hadolint DL3034.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_rpm_without_yes(model, hits, &["zypper"]);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_without_non_interactive() {
        assert_eq!(
            check(&RULE, "FROM opensuse/leap\nRUN zypper install httpd\n"),
            ["`zypper install` without `-n`/`-y` stops at the confirmation prompt"]
        );
        assert_eq!(check(&RULE, "FROM opensuse/leap\nRUN zypper patch\n").len(), 1);
    }

    #[test]
    fn quiet_with_switches() {
        assert_quiet(
            &RULE,
            &[
                "FROM opensuse/leap\nRUN zypper -n install httpd\n",
                "FROM opensuse/leap\nRUN zypper --non-interactive in httpd\n",
                "FROM opensuse/leap\nRUN zypper install -y httpd\n",
                "FROM opensuse/leap\nRUN zypper refresh\n",
            ],
        );
    }

    #[test]
    fn fix_inserts_no_confirm() {
        assert_eq!(
            fixed(&RULE, "FROM opensuse/leap\nRUN zypper in httpd\n").unwrap(),
            "FROM opensuse/leap\nRUN zypper in -y httpd\n"
        );
    }
}
