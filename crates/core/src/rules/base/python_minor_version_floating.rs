use crate::rules::support::image_refs::{from_images, leading_version, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B015",
    name: "python-minor-version-floating",
    category: Category::Base,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::BUILDS,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A `python` image tag does not name the minor version (`python:3`, `python:slim`).",
        why: "`python:3-slim` and `python:slim` move to the next Python 3.x when it is released. A minor release \
              removes deprecated modules and changes the ABI, so compiled wheels, pinned dependencies and the \
              paths under `/usr/local/lib/python3.x` change on a rebuild you did not ask for. Name `3.12` (or \
              a patch version) and upgrade on purpose.",
        bad: "FROM python:3-slim\n",
        good: "FROM python:3.12-slim\n",
        source: "Docker Hub python image, supported tags; Python release cycle (PEP 602).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        if official_name(from.image) != Some("python") || from.image.digest.is_some() {
            continue;
        }
        // Untagged and `latest` images are other rules' findings.
        let Some(tag) = from.image.tag.as_deref().filter(|t| *t != "latest") else {
            continue;
        };
        let first = tag.split('-').next().unwrap_or(tag);
        // Python 2 ended at 2.7: `python:2` no longer moves (its end of life is B006's finding).
        let moves_within = match leading_version(first) {
            Some((2, _)) => None,
            Some((major, None)) => Some(format!("Python {major}.x release")),
            Some((_, Some(_))) => None,
            None if first.starts_with("windowsservercore") || first.starts_with("nanoserver") => None,
            None => Some("Python release".to_string()),
        };
        if let Some(release) = moves_within {
            hits.push(Hit::new(
                from.tag_span(),
                format!("`python:{tag}` moves to each new {release}; name the minor version"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_major_only_and_versionless_tags() {
        assert_eq!(flagged(&RULE, "FROM python:3-slim\n"), ["3-slim"]);
        assert_eq!(check(&RULE, "FROM python:slim-bookworm\n").len(), 1);
        assert_eq!(check(&RULE, "FROM python:alpine\n").len(), 1);
    }

    #[test]
    fn quiet_on_minor_versions_and_other_rules_cases() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\n",
                "FROM python:3.12.4\n",
                "FROM python\n",
                "FROM python:latest\n",
                "FROM node:22\n",
                "FROM python:3@sha256:2ec5a4a5c3e919570f57675471f081d6299668d909feabd8d4803c6c61af666c\n",
            ],
        );
    }

    /// `python:2-alpine` (jessfraz/dockerfiles couchpotato) is frozen at 2.7; `python:3` names its major.
    #[test]
    fn python_2_does_not_move_and_the_message_names_the_major() {
        assert_quiet(&RULE, &["FROM python:2-alpine\nRUN true\n"]);
        assert_eq!(check(&RULE, "FROM python:3-slim\n"), ["`python:3-slim` moves to each new Python 3.x release; name the minor version"]);
    }

    /// A dev container's `python:${VARIANT}` with `VARIANT=3-trixie` floats on purpose.
    #[test]
    fn quiet_in_development_images() {
        assert_quiet(&RULE, &["ARG VARIANT=3-trixie\nFROM python:${VARIANT}\nCMD [\"sleep\", \"infinity\"]\n"]);
    }
}
