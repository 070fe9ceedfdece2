use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::{apt_config, insert};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P001",
    name: "apt-install-without-yes",
    category: Category::Packages,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3014"],
    buildkit: &[],
    trivy: &["DS-0021"],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`apt-get install` without `-y` waits for a confirmation that never comes in a build.",
        why: "A build has no terminal to answer apt's \"Do you want to continue?\" prompt: apt reads end of \
              input and aborts, so the RUN fails as soon as an install needs extra packages. `-y` answers yes \
              up front and keeps the build non-interactive.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install curl\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n",
        source: "Docker docs, \"Building best practices\" (apt-get); hadolint DL3014; Trivy DS021.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let configured = apt_config(model, "Assume-Yes");
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        if apt.action != AptAction::Install || apt.non_interactive() {
            continue;
        }
        // `yes | apt-get install ...` answers the prompt.
        if cmd.command.pipe_index > 0 {
            continue;
        }
        if configured.before(model, cmd.index) {
            continue;
        }
        let Some(sub) = &apt.subcommand else { continue };
        hits.push(
            Hit::new(
                model.span(cmd.command.span.clone()),
                format!(
                    "`{} {}` without `-y` stops at the confirmation prompt",
                    apt.tool, sub.name
                ),
            )
            .with_fix(insert("add `-y`", sub.span.end, " -y")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_without_yes() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get update && apt-get install curl\n"),
            ["`apt-get install` without `-y` stops at the confirmation prompt"]
        );
        assert_eq!(
            flagged(&RULE, "FROM debian\nRUN apt install curl\n"),
            ["apt install curl"]
        );
        assert_eq!(
            check(&RULE, "FROM debian\nRUN <<EOF\napt-get install curl\nEOF\n").len(),
            1
        );
    }

    #[test]
    fn quiet_with_yes_quiet_pipes_and_config() {
        assert_quiet(&RULE, &[
            "FROM debian\nRUN apt-get install -y curl\n",
            "FROM debian\nRUN apt-get -qq install curl\n",
            "FROM debian\nRUN apt-get install --assume-yes curl\n",
            "FROM debian\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n",
            "FROM debian\nRUN yes | apt-get install curl\n",
            "FROM debian\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n",
            "FROM debian\nRUN apt-get update\n",
        ]);
        // `--assume-yes` on one install does not answer the prompt of the next (issue #19).
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get install --assume-yes a\nRUN apt-get install b\n").len(),
            1
        );
    }

    #[test]
    fn fix_inserts_yes_after_install() {
        assert_eq!(
            fixed(&RULE, "FROM debian\nRUN apt-get install \\\n  curl\n").unwrap(),
            "FROM debian\nRUN apt-get install -y \\\n  curl\n"
        );
    }
}
