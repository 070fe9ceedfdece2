use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Category, Context, Explanation, Hit, Rule};

pub static RULE: Rule = Rule {
    code: "B001",
    name: "base-image-untagged",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    hadolint: &["DL3006"],
    buildkit: &[],
    trivy: &["DS-0001"],
    fix: FixAvailability::None,
    explanation: Explanation {
        summary: "A FROM image without a tag or digest silently means `:latest`.",
        why: "`latest` moves: the same Dockerfile builds a different image next week, with a new Python or \
              Debian release, and a rebuild that used to work breaks without any change on your side. A tag \
              names the version you tested; a digest pins it byte for byte.",
        bad: "FROM python\n",
        good: "FROM python:3.12-slim-bookworm\n",
        source: "Docker docs, \"Building best practices\" (pin base image versions); hadolint DL3006.",
    },
    check,
};

fn check(context: &Context, hits: &mut Vec<Hit>) {
    let mut stage_names: Vec<String> = Vec::new();
    for instruction in context.instructions.iter() {
        let Some(from) = instruction.as_from() else { continue };
        let image = from.image.value.as_str();
        if image.is_empty() {
            continue;
        }
        let is_stage = stage_names.iter().any(|name| name.eq_ignore_ascii_case(image));
        if let Some(name) = &from.name {
            stage_names.push(name.value.to_ascii_lowercase());
        }
        let last_segment = image.rsplit('/').next().unwrap_or(image);
        if is_stage || image == "scratch" || image.contains('$') || last_segment.contains(':') || image.contains('@') {
            continue;
        }
        hits.push(Hit::new(
            instruction.span,
            format!("`{image}` has no tag, so it means `{image}:latest`"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_images_without_tag_or_digest() {
        assert_eq!(
            check(&RULE, "FROM python\n"),
            ["`python` has no tag, so it means `python:latest`"]
        );
        let source = "FROM --platform=linux/amd64 localhost:5000/app AS x\n";
        assert_eq!(
            flagged(&RULE, source),
            ["FROM --platform=linux/amd64 localhost:5000/app AS x"]
        );
    }

    #[test]
    fn quiet_on_tags_digests_stages_scratch_and_variables() {
        for source in [
            "FROM python:3.12-slim\n",
            "FROM python@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
            "FROM localhost:5000/app:1.0\n",
            "FROM scratch\n",
            "FROM ${BASE}\n",
            "FROM python:3.12 AS build\nFROM build\n",
        ] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
