use crate::rules::support::image_refs::from_images;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B020",
    name: "architecture-specific-image",
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
        summary: "A FROM image comes from a per-architecture namespace such as `arm64v8/` or `amd64/`.",
        why: "The architecture namespaces on Docker Hub hold single-platform copies of the official images. \
              Using one hard-codes the CPU architecture just like a constant `--platform`: the image cannot \
              be built for other platforms and runs under emulation (or fails with `exec format error`) \
              elsewhere. Use the multi-platform name (`python:3.12-slim`) and choose the platform at build time.",
        bad: "FROM arm64v8/python:3.12-slim\n",
        good: "FROM python:3.12-slim\n",
        source: "Docker Hub official images, \"Architectures other than amd64\"; Docker docs, multi-platform builds.",
    },
    check,
};

/// The per-architecture namespaces of Docker Hub's official images.
pub const ARCHES: [&str; 11] = [
    "amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386", "mips64le", "ppc64le", "riscv64", "s390x", "winamd64",
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        if !matches!(
            from.image.registry.as_deref(),
            None | Some("docker.io") | Some("index.docker.io")
        ) {
            continue;
        }
        let Some((namespace, name)) = from.image.repository.split_once('/') else {
            continue;
        };
        if ARCHES.contains(&namespace) && !name.contains('/') {
            hits.push(Hit::new(
                from.span,
                format!("`{namespace}/{name}` is the {namespace}-only copy of `{name}`; use `{name}` and pick the platform at build time"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_architecture_namespaces() {
        assert_eq!(flagged(&RULE, "FROM arm64v8/python:3.12\n"), ["arm64v8/python:3.12"]);
        assert_eq!(check(&RULE, "ARG ARCH=amd64\nFROM ${ARCH}/alpine:3.22\n").len(), 1);
    }

    #[test]
    fn quiet_on_multi_platform_names() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\n",
                "FROM ghcr.io/amd64/tool:1\n",
                "FROM ${ARCH}/alpine:3.22\n",
                "FROM acme/amd64:1\n",
            ],
        );
    }
}
