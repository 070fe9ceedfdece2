use crate::rules::support::stages::{copied_before, shell_less};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::Command;
use crate::syntax::View;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C039",
    name: "shell-form-without-shell",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A shell-form RUN, CMD, ENTRYPOINT or HEALTHCHECK is used on `scratch` or a distroless image, \
                  which has no `/bin/sh`.",
        why: "Shell form runs `/bin/sh -c \"...\"`. On `scratch` and distroless images there is no shell, so a \
              RUN fails the build and a CMD, ENTRYPOINT or HEALTHCHECK fails at run time with \"exec: /bin/sh: \
              no such file or directory\". Use exec form (`[\"/app\", \"--serve\"]`).",
        bad: "FROM scratch\nCOPY app /app\nCMD /app --serve\n",
        good: "FROM scratch\nCOPY app /app\nCMD [\"/app\", \"--serve\"]\n",
        source: "Dockerfile reference, \"Shell and exec form\"; distroless images documentation.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        if !shell_less(model, stage) {
            continue;
        }
        for (at, instruction) in model.stage_instructions(stage).skip(1) {
            let word = match model.view(at) {
                View::Run(run) => match &run.command {
                    Command::Shell(word) => Some(*word),
                    _ => None,
                },
                View::Cmd(Command::Shell(word)) | View::Entrypoint(Command::Shell(word)) => Some(*word),
                View::Healthcheck(health) => match &health.command {
                    Command::Shell(word) => Some(*word),
                    _ => None,
                },
                _ => None,
            };
            let Some(word) = word else { continue };
            // A shell copied in (busybox, a root filesystem) makes shell form work again.
            let has_shell = copied_before(model, at, |d| d == "/" || d.starts_with("/bin") || d.ends_with("sh"));
            let custom_shell = model
                .stage_instructions(stage)
                .any(|(index, i)| index < at && i.keyword == Keyword::Shell);
            if has_shell || custom_shell {
                continue;
            }
            let when = if instruction.keyword == Keyword::Run {
                "the build fails"
            } else {
                "the container fails to start it"
            };
            hits.push(Hit::new(
                word.span,
                format!(
                    "`{}` in shell form needs `/bin/sh`, which this image does not have: {when}",
                    instruction.keyword
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_shell_form_without_a_shell() {
        assert_eq!(flagged(&RULE, "FROM scratch\nCMD /app\n"), ["/app"]);
        assert_eq!(
            check(&RULE, "FROM gcr.io/distroless/python3-debian12\nRUN pip install x\n").len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM scratch AS base\nFROM base\nHEALTHCHECK CMD /app health\n").len(),
            1
        );
    }

    #[test]
    fn quiet_with_exec_form_a_shell_or_debug_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM scratch\nCMD [\"/app\"]\n",
                "FROM gcr.io/distroless/base-debian12:debug\nCMD /app\n",
                "FROM scratch\nCOPY --from=busybox:1.36 /bin/busybox /bin/sh\nRUN echo hi\n",
                "FROM scratch\nADD rootfs.tar.gz /\nRUN echo hi\n",
                "FROM python:3.12-slim\nCMD python app.py\n",
            ],
        );
    }
}
