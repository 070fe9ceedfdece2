use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "B010",
    name: "redundant-target-platform",
    category: Category::Base,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3065"],
    buildkit: &["RedundantTargetPlatform"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "`FROM --platform=$TARGETPLATFORM` repeats the default.",
        why: "Every stage is already built for the target platform, so the flag changes nothing; it only makes \
              readers wonder whether something special is going on, and hides the stages where `--platform` \
              really matters (those using `$BUILDPLATFORM`).",
        bad: "FROM --platform=$TARGETPLATFORM python:3.12-slim\n",
        good: "FROM python:3.12-slim\n",
        source: "Docker docs, build checks: RedundantTargetPlatform.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    // A default for TARGETPLATFORM (`ARG TARGETPLATFORM=linux/arm64`) can stand in for the build's target
    // in the flag, so the flag is not plainly redundant there.
    let redefined = model.instructions.iter().any(|i| {
        i.keyword == Keyword::Arg && model.source[i.arguments_span.start..i.arguments_span.end].contains("TARGETPLATFORM=")
    });
    for instruction in &model.instructions {
        let Some(from) = instruction.as_from() else { continue };
        let Some(flag) = &from.platform else { continue };
        if !matches!(flag.value.as_deref(), Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")) {
            continue;
        }
        // Remove the flag and the blanks after it.
        let rest = &model.source[flag.span.end..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let hit = Hit::new(
            flag.span,
            "`--platform=$TARGETPLATFORM` is the default and can be removed",
        );
        hits.push(if redefined {
            hit
        } else {
            hit.with_fix(Fix::safe(
                "remove `--platform=$TARGETPLATFORM`",
                vec![Edit::delete(flag.span.start..flag.span.end + blanks)],
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, fixed};

    #[test]
    fn fires_and_removes_the_flag() {
        assert_eq!(
            fixed(&RULE, "FROM --platform=$TARGETPLATFORM python:3.12 AS app\n").as_deref(),
            Some("FROM python:3.12 AS app\n")
        );
        assert_eq!(
            fixed(&RULE, "FROM  --platform=${TARGETPLATFORM}  alpine\n").as_deref(),
            Some("FROM  alpine\n")
        );
        let pinned = "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine\n";
        assert_eq!(fixed(&RULE, pinned), None);
    }

    #[test]
    fn quiet_on_other_platforms() {
        assert_quiet(
            &RULE,
            &[
                "FROM --platform=$BUILDPLATFORM alpine\n",
                "FROM alpine\n",
                "FROM --platform=linux/amd64 a\n",
            ],
        );
    }
}
