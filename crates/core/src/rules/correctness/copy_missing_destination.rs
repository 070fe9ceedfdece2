use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::Arguments;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C026",
    name: "copy-missing-destination",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "COPY or ADD has a single argument, so it has no destination (often a missing space before `.`).",
        why: "COPY and ADD need at least one source and a destination; with one word BuildKit stops with \
              \"requires at least two arguments\". `COPY requirements.txt.` is the classic typo: the space \
              before the `.` destination is missing.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt.\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n",
        source: "Dockerfile reference, COPY and ADD.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) || !instruction.heredocs.is_empty() {
            continue;
        }
        let word = match &instruction.arguments {
            Arguments::Words(words) | Arguments::Json(words) if words.len() == 1 => &words[0],
            _ => continue,
        };
        let mut hit = Hit::new(
            word.span,
            format!("`{} {}` has no destination", instruction.keyword, word.value),
        );
        let raw = &model.source[word.span.start..word.span.end];
        let glued = raw.strip_suffix('.').filter(|stem| {
            !stem.is_empty() && !stem.ends_with(['.', '/']) && raw == word.value && !instruction.is_json()
        });
        if let Some(stem) = glued {
            hit.message = format!(
                "`{} {raw}` has no destination; did you mean `{stem} .`?",
                instruction.keyword
            );
            hit = hit.with_fix(Fix::safe(
                format!("copy `{stem}` to `.`"),
                vec![Edit::insert(word.span.end - 1, " ")],
            ));
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_and_splits_a_glued_dot() {
        assert_eq!(
            fixed(&RULE, "FROM a\nCOPY requirements.txt.\n").as_deref(),
            Some("FROM a\nCOPY requirements.txt .\n")
        );
        for trap in [
            "FROM a\nCOPY app\n",
            "FROM a\nCOPY ..\n",
            "FROM a\nCOPY src/.\n",
            "FROM a\nCOPY [\"a.\"]\n",
        ] {
            assert_eq!(check(&RULE, trap).len(), 1, "{trap}");
            assert_eq!(fixed(&RULE, trap), None, "{trap}");
        }
    }

    #[test]
    fn quiet_with_a_destination() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nCOPY a .\n",
                "FROM a\nCOPY <<EOF /x\nhi\nEOF\n",
                "FROM a\nADD a.tar.gz /\n",
            ],
        );
    }
}
