use crate::rules::support::image_refs::from_images;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B003",
    name: "base-image-not-pinned-by-digest",
    category: Category::Base,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A FROM image is named by tag only, not pinned by digest.",
        why: "Tags are mutable: `python:3.12-slim` is republished for every patch release and security update, \
              so the bytes you build on change under the same name. A `@sha256:` digest makes the build \
              reproducible and auditable; pair it with a bot (Renovate, Dependabot) so security updates still \
              arrive as reviewed changes.",
        bad: "FROM python:3.12-slim\n",
        good: "FROM python:3.12-slim@sha256:2ec5a4a5c3e919570f57675471f081d6299668d909feabd8d4803c6c61af666c\n",
        source: "Docker docs, \"Building best practices\" (pin base image versions by digest).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        if from.image.digest.is_some() {
            continue;
        }
        hits.push(Hit::new(
            from.span,
            format!("`{}` is not pinned by digest", from.from.image.value),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_tag_only_images() {
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS build\nFROM build\n"),
            ["`python:3.12` is not pinned by digest"]
        );
    }

    #[test]
    fn quiet_on_digests_scratch_and_unknown_variables() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
                "FROM scratch\n",
                "FROM $BASE\n",
            ],
        );
    }
}
