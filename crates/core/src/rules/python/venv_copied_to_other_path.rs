use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::{norm, stage_label, venv_created};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::{DependencyKind, Target};

pub static RULE: Rule = Rule {
    code: "Y008",
    name: "venv-copied-to-other-path",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A virtual environment is copied from another stage to a different path than it was created at.",
        why: "A virtualenv is not relocatable: the scripts in its `bin/` (`gunicorn`, `uvicorn`, `pip`...) \
              start with a shebang naming the absolute path of the environment's interpreter, and \
              `pyvenv.cfg` and `activate` name it too. Copied to another path, those scripts fail with \
              \"no such file or directory\" although the file is right there. Copy the environment to \
              the same path it was created at.",
        bad: "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /venv\n",
        good: "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n",
        source: "Python docs, \"venv\" (environments are not portable between paths).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for source_stage in &model.build.stages {
        let mut venvs = Vec::new();
        for (index, _) in model.stage_instructions(source_stage) {
            for script in model.scripts(index) {
                for command in script.commands() {
                    if let Some(word) = venv_created(command) {
                        let path = model.expand_at(index, &word.value);
                        if path.starts_with('/') && !path.contains('$') {
                            venvs.push(norm(&path).to_string());
                        }
                    }
                }
            }
        }
        if venvs.is_empty() {
            continue;
        }
        for stage in &model.build.stages {
            for dependency in &stage.dependencies {
                if dependency.kind != DependencyKind::CopyFrom || dependency.target != Target::Stage(source_stage.index)
                {
                    continue;
                }
                let Some(copy) = model
                    .instructions
                    .get(dependency.instruction)
                    .and_then(|i| i.as_copy())
                else {
                    continue;
                };
                let Some(destination) = copy.destination else { continue };
                let to = model.expand_at(dependency.instruction, &destination.value);
                if !to.starts_with('/') || to.contains('$') {
                    continue;
                }
                for source in &copy.sources {
                    let from = model.expand_at(dependency.instruction, &source.value);
                    let from = norm(&from);
                    if venvs.iter().any(|v| v == from) && norm(&to) != from {
                        hits.push(Hit::new(
                            destination.span,
                            format!(
                                "virtualenv `{from}` from stage `{}` is copied to `{to}`: its scripts' shebangs still point to `{from}/bin/python`",
                                stage_label(source_stage)
                            ),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_when_the_path_changes() {
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nRUN python3 -m venv /opt/venv\nFROM python:3.12\nCOPY --from=b /opt/venv/ /venv\n"),
            ["virtualenv `/opt/venv` from stage `b` is copied to `/venv`: its scripts' shebangs still point to `/opt/venv/bin/python`"]
        );
        assert_eq!(
            flagged(&RULE, "FROM python:3.12 AS b\nENV VIRTUAL_ENV=/opt/venv\nRUN uv venv $VIRTUAL_ENV\nFROM python:3.12\nCOPY --from=b /opt/venv /opt/\n"),
            ["/opt/"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nRUN virtualenv /v && /v/bin/pip install x\nFROM python:3.12\nCOPY --from=B /v /app/v\n").len(),
            1
        );
    }

    #[test]
    fn quiet_when_the_path_is_kept() {
        assert_quiet(&RULE, &[
            "FROM python:3.12 AS b\nRUN python -m venv /opt/venv\nFROM python:3.12\nCOPY --from=b /opt/venv /opt/venv\n",
            "FROM python:3.12 AS b\nRUN python -m venv /opt/venv\nFROM python:3.12\nCOPY --from=b /opt/venv/ /opt/venv/\n",
            "FROM python:3.12 AS b\nRUN python -m venv .venv\nFROM python:3.12\nCOPY --from=b /app/.venv /venv\n",
            "FROM python:3.12 AS b\nRUN python -m venv /opt/venv\nFROM python:3.12\nCOPY --from=b /opt/venv/lib /x\n",
        ]);
    }
}
