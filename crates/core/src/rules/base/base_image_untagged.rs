use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::image_refs::{from_images, reference_error};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "B001",
    name: "base-image-untagged",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::NOT_TEMPLATES,
    hadolint: &["DL3006"],
    buildkit: &[],
    trivy: &["DS-0001"],
    fix: FixAvailability::None,
    effects: &[],
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

/// Judges the reference with global ARG defaults applied (`FROM busy$a2` with `ARG a2=box` is `busybox`);
/// references with unresolved variables, invalid ones (B014 reports those) and `scratch` are left alone.
fn check(model: &Model, hits: &mut Vec<Hit>) {
    for from in from_images(model) {
        let Base::Image { reference, .. } = &from.stage.base else {
            continue;
        };
        if from.image.tag.is_some() || from.image.digest.is_some() || reference_error(reference).is_some() {
            continue;
        }
        let written = from.from.image.value.as_str();
        let message = if from.literal {
            format!("`{reference}` has no tag, so it means `{reference}:latest`")
        } else {
            format!("`{written}` resolves to `{reference}`, which has no tag, so it means `{reference}:latest`")
        };
        hits.push(Hit::new(from.span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_images_without_tag_or_digest() {
        assert_eq!(
            check(&RULE, "FROM python\n"),
            ["`python` has no tag, so it means `python:latest`"]
        );
        let source = "FROM --platform=linux/amd64 localhost:5000/app AS x\n";
        assert_eq!(
            flagged(&RULE, source),
            ["localhost:5000/app"],
            "the image word is the span"
        );
    }

    #[test]
    fn judges_the_reference_with_arg_defaults_applied() {
        let source = "ARG a2=box\nFROM busy$a2 AS build\n";
        assert_eq!(
            check(&RULE, source),
            ["`busy$a2` resolves to `busybox`, which has no tag, so it means `busybox:latest`"]
        );
        assert_eq!(flagged(&RULE, source), ["busy$a2"]);
        assert!(check(&RULE, "ARG V=3.12\nFROM python:$V\n").is_empty());
        assert!(
            check(&RULE, "ARG DEBUG\nFROM scratch${DEBUG}\n").is_empty(),
            "resolves to scratch"
        );
    }

    #[test]
    fn quiet_on_tags_digests_stages_scratch_and_variables() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\n",
                "FROM python@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
                "FROM localhost:5000/app:1.0\n",
                "FROM scratch\n",
                "FROM ${BASE}\n",
                "FROM Python\n",
                "FROM python:3.12 AS build\nFROM build\n",
            ],
        );
    }
}
