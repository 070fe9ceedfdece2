use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C013",
    name: "reserved-stage-name",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3063"],
    buildkit: &["ReservedStageName"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A stage is named `scratch` or `context`, names BuildKit reserves.",
        why: "`scratch` always means the empty image and `context` names the build context in `--from` and \
              named contexts, so `FROM scratch` or `COPY --from=context` after such a stage does not refer to \
              it. Pick another name.",
        bad: "FROM alpine AS scratch\n",
        good: "FROM alpine AS base\n",
        source: "Docker docs, build checks: ReservedStageName.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if lower == "scratch" || lower == "context" {
            hits.push(Hit::new(
                span,
                format!("`{name}` is a reserved name and cannot be used as a stage name"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_reserved_names() {
        assert_eq!(
            flagged(&RULE, "FROM a AS Scratch\nFROM b AS context\n"),
            ["Scratch", "context"]
        );
    }

    #[test]
    fn quiet_on_other_names() {
        assert!(check(&RULE, "FROM scratch AS final\n").is_empty());
    }
}
