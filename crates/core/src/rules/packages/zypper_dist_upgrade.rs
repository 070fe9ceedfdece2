use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "P014",
    name: "zypper-dist-upgrade",
    category: Category::Packages,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3035"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`zypper dist-upgrade` in a Dockerfile may move the image to another distribution release.",
        why: "`dist-upgrade` (`dup`) follows whatever the configured repositories offer, including vendor \
              changes and package removals, so the base image you picked is no longer what runs. Choose the \
              release with the base image tag and install packages with `zypper -n install`.",
        bad: "FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade\n",
        good: "FROM opensuse/leap:15.6\nRUN zypper -n install httpd && zypper clean\n",
        source: "zypper(8) manual (dist-upgrade); hadolint DL3035 (which allows `zypper update`).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::Rpm(rpm) = &cmd.command.program else {
            continue;
        };
        let Some(sub) = &rpm.subcommand else { continue };
        if rpm.tool != "zypper" || !matches!(sub.name.as_str(), "dist-upgrade" | "dup") {
            continue;
        }
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "`zypper {}` may move the image to another release; pick it with the base image tag",
                sub.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_dup() {
        assert_eq!(
            check(&RULE, "FROM opensuse\nRUN zypper -n dup && zypper -n dist-upgrade\n").len(),
            2
        );
    }

    #[test]
    fn quiet_on_update_and_dnf() {
        assert_quiet(
            &RULE,
            &[
                "FROM opensuse\nRUN zypper -n update\n",
                "FROM fedora\nRUN dnf -y distro-sync\n",
            ],
        );
    }
}
