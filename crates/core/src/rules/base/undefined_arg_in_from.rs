use crate::rules::support::image_refs::{variables, AUTOMATIC_ARGS};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B012",
    name: "undefined-arg-in-from",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &[],
    buildkit: &["UndefinedArgInFrom"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A FROM line uses a variable that no ARG before the first FROM declares.",
        why: "Only ARGs declared before the first FROM (plus BuildKit's automatic platform ARGs) are visible to \
              FROM. An undeclared variable expands to nothing, so `FROM python:${PYTHON_VERSION}` becomes \
              `python:` and the build fails, or a `--build-arg` silently has no effect. Declare it at the top, \
              ideally with a default.",
        bad: "FROM python:${PYTHON_VERSION}-slim\n",
        good: "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\n",
        source: "Docker docs, build checks: UndefinedArgInFrom; Dockerfile reference, \"Understand how ARG and FROM interact\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let declared =
        |name: &str| AUTOMATIC_ARGS.contains(&name) || model.build.global_args.iter().any(|arg| arg.name == name);
    for instruction in &model.instructions {
        let Some(from) = instruction.as_from() else { continue };
        let mut words = Vec::new();
        if let Some(flag) = &from.platform {
            words.push((flag.value.as_deref().unwrap_or(""), flag.span));
        }
        words.push((from.image.value.as_str(), from.image.span));
        for (text, span) in words {
            for var in variables(text) {
                if !declared(&var.name) {
                    hits.push(Hit::new(
                        span,
                        format!("FROM uses `${}`, which no ARG before the first FROM declares", var.name),
                    ));
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
    fn fires_on_undeclared_variables() {
        assert_eq!(
            check(&RULE, "FROM python:${PY}-slim\n"),
            ["FROM uses `$PY`, which no ARG before the first FROM declares"]
        );
        assert_eq!(
            flagged(&RULE, "FROM alpine\nARG BASE=x\nFROM --platform=$PLAT $BASE\n"),
            ["--platform=$PLAT", "$BASE"]
        );
    }

    #[test]
    fn quiet_on_declared_and_automatic_args() {
        assert_quiet(
            &RULE,
            &[
                "ARG PY=3.12\nFROM python:${PY}\n",
                "ARG BASE\nFROM $BASE\n",
                "FROM --platform=$BUILDPLATFORM alpine\n",
                "FROM python:3.12\n",
            ],
        );
    }

    /// devcontainers/templates fill `${templateOption:imageVariant}` in before any build.
    #[test]
    fn quiet_on_template_placeholders() {
        assert_quiet(&RULE, &["FROM mcr.microsoft.com/devcontainers/cpp:1-${templateOption:imageVariant}\nRUN true\n"]);
    }
}
