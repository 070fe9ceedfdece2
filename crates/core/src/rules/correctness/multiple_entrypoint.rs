use crate::rules::support::stages::overridden_hits;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C010",
    name: "multiple-entrypoint",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL4004"],
    buildkit: &["MultipleInstructionsDisallowed"],
    trivy: &["DS-0007"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A stage has more than one ENTRYPOINT; only the last one takes effect.",
        why: "Only the last ENTRYPOINT of a stage is used; the earlier ones never run. Readers (and reviewers) may believe a wrapper such as an init process or setup script runs when it does not.",
        bad: "FROM python:3.12\nENTRYPOINT [\"tini\", \"--\"]\nENTRYPOINT [\"python\"]\n",
        good: "FROM python:3.12\nENTRYPOINT [\"tini\", \"--\", \"python\"]\n",
        source: "Docker docs, build checks: MultipleInstructionsDisallowed; Dockerfile reference, ENTRYPOINT; hadolint DL4004.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    overridden_hits(model, Keyword::Entrypoint, hits);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_earlier_instructions_of_a_stage() {
        let source = "FROM a\nENTRYPOINT [\"x\"]\nRUN y\nENTRYPOINT [\"z\"]\n";
        assert_eq!(flagged(&RULE, source), ["ENTRYPOINT [\"x\"]"]);
        assert_eq!(
            check(&RULE, source),
            ["this `ENTRYPOINT` has no effect: the `ENTRYPOINT` on line 4 in the same stage replaces it"]
        );
    }

    #[test]
    fn quiet_on_one_per_stage() {
        assert!(check(&RULE, "FROM a AS b\nENTRYPOINT [\"x\"]\nFROM b\nENTRYPOINT [\"z\"]\n").is_empty());
    }
}
