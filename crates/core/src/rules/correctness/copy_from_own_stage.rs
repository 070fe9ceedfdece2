use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C025",
    name: "copy-from-own-stage",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3023"],
    buildkit: &[],
    trivy: &["DS-0006"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`COPY --from` names the stage it is in.",
        why: "A stage cannot copy from itself: its result does not exist yet, and BuildKit rejects the build \
              with a circular dependency. To move files within a stage use `RUN cp`, or copy from the stage \
              that produced them.",
        bad: "FROM python:3.12 AS app\nCOPY --from=app /src /app\n",
        good: "FROM python:3.12 AS build\nRUN mkdir /src\nFROM python:3.12-slim AS app\nCOPY --from=build /src /app\n",
        source: "Dockerfile reference, COPY --from; hadolint DL3023.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction) in model.instructions.iter().enumerate() {
        let Some(copy) = instruction.as_copy() else { continue };
        let Some(flag) = copy.from else { continue };
        let Some(value) = flag.value.as_deref() else { continue };
        let Some(current) = model.build.stage_of(at) else {
            continue;
        };
        let stage = &model.build.stages[current];
        let same = value.parse::<usize>().is_ok_and(|n| n == current)
            || stage.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(value));
        if same {
            hits.push(Hit::new(
                flag.span,
                format!("`--from={value}` refers to the stage this COPY is in"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_self_references() {
        assert_eq!(flagged(&RULE, "FROM a AS App\nCOPY --from=app /x /y\n"), ["--from=app"]);
        assert_eq!(check(&RULE, "FROM a\nFROM b\nCOPY --from=1 /x /y\n").len(), 1);
    }

    #[test]
    fn quiet_on_other_stages() {
        assert!(check(
            &RULE,
            "FROM a AS x\nFROM b AS y\nCOPY --from=x /x /y\nCOPY --from=0 /a /b\n"
        )
        .is_empty());
    }
}
