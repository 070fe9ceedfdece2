use crate::analysis::{FixAvailability, Severity};
use crate::model::Model;
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C048",
    name: "keyword-joined-to-argument",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "An unknown instruction is a known one with its first argument attached (`COPY. .`, \
                  `RUN./build.sh`): the fix adds the missing space.",
        why: "BuildKit splits an instruction at the first blank, so `COPY. .` is an instruction named `COPY.` \
              and the whole file is rejected (\"unknown instruction: COPY.\", reported as a syntax error). When \
              the unknown word is a keyword followed by `.` or `/`, a path, the space is the only reading, and \
              adding it is safe: a file that did not build cannot change its image.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nCOPY. .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        source: "BuildKit's Dockerfile parser (instructions are split at the first whitespace).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        if instruction.keyword != Keyword::Unknown {
            continue;
        }
        let text = instruction.keyword_text.as_str();
        let Some(known) = Keyword::KNOWN.iter().find(|k| {
            text.len() > k.as_str().len()
                && text.is_char_boundary(k.as_str().len())
                && text[..k.as_str().len()].eq_ignore_ascii_case(k.as_str())
                && matches!(text.as_bytes()[k.as_str().len()], b'.' | b'/')
        }) else {
            continue;
        };
        let split = instruction.keyword_span.start + known.as_str().len();
        hits.push(
            Hit::new(
                instruction.keyword_span,
                format!(
                    "`{text}` is `{}` joined to its first argument `{}`: add the space",
                    known.as_str(),
                    &text[known.as_str().len()..]
                ),
            )
            .with_fix(Fix::safe(format!("separate `{}` from its argument", known.as_str()), vec![Edit::insert(split, " ")])),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, fixed};

    #[test]
    fn separates_the_keyword() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-slim\nCOPY. .\n").as_deref(),
            Some("FROM python:3.12-slim\nCOPY . .\n")
        );
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-slim\nRUN./build.sh\n").as_deref(),
            Some("FROM python:3.12-slim\nRUN ./build.sh\n")
        );
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-slim\ncopy./app /app\n").as_deref(),
            Some("FROM python:3.12-slim\ncopy ./app /app\n")
        );
    }

    #[test]
    fn quiet_where_another_reading_exists() {
        assert_quiet(&RULE, &["FROM python:3.12-slim\nCOPYY . .\n", "FROM python:3.12-slim\nCOPY . .\n", "FROM x\nRUNX y\n"]);
    }
}
