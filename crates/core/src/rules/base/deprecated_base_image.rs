use crate::rules::support::image_refs::{from_images, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B017",
    name: "deprecated-base-image",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A FROM image is a deprecated official image that no longer receives updates.",
        why: "Deprecated official images are frozen: `centos` stopped with CentOS Linux's end of life, \
              `openjdk` and `java` were deprecated in favour of vendor builds. They keep their last CVEs forever \
              and may be removed from Docker Hub. Move to a maintained image.",
        bad: "FROM openjdk:17-slim\n",
        good: "FROM eclipse-temurin:21-jre\n",
        source: "Docker Hub official image pages (centos, openjdk, java deprecation notices).",
    },
    check,
};

const DEPRECATED: [(&str, &str); 3] = [
    (
        "centos",
        "CentOS Linux is end of life; use `rockylinux`, `almalinux` or `quay.io/centos/centos:stream9`",
    ),
    (
        "openjdk",
        "the image is deprecated; use `eclipse-temurin` or another maintained JDK build",
    ),
    (
        "java",
        "the image is deprecated; use `eclipse-temurin` or another maintained JDK build",
    ),
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        let Some(name) = official_name(from.image) else {
            continue;
        };
        if let Some((_, advice)) = DEPRECATED.iter().find(|(image, _)| *image == name) {
            hits.push(Hit::new(from.span, format!("`{name}` is deprecated: {advice}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_deprecated_images() {
        assert_eq!(flagged(&RULE, "FROM centos:7\n"), ["centos:7"]);
        assert_eq!(check(&RULE, "FROM docker.io/library/openjdk:17\n").len(), 1);
    }

    #[test]
    fn quiet_on_maintained_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM eclipse-temurin:21\n",
                "FROM quay.io/centos/centos:stream9\n",
                "FROM python:3.12\n",
            ],
        );
    }
}
