use crate::rules::support::stages::overridden_hits;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C009",
    name: "multiple-cmd",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL4003"],
    buildkit: &["MultipleInstructionsDisallowed"],
    trivy: &["DS-0016"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A stage has more than one CMD; only the last one takes effect.",
        why: "Only the last CMD of a stage is used, so an earlier one is dead code that misleads readers about what the container runs. It often means a command meant to run at build time (that should be RUN) or a leftover from copying snippets.",
        bad: "FROM python:3.12\nCMD [\"python\", \"manage.py\", \"migrate\"]\nCMD [\"gunicorn\", \"app:app\"]\n",
        good: "FROM python:3.12\nRUN python manage.py collectstatic --noinput\nCMD [\"gunicorn\", \"app:app\"]\n",
        source: "Docker docs, build checks: MultipleInstructionsDisallowed; Dockerfile reference, CMD; hadolint DL4003.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    overridden_hits(model, Keyword::Cmd, hits);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_earlier_instructions_of_a_stage() {
        let source = "FROM a\nCMD [\"x\"]\nRUN y\nCMD [\"z\"]\n";
        assert_eq!(flagged(&RULE, source), ["CMD [\"x\"]"]);
        assert_eq!(
            check(&RULE, source),
            ["this `CMD` has no effect: the `CMD` on line 4 in the same stage replaces it"]
        );
    }

    #[test]
    fn quiet_on_one_per_stage() {
        assert!(check(&RULE, "FROM a AS b\nCMD [\"x\"]\nFROM b\nCMD [\"z\"]\n").is_empty());
    }
}
