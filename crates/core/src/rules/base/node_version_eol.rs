use crate::rules::support::image_refs::{from_images, leading_version, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B007",
    name: "node-version-eol",
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
        summary: "A `node` base image runs a Node.js release line that has reached end of life.",
        why: "Ended Node.js lines get no security releases and the official image is no longer rebuilt, so \
              OpenSSL and V8 vulnerabilities stay in your image. Odd-numbered lines are never LTS and end after \
              about eight months; Node.js 20 ended in April 2026. Use an active LTS line such as 22 or 24.",
        bad: "FROM node:18-alpine\n",
        good: "FROM node:24-alpine\n",
        source: "Node.js release schedule (nodejs.org/en/about/previous-releases).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        if official_name(from.image) != Some("node") {
            continue;
        }
        let Some((major, minor)) = from.image.tag.as_deref().and_then(leading_version) else {
            continue;
        };
        // Before 4.0, Node.js lines were 0.x: `0.8`, `0.10`.
        let line = match (major, minor) {
            (0, Some(minor)) => format!("0.{minor}"),
            _ => major.to_string(),
        };
        // Supported on 2026-11-22: 22 and 24 (LTS), 26 (current). Odd lines up to 25 have ended.
        if major >= 22 && (major % 2 == 0 || major >= 27) {
            continue;
        }
        hits.push(Hit::new(
            from.tag_span(),
            format!("Node.js {line} has reached end of life; it gets no security releases"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_ended_lines() {
        assert_eq!(flagged(&RULE, "FROM node:18-alpine\n"), ["18-alpine"]);
        assert_eq!(check(&RULE, "FROM node:20.11.1\n").len(), 1);
        assert_eq!(check(&RULE, "FROM node:23\n").len(), 1);
    }

    #[test]
    fn quiet_on_supported_lines() {
        assert_quiet(
            &RULE,
            &[
                "FROM node:22\n",
                "FROM node:24-slim\n",
                "FROM node:lts\n",
                "FROM python:3.12\n",
            ],
        );
    }

    /// docker-library/node's `node:0.8.28`: the line is 0.8, not "0".
    #[test]
    fn names_the_0_x_line() {
        assert_eq!(check(&RULE, "FROM node:0.8.28\n"), ["Node.js 0.8 has reached end of life; it gets no security releases"]);
    }
}
