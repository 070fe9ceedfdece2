use crate::rules::support::stages::copied_before;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::model::Base;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C040",
    name: "user-name-without-passwd",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A `scratch`-based stage uses a user or group name (USER, `--chown`) but has no `/etc/passwd`.",
        why: "Names are looked up in the image's `/etc/passwd` and `/etc/group`. A `scratch` image has neither, \
              so `COPY --chown=app` fails the build and `USER app` makes the container fail at start with \
              \"unable to find user app\". Use numeric ids (`USER 10001:10001`) or copy the user database from \
              the build stage.",
        bad: "FROM scratch\nCOPY --from=build /app /app\nUSER app\n",
        good: "FROM scratch\nCOPY --from=build /app /app\nUSER 10001:10001\n",
        source: "Dockerfile reference, USER and COPY --chown (names resolved from /etc/passwd and /etc/group).",
    },
    check,
};

fn named(spec: &str) -> bool {
    !spec.contains('$')
        && spec
            .split(':')
            .any(|part| !part.is_empty() && !part.bytes().all(|b| b.is_ascii_digit()))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        if !matches!(model.root_base(stage), Base::Scratch) {
            continue;
        }
        for (at, _) in model.stage_instructions(stage).skip(1) {
            let (spec, span) = match model.view(at) {
                View::User(Some(word)) => (word.value.clone(), word.span),
                View::Copy(copy) | View::Add(copy) => match copy.chown.and_then(|f| Some((f.value.clone()?, f.span))) {
                    Some(found) => found,
                    None => continue,
                },
                _ => continue,
            };
            // Numeric ids need no lookup; `root` is left alone (runtimes treat it specially).
            if spec
                .split(':')
                .all(|p| p.is_empty() || p == "root" || p.bytes().all(|b| b.is_ascii_digit()))
                || !named(&spec)
            {
                continue;
            }
            if copied_before(model, at, |d| d == "/" || d.starts_with("/etc")) {
                continue;
            }
            hits.push(Hit::new(
                span,
                format!(
                    "`{spec}` is a name, but this `scratch` image has no `/etc/passwd` to resolve it; use numeric ids"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_names_in_scratch() {
        assert_eq!(flagged(&RULE, "FROM scratch\nUSER app\n"), ["app"]);
        assert_eq!(
            flagged(&RULE, "FROM scratch\nCOPY --chown=app:app a /a\n"),
            ["--chown=app:app"]
        );
        assert_eq!(check(&RULE, "FROM scratch AS s\nFROM s\nUSER 1000:staff\n").len(), 1);
    }

    #[test]
    fn quiet_with_ids_passwd_or_other_bases() {
        assert_quiet(
            &RULE,
            &[
                "FROM scratch\nUSER 10001:10001\n",
                "FROM scratch\nUSER root\n",
                "FROM scratch\nCOPY --from=build /etc/passwd /etc/passwd\nUSER app\n",
                "FROM python:3.12-slim\nUSER app\n",
                "FROM scratch\nUSER $APP_UID\n",
            ],
        );
    }
}
