use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Category, Context, Edit, Explanation, Fix, Hit, Rule};

pub static RULE: Rule = Rule {
    code: "C014",
    name: "stage-name-casing",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    hadolint: &[],
    buildkit: &["StageNameCasing"],
    trivy: &[],
    fix: FixAvailability::Safe,
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

fn check(context: &Context, hits: &mut Vec<Hit>) {
    for stage in &context.model.stages {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if *name == lower || context.source.get(span.start..span.end) != Some(name.as_str()) {
            continue;
        }
        hits.push(
            Hit::new(span, format!("stage name `{name}` should be lowercase: `{lower}`")).with_fix(Fix::safe(
                format!("rename to `{lower}`"),
                vec![Edit::replace(span.start..span.end, lower)],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, fixed};

    #[test]
    fn fires_and_lowercases() {
        assert_eq!(
            fixed(&RULE, "FROM a AS Build\nFROM b\nCOPY --from=Build /x /x\n").as_deref(),
            Some("FROM a AS build\nFROM b\nCOPY --from=Build /x /x\n")
        );
    }

    #[test]
    fn quiet_on_lowercase() {
        assert!(check(&RULE, "FROM a AS build-1\nFROM b\n").is_empty());
    }
}
