use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C001",
    name: "consistent-instruction-casing",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["ConsistentInstructionCasing"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "An instruction keyword is not written in the same case as the rest of the file.",
        why: "Keywords are case-insensitive, but a mix of `RUN` and `run` (or `Copy`) makes a Dockerfile harder \
              to scan and to grep, and BuildKit reports it on every build. Pick one case, conventionally \
              uppercase.",
        bad: "FROM python:3.12\nrun pip install flask\n",
        good: "FROM python:3.12\nRUN pip install flask\n",
        source: "Docker docs, build checks: ConsistentInstructionCasing.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let (mut lower, mut upper) = (0, 0);
    for instruction in &model.instructions {
        let text = &instruction.keyword_text;
        if *text == text.to_ascii_lowercase() {
            lower += 1;
        } else if *text == text.to_ascii_uppercase() {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for instruction in &model.instructions {
        let text = &instruction.keyword_text;
        let wanted = if majority_lower {
            text.to_ascii_lowercase()
        } else {
            text.to_ascii_uppercase()
        };
        if *text == wanted {
            continue;
        }
        let case = if majority_lower { "lowercase" } else { "uppercase" };
        let span = instruction.keyword_span;
        hits.push(
            Hit::new(
                span,
                format!("`{text}` should be {case} like the other instructions: `{wanted}`"),
            )
            .with_fix(Fix::safe(
                format!("write `{wanted}`"),
                vec![Edit::replace(span.start..span.end, wanted)],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed, flagged};

    #[test]
    fn fires_against_the_majority() {
        assert_eq!(flagged(&RULE, "FROM a\nrun x\nCopy a b\n"), ["run", "Copy"]);
        assert_eq!(
            fixed(&RULE, "from a\nrun x\nCOPY a b\n").as_deref(),
            Some("from a\nrun x\ncopy a b\n")
        );
        assert_eq!(fixed(&RULE, "FROM a\nrun x\n").as_deref(), Some("FROM a\nRUN x\n"));
    }

    #[test]
    fn quiet_when_consistent() {
        for source in ["FROM a\nRUN x\n", "from a\nrun x\n"] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
