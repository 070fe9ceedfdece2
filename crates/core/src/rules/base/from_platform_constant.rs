use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B009",
    name: "from-platform-constant",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3029"],
    buildkit: &["FromPlatformFlagConstDisallowed"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`FROM --platform` is set to a constant such as `linux/amd64`.",
        why: "A hard-coded platform overrides what the builder was asked for: `docker build --platform linux/arm64` \
              or a multi-platform build still gets amd64 binaries, which then run under emulation or fail with \
              `exec format error`. Use `$BUILDPLATFORM` for build tools and `$TARGETPLATFORM` (the default) for \
              what ships, or name the stage after its platform when pinning one is the point.",
        bad: "FROM --platform=linux/amd64 python:3.12-slim\n",
        good: "FROM --platform=$BUILDPLATFORM python:3.12-slim AS build\n",
        source: "Docker docs, build checks: FromPlatformFlagConstDisallowed; hadolint DL3029.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        let Some(from) = instruction.as_from() else { continue };
        let Some(flag) = &from.platform else { continue };
        let Some(value) = flag.value.as_deref() else { continue };
        if value.contains('$') || value.is_empty() {
            continue;
        }
        // BuildKit accepts a constant when the stage name says which platform it is for.
        let name = from
            .name
            .as_ref()
            .map(|n| n.value.to_ascii_lowercase())
            .unwrap_or_default();
        let named = value
            .to_ascii_lowercase()
            .split('/')
            .any(|part| !part.is_empty() && name.contains(part));
        if named {
            continue;
        }
        hits.push(Hit::new(
            flag.span,
            format!("`--platform={value}` is a constant; it overrides the platform the build asks for"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_constant_platforms() {
        assert_eq!(
            flagged(&RULE, "FROM --platform=linux/amd64 python:3.12\n"),
            ["--platform=linux/amd64"]
        );
        assert_eq!(check(&RULE, "FROM --platform=linux/arm64 alpine AS build\n").len(), 1);
    }

    #[test]
    fn quiet_on_variables_and_platform_named_stages() {
        assert_quiet(
            &RULE,
            &[
                "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n",
                "FROM --platform=${TARGETPLATFORM} alpine\n",
                "FROM --platform=linux/amd64 alpine AS build-amd64\n",
                "FROM --platform=linux/amd64 scratch AS linux\n",
                "FROM python:3.12\n",
            ],
        );
    }
}
