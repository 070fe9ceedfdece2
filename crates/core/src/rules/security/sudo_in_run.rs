use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "S002",
    name: "sudo-in-run",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3004"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN command uses `sudo`.",
        why: "`sudo` in a build has unpredictable TTY and signal behaviour, needs the `sudo` package and a \
              sudoers entry in the image, and keeps that privilege escalation path available to the running \
              container. Switch users with `USER root` for the steps that need it and `USER <app>` \
              afterwards, or use `gosu`/`su-exec` in an entrypoint.",
        bad: "FROM debian:bookworm-slim\nUSER app\nRUN sudo apt-get update\n",
        good: "FROM debian:bookworm-slim\nUSER root\nRUN apt-get update\nUSER app\n",
        source: "Docker docs, \"Building best practices\" (USER: avoid sudo); hadolint DL3004.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (_, _, scripts) in model.runs() {
        for script in scripts {
            for command in script.sudo_commands() {
                let span = command
                    .wrappers
                    .iter()
                    .find(|w| w.name == "sudo")
                    .map(|w| w.span.clone())
                    .or_else(|| command.program_word().map(|w| w.span.clone()))
                    .unwrap_or(command.span.clone());
                let what = if command.name() == "sudo" {
                    String::new()
                } else {
                    format!(" `{}`", command.name())
                };
                hits.push(Hit::new(
                    model.span(span),
                    format!("`sudo`{what} in a RUN: use `USER` to change users"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_sudo() {
        assert_eq!(
            check(&RULE, "FROM debian:12\nRUN sudo apt-get update\n"),
            ["`sudo` `apt-get` in a RUN: use `USER` to change users"]
        );
        assert_eq!(
            flagged(&RULE, "FROM debian:12\nRUN a && sudo -u app make\n"),
            ["sudo -u app"]
        );
    }

    #[test]
    fn quiet_without_sudo() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nRUN apt-get install -y sudo\n",
                "FROM debian:12\nRUN echo sudo\n",
            ],
        );
    }
}
