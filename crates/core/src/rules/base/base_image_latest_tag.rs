use crate::rules::support::image_refs::from_images;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B002",
    name: "base-image-latest-tag",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &["DL3007"],
    buildkit: &[],
    trivy: &["DS-0001"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A FROM image uses the `latest` tag, which points at whatever was published last.",
        why: "`latest` is just a tag the publisher moves with each release, so two builds of the same Dockerfile \
              can get different operating systems and runtimes. A failure after a rebuild then has no visible \
              cause in your diff, and you cannot roll back to the image you tested. Name a version tag instead.",
        bad: "FROM python:latest\n",
        good: "FROM python:3.12-slim-bookworm\n",
        source: "Docker docs, \"Building best practices\" (pin base image versions); hadolint DL3007; Trivy DS001.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        if from.image.tag.as_deref() != Some("latest") || from.image.digest.is_some() {
            continue;
        }
        hits.push(Hit::new(
            from.tag_span(),
            format!(
                "`{}` uses the moving `latest` tag; name the version you tested",
                from.from.image.value
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_latest_tags_also_through_args() {
        assert_eq!(flagged(&RULE, "FROM python:latest AS app\n"), ["latest"]);
        assert_eq!(flagged(&RULE, "ARG IMAGE=node:latest\nFROM ${IMAGE}\n"), ["${IMAGE}"]);
    }

    #[test]
    fn quiet_on_versions_digests_and_stages() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\n",
                "FROM python:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
                "FROM python\n",
                "FROM python:3.12 AS latest\nFROM latest\n",
                "FROM ${UNKNOWN}:latest\n",
            ],
        );
    }
}
