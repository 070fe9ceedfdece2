use crate::rules::support::image_refs::reference_error;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "B014",
    name: "invalid-image-reference",
    category: Category::Base,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary:
            "A FROM image is not a valid image reference (bad characters, uppercase, empty tag, malformed digest).",
        why: "Docker's reference grammar allows only lowercase repository names, tags of letters, digits, `_`, `.` \
              and `-`, and digests such as `sha256:` followed by 64 lowercase hex digits. Anything else fails the \
              build at `FROM` with `invalid reference format`, often only in CI where a different ARG value is \
              used.",
        bad: "FROM Python:3.12\n",
        good: "FROM python:3.12\n",
        source: "distribution/reference grammar (Docker image reference format); Dockerfile reference, FROM.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let Base::Image {
            reference, unresolved, ..
        } = &stage.base
        else {
            continue;
        };
        if !unresolved.is_empty() || reference.is_empty() {
            continue;
        }
        let Some(from) = model.instructions.get(stage.from).and_then(|i| i.as_from()) else {
            continue;
        };
        // References built from ARGs are judged with their defaults by B013.
        if from.image.value.contains('$') {
            continue;
        }
        let Some(error) = reference_error(reference) else {
            continue;
        };
        hits.push(Hit::new(
            from.image.span,
            format!("`{reference}` is not a valid image reference: {error}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_malformed_references() {
        assert_eq!(flagged(&RULE, "FROM Python:3.12\n"), ["Python:3.12"]);
        for source in [
            "FROM python:\n",
            "FROM python@sha256:abc\n",
            "FROM python:3.12@sha256:2EC5A4A5C3E919570F57675471F081D6299668D909FEABD8D4803C6C61AF666C\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn quiet_on_valid_references_stages_and_variables() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\n",
                "FROM ghcr.io/acme-corp/app:1\n",
                "FROM python:3.12 AS Build\nFROM build\n",
                "FROM scratch\n",
                "FROM $BASE\n",
                "ARG V=3.12@latest\nFROM python:${V}\n",
                "FROM localhost:5000/app@sha256:2ec5a4a5c3e919570f57675471f081d6299668d909feabd8d4803c6c61af666c\n",
            ],
        );
    }

    /// devcontainers/images' build assets start `FROM REPLACE-ME`, which their build script replaces.
    #[test]
    fn quiet_on_template_placeholders() {
        assert_quiet(&RULE, &["FROM REPLACE-ME\nRUN true\n"]);
    }
}
