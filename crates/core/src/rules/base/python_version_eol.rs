use crate::rules::support::image_refs::{from_images, leading_version, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B006",
    name: "python-version-eol",
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
        summary: "A `python` base image runs a Python release that has reached end of life.",
        why: "After end of life the Python core team ships no security fixes, the official image stops being \
              rebuilt, and libraries drop the version (new wheels stop appearing, so pip falls back to old releases \
              or source builds). Python 3.8 ended in October 2024, 3.9 in October 2025 and 3.10 in October 2026; \
              move to a supported 3.x.",
        bad: "FROM python:3.9-slim\n",
        good: "FROM python:3.13-slim\n",
        source: "Python Developer's Guide, \"Status of Python versions\"; PEP 596, PEP 619.",
    },
    check,
};

/// Minor versions of Python 3 whose end of life has passed, with the month it happened.
const ENDED: [(u32, &str); 11] = [
    (0, "2009-06"),
    (1, "2012-04"),
    (2, "2013-05"),
    (3, "2017-09"),
    (4, "2019-03"),
    (5, "2020-09"),
    (6, "2021-12"),
    (7, "2023-06"),
    (8, "2024-10"),
    (9, "2025-10"),
    (10, "2026-10"),
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        if official_name(from.image) != Some("python") {
            continue;
        }
        let Some((major, minor)) = from.image.tag.as_deref().and_then(leading_version) else {
            continue;
        };
        let ended = match (major, minor) {
            (2, _) => Some("2020-01"),
            (3, Some(minor)) => ENDED.iter().find(|(m, _)| *m == minor).map(|(_, date)| *date),
            _ => None,
        };
        let Some(ended) = ended else { continue };
        let version = minor.map_or(major.to_string(), |minor| format!("{major}.{minor}"));
        hits.push(Hit::new(
            from.tag_span(),
            format!("Python {version} reached end of life in {ended}; it gets no security fixes"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_ended_versions() {
        assert_eq!(flagged(&RULE, "FROM python:3.9-slim\n"), ["3.9-slim"]);
        assert_eq!(
            check(&RULE, "FROM python:2.7\n"),
            ["Python 2.7 reached end of life in 2020-01; it gets no security fixes"]
        );
        assert_eq!(check(&RULE, "ARG PY=3.8\nFROM python:${PY}-alpine AS b\n").len(), 1);
        assert_eq!(
            check(&RULE, "FROM docker.io/library/python:3.10.14-bookworm\n").len(),
            1
        );
    }

    #[test]
    fn quiet_on_supported_and_other_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\n",
                "FROM python:3.11-slim\n",
                "FROM python:3\n",
                "FROM python:slim\n",
                "FROM acme/python:3.8\n",
                "FROM node:3.8\n",
                "FROM python:${V}\n",
            ],
        );
    }
}
