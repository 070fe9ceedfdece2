use crate::rules::support::image_refs::{from_images, leading_version, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B008",
    name: "os-release-eol",
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
        summary: "A base image tag names a Debian, Ubuntu or Alpine release whose support has ended.",
        why: "Once a distribution release is out of support its package mirrors stop receiving security \
              updates (and may move to an archive, breaking `apt-get update`), while scanners keep reporting \
              the unfixed CVEs. Debian 11 `bullseye` left LTS on 2026-08-31, Ubuntu 20.04 left standard support \
              in 2025, and Alpine branches get two years. Move to a supported release such as `bookworm`/`trixie`, \
              Ubuntu 24.04 or Alpine 3.22+.",
        bad: "FROM python:3.12-slim-bullseye\n",
        good: "FROM python:3.12-slim-bookworm\n",
        source: "Debian releases and LTS pages; Ubuntu release cycle; Alpine Linux releases page.",
    },
    check,
};

const DEBIAN: [(&str, &str); 6] = [
    ("wheezy", "Debian 7"),
    ("jessie", "Debian 8"),
    ("stretch", "Debian 9"),
    ("buster", "Debian 10"),
    ("bullseye", "Debian 11"),
    ("squeeze", "Debian 6"),
];

const UBUNTU: [(&str, &str); 14] = [
    ("precise", "12.04"),
    ("trusty", "14.04"),
    ("xenial", "16.04"),
    ("bionic", "18.04"),
    ("focal", "20.04"),
    ("groovy", "20.10"),
    ("hirsute", "21.04"),
    ("impish", "21.10"),
    ("kinetic", "22.10"),
    ("lunar", "23.04"),
    ("mantic", "23.10"),
    ("oracular", "24.10"),
    ("plucky", "25.04"),
    ("questing", "25.10"),
];

/// Ubuntu `year.month`: LTS (even year, April) from 22.04 on and interim releases from 26.04 on are supported.
fn ubuntu_ended(version: &str) -> bool {
    match leading_version(version) {
        Some((year, Some(month))) => {
            let lts = year % 2 == 0 && month == 4;
            year < 22 || (!lts && year < 26)
        }
        _ => false,
    }
}

/// Alpine 3.21 and older are out of support (3.21 ended 2026-11-01).
fn alpine_ended(version: &str) -> bool {
    matches!(leading_version(version), Some((3, Some(minor))) if minor <= 21)
        || matches!(leading_version(version), Some((major, _)) if major < 3)
}

fn verdict(name: &str, tag: &str) -> Option<String> {
    let words: Vec<&str> = tag.split('-').collect();
    for word in &words {
        if let Some((codename, release)) = DEBIAN.iter().find(|(c, _)| c == word) {
            return Some(format!("`{codename}` is {release}, which is out of support"));
        }
        if let Some(version) = word.strip_prefix("alpine") {
            if !version.is_empty() && alpine_ended(version) {
                return Some(format!("Alpine {version} is out of support"));
            }
        }
    }
    match name {
        "debian" => match leading_version(words[0]) {
            Some((major, _)) if major <= 11 => Some(format!("Debian {major} is out of support")),
            _ => None,
        },
        "ubuntu" => {
            if let Some((codename, version)) = UBUNTU.iter().find(|(c, _)| *c == words[0]) {
                return Some(format!("Ubuntu {version} `{codename}` is out of standard support"));
            }
            ubuntu_ended(words[0]).then(|| format!("Ubuntu {} is out of standard support", words[0]))
        }
        "alpine" => alpine_ended(words[0]).then(|| format!("Alpine {} is out of support", words[0])),
        _ => None,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        let (Some(name), Some(tag)) = (official_name(from.image), from.image.tag.as_deref()) else {
            continue;
        };
        if let Some(message) = verdict(name, tag) {
            hits.push(Hit::new(
                from.tag_span(),
                format!("{message}: `{name}:{tag}` gets no security updates"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_ended_releases() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12-slim-bullseye\n"),
            ["3.12-slim-bullseye"]
        );
        for source in [
            "FROM debian:buster-slim\n",
            "FROM debian:11\n",
            "FROM ubuntu:20.04\n",
            "FROM ubuntu:bionic\n",
            "FROM ubuntu:23.10\n",
            "FROM alpine:3.18\n",
            "FROM python:3.12-alpine3.20\n",
            "FROM node:18-stretch\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn quiet_on_supported_releases() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:bookworm\n",
                "FROM debian:12-slim\n",
                "FROM ubuntu:22.04\n",
                "FROM ubuntu:24.04\n",
                "FROM ubuntu:noble\n",
                "FROM alpine:3.22\n",
                "FROM alpine:3.23\n",
                "FROM python:3.12-alpine3.23\n",
                "FROM python:3.12-slim\n",
                "FROM acme/debian:buster\n",
            ],
        );
    }
}
