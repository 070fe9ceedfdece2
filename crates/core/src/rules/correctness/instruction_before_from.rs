use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C031",
    name: "instruction-before-from",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3061"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "An instruction other than ARG comes before the first FROM.",
        why: "Only ARG (and parser directives and comments) may precede the first FROM: everything else needs a \
              stage to act on, and the build fails with \"no build stage in current context\".",
        bad: "ENV PYTHONUNBUFFERED=1\nFROM python:3.12-slim\n",
        good: "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n",
        source: "Dockerfile reference, FROM (\"ARG is the only instruction that may precede FROM\"); hadolint DL3061.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        match instruction.keyword {
            Keyword::From => break,
            Keyword::Arg | Keyword::Unknown => {}
            _ => hits.push(Hit::new(
                instruction.keyword_span,
                format!(
                    "`{}` comes before the first FROM; only ARG may",
                    instruction.keyword_text
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_before_from() {
        assert_eq!(flagged(&RULE, "ARG A=1\nLABEL x=y\nFROM a\nRUN x\n"), ["LABEL"]);
    }

    #[test]
    fn quiet_with_args_only() {
        assert!(check(&RULE, "# syntax=docker/dockerfile:1\nARG A=1\nFROM a\nENV B=2\n").is_empty());
    }
}
