use crate::rules::support::stages::posix_shell;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "C020",
    name: "replace-bin-sh",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL4005"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN replaces `/bin/sh` with a symlink (to bash) instead of using the SHELL instruction.",
        why: "Overwriting `/bin/sh` changes the shell for every script and package maintainer script in the \
              image, not only for your RUN lines, and a later package upgrade (dash) can silently put it back. \
              `SHELL [\"/bin/bash\", \"-c\"]` changes only the shell Docker uses for RUN, CMD and ENTRYPOINT \
              in shell form.",
        bad: "FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh\n",
        good: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
        source: "Dockerfile reference, SHELL; hadolint DL4005.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, _, scripts) in model.runs() {
        if !posix_shell(model, at) {
            continue;
        }
        for script in scripts {
            for command in script.commands() {
                let Program::Ln(ln) = &command.program else { continue };
                let Some(link) = ln.operands.last().filter(|_| ln.symbolic && ln.operands.len() >= 2) else {
                    continue;
                };
                if link.value == "/bin/sh" || link.value == "/usr/bin/sh" {
                    hits.push(Hit::new(
                        model.span(command.span.clone()),
                        "replacing `/bin/sh` changes every script in the image; use `SHELL` to choose the RUN shell",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_sh_symlinks() {
        assert_eq!(
            flagged(&RULE, "FROM a\nRUN ln -sf /bin/bash /bin/sh\n"),
            ["ln -sf /bin/bash /bin/sh"]
        );
        assert_eq!(check(&RULE, "FROM a\nRUN rm /bin/sh && ln -s bash /bin/sh\n").len(), 1);
    }

    #[test]
    fn quiet_on_other_links() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nRUN ln -s /usr/bin/python3 /usr/bin/python\n",
                "FROM a\nRUN ln /bin/sh /x/sh\n",
            ],
        );
    }
}
