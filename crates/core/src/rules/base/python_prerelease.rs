use crate::rules::support::image_refs::{from_images, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B018",
    name: "python-prerelease",
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
        summary: "A `python` base image is a pre-release (alpha, beta or release candidate) of Python.",
        why: "Pre-releases are for testing: their ABI and behaviour can still change before the final release, \
              many packages publish no wheels for them yet (so pip builds from source or fails), and the `-rc` \
              tag disappears after the release. Ship on a final release.",
        bad: "FROM python:3.15-rc-slim\n",
        good: "FROM python:3.14-slim\n",
        source: "Docker Hub python image tags; Python release cycle (PEP 602).",
    },
    check,
};

/// `3.15-rc`, `3.15.0a5`, `3.15.0b1`, `3.15.0rc1`.
fn prerelease(tag: &str) -> bool {
    let version = tag.split('-').next().unwrap_or(tag);
    tag.split('-').any(|w| w == "rc")
        || version
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .split(|c: char| c.is_ascii_digit())
            .next()
            .is_some_and(|marker| matches!(marker, "a" | "b" | "rc"))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        if official_name(from.image) != Some("python") {
            continue;
        }
        let Some(tag) = from.image.tag.as_deref().filter(|t| prerelease(t)) else {
            continue;
        };
        hits.push(Hit::new(
            from.tag_span(),
            format!("`python:{tag}` is a pre-release of Python; use a final release for images you ship"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_prereleases() {
        assert_eq!(flagged(&RULE, "FROM python:3.15-rc-alpine\n"), ["3.15-rc-alpine"]);
        for tag in ["3.15.0a5", "3.15.0b1-slim", "3.15.0rc1", "3.15-rc"] {
            assert_eq!(check(&RULE, &format!("FROM python:{tag}\n")).len(), 1, "{tag}");
        }
    }

    #[test]
    fn quiet_on_releases() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.14\n",
                "FROM python:3.13.1-slim-bookworm\n",
                "FROM node:24-rc\n",
            ],
        );
    }
}
