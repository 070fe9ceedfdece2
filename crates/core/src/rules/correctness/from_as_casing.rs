use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C005",
    name: "from-as-casing",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["FromAsCasing"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "The `AS` of a FROM line is not in the same case as the `FROM` keyword.",
        why: "`FROM python:3.12 as build` works, but mixing cases makes stage names harder to spot and BuildKit \
              reports it on each build. Write `FROM ... AS name` (or all lowercase).",
        bad: "FROM python:3.12 as build\n",
        good: "FROM python:3.12 AS build\n",
        source: "Docker docs, build checks: FromAsCasing.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        let Some(from) = instruction.as_from() else { continue };
        let Some(word) = &from.as_keyword else { continue };
        let keyword = &instruction.keyword_text;
        let wanted = if *keyword == keyword.to_ascii_uppercase() {
            "AS"
        } else if *keyword == keyword.to_ascii_lowercase() {
            "as"
        } else {
            continue;
        };
        if word.value == wanted {
            continue;
        }
        hits.push(
            Hit::new(
                word.span,
                format!(
                    "`{}` does not match the casing of `{keyword}`: write `{wanted}`",
                    word.value
                ),
            )
            .with_fix(Fix::safe(
                format!("write `{wanted}`"),
                vec![Edit::replace(word.span.start..word.span.end, wanted)],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(fixed(&RULE, "FROM a as b\n").as_deref(), Some("FROM a AS b\n"));
        assert_eq!(fixed(&RULE, "from a AS b\n").as_deref(), Some("from a as b\n"));
    }

    #[test]
    fn quiet_when_matching() {
        for source in ["FROM a AS b\n", "from a as b\n", "From a as b\n", "FROM a\n"] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
