use crate::rules::support::image_refs::reference_error;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "B013",
    name: "invalid-default-arg-in-from",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &[],
    buildkit: &["InvalidDefaultArgInFrom"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "With the ARG defaults, a FROM line expands to an empty or invalid image reference.",
        why: "`ARG TAG` without a value expands to an empty string, so `FROM python:${TAG}` becomes `python:` and \
              `docker build .` fails with an invalid reference. Give the ARG a default that builds, and override \
              it with `--build-arg` when needed.",
        bad: "ARG TAG\nFROM python:${TAG}\n",
        good: "ARG TAG=3.12-slim\nFROM python:${TAG}\n",
        source: "Docker docs, build checks: InvalidDefaultArgInFrom.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let without_default: Vec<&str> = model
        .build
        .global_args
        .iter()
        .filter(|arg| arg.value.is_none())
        .map(|arg| arg.name.as_str())
        .collect();
    for stage in &model.build.stages {
        let Base::Image {
            reference, unresolved, ..
        } = &stage.base
        else {
            continue;
        };
        let Some(from) = model.instructions.get(stage.from).and_then(|i| i.as_from()) else {
            continue;
        };
        if !from.image.value.contains('$') {
            continue;
        }
        // Undeclared variables are another rule's (B012); declared ones without a default expand to nothing.
        if !unresolved.iter().all(|name| without_default.contains(&name.as_str())) {
            continue;
        }
        let mut expanded = reference.clone();
        for name in unresolved {
            expanded = expanded
                .replace(&format!("${{{name}}}"), "")
                .replace(&format!("${name}"), "");
        }
        if expanded.contains('$') {
            continue;
        }
        let Some(error) = reference_error(&expanded) else {
            continue;
        };
        let message = if unresolved.is_empty() {
            format!("with the ARG defaults FROM gets `{expanded}`, which is not a valid image reference: {error}")
        } else {
            let names: Vec<String> = unresolved.iter().map(|n| format!("`{n}`")).collect();
            let result = if expanded.is_empty() {
                "an empty image name".to_string()
            } else {
                format!("the invalid image `{expanded}`")
            };
            format!(
                "without `--build-arg`, ARG {} is empty and FROM gets {result}",
                names.join(", ")
            )
        };
        hits.push(Hit::new(from.image.span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_when_the_defaults_break_the_reference() {
        assert_eq!(
            check(&RULE, "ARG V=3.12@latest\nFROM python:${V}\n"),
            [
                "with the ARG defaults FROM gets `python:3.12@latest`, which is not a valid image reference: \
              `latest` is not a valid digest (`sha256:` and 64 lowercase hex digits)"
            ]
        );
        assert_eq!(check(&RULE, "ARG TAG=\"\"\nFROM python:${TAG}\n").len(), 1);
        assert_eq!(flagged(&RULE, "ARG TAG\nFROM python:${TAG}\n"), ["python:${TAG}"]);
        assert_eq!(
            check(&RULE, "ARG BASE\nFROM $BASE AS app\n"),
            ["without `--build-arg`, ARG `BASE` is empty and FROM gets an empty image name"]
        );
    }

    #[test]
    fn quiet_when_the_reference_stays_valid() {
        assert_quiet(
            &RULE,
            &[
                "ARG TAG=3.12\nFROM python:${TAG}\n",
                "FROM Python:3.12\n",
                "ARG SUFFIX\nFROM python:3.12${SUFFIX}\n",
                "FROM python:${UNDECLARED}\n",
                "ARG TAG\nFROM python:${TAG:-3.12}\n",
            ],
        );
    }
}
