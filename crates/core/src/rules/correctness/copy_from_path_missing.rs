use crate::analysis::{FixAvailability, Severity};
use crate::model::image::Point;
use crate::model::Model;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};

pub static RULE: Rule = Rule {
    code: "C049",
    name: "copy-from-path-missing",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`COPY --from=<stage>` names a path that the stage never creates.",
        why: "A multi-stage build copies results out of a build stage by path, and the path must be exactly \
              where that stage put them: a builder that makes its virtual environment in `/opt/venv` has no \
              `/venv`, and the COPY fails with \"failed to compute cache key: ... not found\". The check knows \
              the paths a stage creates with COPY, WORKDIR, `mkdir` and venvs under directories the official \
              images do not have, and stays silent after a step it cannot follow.",
        bad: "FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install flask\n\
              FROM python:3.12-slim\nCOPY --from=builder /venv /venv\n",
        good: "FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install flask\n\
               FROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv\n",
        source: "Dockerfile reference, COPY --from (paths are read from the named stage's image).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction) in model.instructions.iter().enumerate() {
        let Some(copy) = instruction.as_copy() else { continue };
        let Some(from) = copy.from.and_then(|f| f.value.as_deref()) else {
            continue;
        };
        let Some(current) = model.build.stage_of(at) else { continue };
        // Only earlier stages can be copied from (C024 and C025 report the rest).
        let Some(source_stage) = model.build.stage_named(from).filter(|&s| s < current) else {
            continue;
        };
        let Some(&last) = model.build.stages[source_stage].instructions.last() else {
            continue;
        };
        for source in &copy.sources {
            let value = source.value.as_str();
            if !value.starts_with('/') || value.contains(['$', '*', '?', '[']) {
                continue;
            }
            let (exists, _) = model.image().path_exists(source_stage, Point::after(last), value);
            if exists != Some(false) {
                continue;
            }
            hits.push(Hit::new(
                source.span,
                format!(
                    "stage `{from}` never creates `{value}`, so this {} fails with \"not found\"; copy the path the \
                     stage writes",
                    instruction.keyword
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_paths_the_stage_never_made() {
        let source = "FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv\nFROM python:3.12-slim\n\
                      COPY --from=builder /venv /venv\n";
        assert_eq!(flagged(&RULE, source), ["/venv"]);
        let wheels = "FROM python:3.12-slim AS build\nWORKDIR /src\nCOPY . .\nFROM python:3.12-slim\n\
                      COPY --from=build /wheels /wheels\n";
        assert_eq!(flagged(&RULE, wheels), ["/wheels"]);
    }

    #[test]
    fn quiet_when_the_stage_made_it_or_may_have() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim AS b\nRUN python -m venv /opt/venv\nFROM python:3.12-slim\nCOPY --from=b /opt/venv /opt/venv\n",
                "FROM python:3.12-slim AS b\nRUN pip wheel -w /wheels flask\nFROM python:3.12-slim\nCOPY --from=b /wheels /wheels\n",
                "FROM python:3.12-slim AS b\nWORKDIR /app\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=b /app/dist /dist\n",
                "FROM python:3.12-slim AS b\nFROM python:3.12-slim\nCOPY --from=b /usr/local/lib/python3.12 /x\n",
                "FROM mycompany/base AS b\nFROM python:3.12-slim\nCOPY --from=b /venv /venv\n",
                "FROM python:3.12 AS b\nRUN pip install --prefix=/install flask\nFROM python:3.12-slim\nCOPY --from=b /install /usr/local\n",
                "FROM python:3.12 AS b\nRUN pip install --target /deps flask\nFROM python:3.12-slim\nCOPY --from=b /deps /app/deps\n",
                "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\n",
            ],
        );
    }
}
