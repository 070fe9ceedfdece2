use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "B011",
    name: "final-stage-build-platform",
    category: Category::Base,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "The final stage is built `--platform=$BUILDPLATFORM`, so the image is for the builder's platform.",
        why: "`$BUILDPLATFORM` is the machine running the build. It belongs on stages that cross-compile; on the \
              stage you ship it makes an `--platform linux/arm64` build produce an amd64 image on an amd64 \
              builder, which fails with `exec format error` on the target. Leave the final FROM without \
              `--platform`.",
        bad: "FROM --platform=$BUILDPLATFORM python:3.12-slim\nCOPY app.py .\n",
        good: "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /app .\n\
               FROM gcr.io/distroless/static\nCOPY --from=build /app /app\n",
        source: "Docker docs, \"Multi-platform builds\" (cross-compilation with BUILDPLATFORM and TARGETPLATFORM).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    let Some(from) = model.instructions.get(stage.from).and_then(|i| i.as_from()) else {
        return;
    };
    let Some(flag) = &from.platform else { return };
    if matches!(flag.value.as_deref(), Some("$BUILDPLATFORM" | "${BUILDPLATFORM}")) {
        hits.push(Hit::new(
            flag.span,
            "the final stage uses `--platform=$BUILDPLATFORM`: the image is built for the builder, not the target",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_final_stage_only() {
        assert_eq!(
            flagged(&RULE, "FROM --platform=${BUILDPLATFORM} alpine\n"),
            ["--platform=${BUILDPLATFORM}"]
        );
    }

    #[test]
    fn quiet_on_build_stages() {
        assert_quiet(
            &RULE,
            &[
                "FROM --platform=$BUILDPLATFORM golang AS build\nFROM alpine\n",
                "FROM alpine\n",
                "FROM --platform=$TARGETPLATFORM alpine\n",
            ],
        );
    }
}
