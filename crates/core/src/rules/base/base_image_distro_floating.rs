use crate::rules::support::image_refs::{from_images, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B016",
    name: "base-image-distro-floating",
    category: Category::Base,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::BUILDS,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "An official language image tag does not name the Debian release (`python:3.12-slim`).",
        why: "Without a codename the tag moves to the next Debian release when it ships (bookworm to trixie): \
              system package names, OpenSSL and glibc versions change under the same tag, and `apt-get install` \
              lines can break on a plain rebuild. Add `-bookworm` or `-trixie` to choose when that happens.",
        bad: "FROM python:3.12-slim\n",
        good: "FROM python:3.12-slim-bookworm\n",
        source: "Docker Hub python/node/ruby image docs (shared tags and Debian suites).",
    },
    check,
};

const IMAGES: [&str; 3] = ["python", "node", "ruby"];
const SUITES: [&str; 6] = ["bookworm", "trixie", "bullseye", "buster", "stretch", "forky"];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        let Some(name) = official_name(from.image).filter(|n| IMAGES.contains(n)) else {
            continue;
        };
        if from.image.digest.is_some() {
            continue;
        }
        let Some(tag) = from.image.tag.as_deref() else { continue };
        let words: Vec<&str> = tag.split('-').collect();
        let pinned = words.iter().any(|w| {
            SUITES.contains(w)
                || (w.starts_with("alpine") && w.len() > "alpine".len())
                || w.starts_with("windowsservercore")
                || w.starts_with("nanoserver")
                || w.starts_with("ltsc")
        });
        if !pinned {
            hits.push(Hit::new(
                from.tag_span(),
                format!("`{name}:{tag}` does not name the OS release, which changes under the same tag"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_without_a_release() {
        for source in ["FROM python:3.12-slim\n", "FROM node:22-alpine\n", "FROM python:3.12\n"] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn quiet_with_a_release() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim-bookworm\n",
                "FROM python:3.12-alpine3.22\n",
                "FROM node:22-trixie\n",
                "FROM debian:bookworm\n",
            ],
        );
    }
}
