use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C028",
    name: "onbuild-invalid-trigger",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3043"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "ONBUILD triggers `FROM`, `MAINTAINER` or another `ONBUILD`, which Docker forbids.",
        why: "ONBUILD instructions run at the start of a child build, after its FROM; chaining ONBUILD or \
              starting a new stage from a trigger is not allowed, so the build fails with \"isn't allowed as \
              an ONBUILD trigger\".",
        bad: "FROM python:3.12\nONBUILD FROM python:3.12-slim\n",
        good: "FROM python:3.12\nONBUILD COPY . /app/\n",
        source: "Dockerfile reference, ONBUILD; hadolint DL3043.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::Onbuild(Some(trigger)) = view else {
            continue;
        };
        if matches!(trigger.keyword, Keyword::From | Keyword::Maintainer | Keyword::Onbuild) {
            hits.push(Hit::new(
                trigger.keyword_span,
                format!("`{}` isn't allowed as an ONBUILD trigger", trigger.keyword),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_forbidden_triggers() {
        assert_eq!(
            flagged(&RULE, "FROM a\nONBUILD ONBUILD RUN x\nONBUILD maintainer me\n"),
            ["ONBUILD", "maintainer"]
        );
    }

    #[test]
    fn quiet_on_allowed_triggers() {
        assert!(check(&RULE, "FROM a\nONBUILD RUN x\nONBUILD COPY . /app/\n").is_empty());
    }
}
