use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::span::Span;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C014",
    name: "stage-name-casing",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["StageNameCasing"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "A stage name has uppercase letters.",
        why: "Stage names are matched case-insensitively, so `Build` and `build` are the same stage; writing \
              them in lowercase avoids the impression that they differ and matches how image references must be \
              written. BuildKit reports uppercase stage names.",
        bad: "FROM python:3.12 AS Builder\n",
        good: "FROM python:3.12 AS builder\n",
        source: "Docker docs, build checks: StageNameCasing.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if *name == lower || model.source.get(span.start..span.end) != Some(name.as_str()) {
            continue;
        }
        let mut edits = vec![Edit::replace(span.start..span.end, lower.clone())];
        edits.extend(references(model, name).map(|at| Edit::replace(at.start..at.end, lower.clone())));
        hits.push(
            Hit::new(span, format!("stage name `{name}` should be lowercase: `{lower}`"))
                .with_fix(Fix::safe(format!("rename to `{lower}`"), edits)),
        );
    }
}

/// Where later instructions spell the stage's name in another case than lowercase (`FROM Build`,
/// `COPY --from=BUILD`): renamed with it, so the file reads as one name. BuildKit matches them in any case, so
/// leaving them would still build.
fn references<'a>(model: &'a Model, name: &'a str) -> impl Iterator<Item = Span> + 'a {
    let source = model.source;
    let spelled = move |span: Span| {
        source
            .get(span.start..span.end)
            .is_some_and(|text| text.eq_ignore_ascii_case(name) && text.bytes().any(|b| b.is_ascii_uppercase()))
    };
    model.instructions.iter().flat_map(move |instruction| {
        let image = match instruction.view() {
            View::From(from) => Some(from.image.span).filter(|&span| spelled(span)),
            _ => None,
        };
        let from_flag = instruction.flag("from").and_then(|flag| {
            // The value is the end of the flag as written (`--from=Build`), unless quoted or escaped.
            let end = flag.span.end;
            let value = Span {
                start: end.checked_sub(name.len())?,
                end,
                ..flag.span
            };
            spelled(value).then_some(value)
        });
        image.into_iter().chain(from_flag)
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed};

    #[test]
    fn fires_and_lowercases_the_name_and_its_references() {
        assert_eq!(
            fixed(&RULE, "FROM a AS Build\nFROM b\nCOPY --from=Build /x /x\n").as_deref(),
            Some("FROM a AS build\nFROM b\nCOPY --from=build /x /x\n")
        );
        assert_eq!(
            fixed(&RULE, "FROM a AS BUILD_IMAGE\nFROM BUILD_IMAGE AS test\nFROM b\nCOPY --from=build_image /x /x\nCOPY --from=Build_Image /y /y\nCOPY --from=other /z /z\n").as_deref(),
            Some("FROM a AS build_image\nFROM build_image AS test\nFROM b\nCOPY --from=build_image /x /x\nCOPY --from=build_image /y /y\nCOPY --from=other /z /z\n")
        );
    }

    #[test]
    fn quiet_on_lowercase() {
        assert!(check(&RULE, "FROM a AS build-1\nFROM b\n").is_empty());
    }
}
