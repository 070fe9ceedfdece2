use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::Command;
use crate::syntax::View;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C030",
    name: "entrypoint-shell-form-ignores-cmd",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A stage sets CMD, but its ENTRYPOINT is in shell form, which ignores CMD.",
        why: "A shell-form ENTRYPOINT runs `/bin/sh -c \"...\"` and never receives CMD or `docker run` \
              arguments, so the CMD you wrote (and any arguments users pass) are silently dropped. Write the \
              ENTRYPOINT in exec form so CMD supplies its default arguments.",
        bad: "FROM python:3.12-slim\nENTRYPOINT python -m app\nCMD [\"--port\", \"8000\"]\n",
        good: "FROM python:3.12-slim\nENTRYPOINT [\"python\", \"-m\", \"app\"]\nCMD [\"--port\", \"8000\"]\n",
        source: "Dockerfile reference, \"Understand how CMD and ENTRYPOINT interact\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let chain = model.stage_chain(stage);
        // The ENTRYPOINT in effect at the end of the stage: the last one along the chain, nearest stage first.
        let entrypoint = chain.iter().find_map(|s| {
            model
                .stage_instructions(s)
                .filter(|(_, i)| i.keyword == Keyword::Entrypoint)
                .last()
                .map(|(_, i)| i)
        });
        let Some(entrypoint) = entrypoint else { continue };
        if !matches!(entrypoint.view(), View::Entrypoint(Command::Shell(_))) {
            continue;
        }
        let Some((_, cmd)) = model
            .stage_instructions(stage)
            .filter(|(_, i)| i.keyword == Keyword::Cmd)
            .last()
        else {
            continue;
        };
        hits.push(Hit::new(
            cmd.span,
            format!(
                "this CMD is ignored: the ENTRYPOINT on line {} is in shell form and takes no arguments",
                entrypoint.start_line
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_when_cmd_cannot_reach_the_entrypoint() {
        assert_eq!(
            flagged(&RULE, "FROM a\nENTRYPOINT serve\nCMD [\"--x\"]\n"),
            ["CMD [\"--x\"]"]
        );
        assert_eq!(
            check(&RULE, "FROM a AS b\nENTRYPOINT serve\nFROM b\nCMD [\"--x\"]\n").len(),
            1
        );
    }

    #[test]
    fn quiet_with_exec_form_or_no_cmd() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nENTRYPOINT [\"serve\"]\nCMD [\"--x\"]\n",
                "FROM a\nENTRYPOINT serve\n",
                "FROM a AS b\nENTRYPOINT serve\nFROM b\nENTRYPOINT [\"x\"]\nCMD [\"y\"]\n",
                "FROM a\nCMD serve\n",
            ],
        );
    }
}
