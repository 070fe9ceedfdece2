use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::{DependencyKind, Target};

pub static RULE: Rule = Rule {
    code: "Y005",
    name: "uv-image-unpinned",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "The `uv` binary is copied from `ghcr.io/astral-sh/uv` without a version tag (or with `:latest`).",
        why: "uv releases often and changes resolver, lock-file and CLI behaviour between versions. Copying \
              from `:latest` makes the build use whatever uv was published last, so `uv sync --locked` can \
              start failing or resolve differently without a change on your side. uv's Docker guide pins a \
              version (`ghcr.io/astral-sh/uv:0.9.5`), optionally with a digest. dflab cannot know which \
              version you tested, so it offers no fix.",
        bad: "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/\n",
        good: "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /uvx /bin/\n",
        source: "uv docs, \"Using uv in Docker\" (pin a specific uv version).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        for dependency in &stage.dependencies {
            if dependency.kind == DependencyKind::Base {
                continue;
            }
            let Target::Image(reference) = &dependency.target else {
                continue;
            };
            let (name, digest) = match reference.split_once('@') {
                Some((name, _)) => (name, true),
                None => (reference.as_str(), false),
            };
            let (repository, tag) = match name.rsplit_once(':') {
                Some((repo, tag)) if !tag.contains('/') => (repo, Some(tag)),
                _ => (name, None),
            };
            if digest || !matches!(repository, "ghcr.io/astral-sh/uv" | "astral/uv") {
                continue;
            }
            // A tag like `python3.12-bookworm` names a Python, not a uv version.
            let versioned = tag.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
            if versioned {
                continue;
            }
            let message = match tag {
                Some(tag) => format!("`{reference}` does not pin a uv version (`:{tag}` moves)"),
                None => format!("`{reference}` has no tag, so it means the latest uv"),
            };
            hits.push(Hit::new(
                model.span(dependency.span.start..dependency.span.end),
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_latest_missing_and_non_version_tags() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/\n"),
            ["`ghcr.io/astral-sh/uv` has no tag, so it means the latest uv"]
        );
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/\n"
            ),
            ["--from=ghcr.io/astral-sh/uv:latest"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN --mount=from=ghcr.io/astral-sh/uv,source=/uv,target=/bin/uv uv sync --locked\n"
            )
            .len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "ARG UV=latest\nFROM python:3.12\nARG UV\nCOPY --from=ghcr.io/astral-sh/uv:${UV} /uv /bin/\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_versions_digests_and_other_images() {
        assert_quiet(&RULE, &[
            "FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\n",
            "FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv@sha256:0000000000000000000000000000000000000000000000000000000000000000 /uv /bin/\n",
            "FROM python:3.12\nCOPY --from=ghcr.io/other/uv:latest /uv /bin/\n",
            "FROM ghcr.io/astral-sh/uv:latest AS uv\nFROM python:3.12\nCOPY --from=uv /uv /bin/\n",
        ]);
    }
}
