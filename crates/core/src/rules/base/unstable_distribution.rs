use crate::rules::support::image_refs::{from_images, official_name};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B019",
    name: "unstable-distribution",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A base image tracks a development branch of its distribution (`debian:sid`, `alpine:edge`...).",
        why: "Development branches change every day and may break at any time: packages are renamed or removed, \
              security support is best-effort, and a rebuild can fail or behave differently with no change on \
              your side. Use a stable release for images you ship.",
        bad: "FROM debian:sid-slim\n",
        good: "FROM debian:bookworm-slim\n",
        source:
            "Debian (unstable/testing suites), Alpine (edge branch), Ubuntu (devel) and Fedora (rawhide) release docs.",
    },
    check,
};

const UNSTABLE: [(&str, &str); 6] = [
    ("debian", "sid"),
    ("debian", "unstable"),
    ("debian", "testing"),
    ("debian", "experimental"),
    ("alpine", "edge"),
    ("ubuntu", "devel"),
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        let (Some(name), Some(tag)) = (official_name(from.image), from.image.tag.as_deref()) else {
            continue;
        };
        let first = tag.split('-').next().unwrap_or(tag);
        let unstable =
            UNSTABLE.iter().any(|(image, t)| *image == name && *t == first) || (name == "fedora" && first == "rawhide");
        if unstable {
            hits.push(Hit::new(
                from.tag_span(),
                format!("`{name}:{tag}` tracks a development branch that changes daily and may break"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_development_branches() {
        assert_eq!(flagged(&RULE, "FROM debian:sid-slim\n"), ["sid-slim"]);
        for source in [
            "FROM alpine:edge\n",
            "FROM ubuntu:devel\n",
            "FROM fedora:rawhide\n",
            "FROM debian:testing\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn quiet_on_stable_releases() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:bookworm\n",
                "FROM alpine:3.22\n",
                "FROM acme/edge:edge\n",
                "FROM ubuntu:24.04\n",
            ],
        );
    }

    /// A build stage whose binary is copied into `scratch` ships none of its layers.
    #[test]
    fn quiet_in_build_only_stages() {
        assert_quiet(&RULE, &["FROM alpine:edge AS build\nRUN apk add --no-cache gcc musl-dev\nRUN cc -static -o /hello hello.c\nFROM scratch\nCOPY --from=build /hello /hello\nCMD [\"/hello\"]\n"]);
        assert_eq!(check(&RULE, "FROM alpine:edge\nCMD [\"sh\"]\n").len(), 1);
    }
}
