use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C002",
    name: "duplicate-stage-name",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3024"],
    buildkit: &["DuplicateStageName"],
    trivy: &["DS-0012"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "Two stages have the same name (names are compared case-insensitively).",
        why: "`COPY --from=build`, `FROM build` and `--target build` can only mean one stage. With a duplicate, \
              references silently pick one of them, so files come from a stage you did not expect, or the build \
              stops with a duplicate-name error.",
        bad: "FROM python:3.12 AS build\nFROM node:22 AS build\n",
        good: "FROM python:3.12 AS build-py\nFROM node:22 AS build-js\n",
        source: "Docker docs, build checks: DuplicateStageName; hadolint DL3024.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let stages = &model.build.stages;
    for (i, stage) in stages.iter().enumerate() {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        let Some(first) = stages[..i]
            .iter()
            .find(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        else {
            continue;
        };
        let line = model.instructions.get(first.from).map_or(0, |i| i.start_line);
        hits.push(Hit::new(
            span,
            format!("stage name `{name}` is already used by the stage on line {line}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_repeated_names() {
        assert_eq!(flagged(&RULE, "FROM a AS build\nFROM b AS Build\n"), ["Build"]);
        assert_eq!(
            check(&RULE, "FROM a AS x\nFROM b AS x\n"),
            ["stage name `x` is already used by the stage on line 1"]
        );
    }

    #[test]
    fn quiet_on_distinct_names() {
        assert!(check(&RULE, "FROM a AS x\nFROM b AS y\nFROM c\n").is_empty());
    }
}
