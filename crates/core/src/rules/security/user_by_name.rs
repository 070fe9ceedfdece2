use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::is_root_user;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::View;

pub static RULE: Rule = Rule {
    code: "S014",
    name: "user-by-name",
    category: Category::Security,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &["DL3066"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "The final `USER` is a name rather than a numeric UID.",
        why: "Kubernetes' `runAsNonRoot` admission check reads only the image's USER field and cannot resolve \
              a name to a UID, so it rejects the pod (\"image has non-numeric user, cannot verify user is \
              non-root\"). A numeric `USER 10001` (or `10001:10001`) works with it and says exactly which \
              UID owns the files.",
        bad: "FROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER app\n",
        good: "FROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER 10001\n",
        source: "Kubernetes docs, \"Configure a Security Context\" (`runAsNonRoot`).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some((_, instruction)) = model.final_user() else {
        return;
    };
    let View::User(Some(word)) = instruction.view() else {
        return;
    };
    let user = word.value.split(':').next().unwrap_or("");
    // Windows accounts (`ContainerUser`, `ContainerAdministrator`) are not subject to `runAsNonRoot`.
    let windows = user.eq_ignore_ascii_case("ContainerUser") || user.eq_ignore_ascii_case("ContainerAdministrator");
    let odd = !user
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if is_root_user(&word.value) || user.is_empty() || odd || windows || user.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    hits.push(Hit::new(
        word.span,
        format!(
            "`USER {}` is a name: Kubernetes `runAsNonRoot` cannot verify it, use the numeric UID",
            word.value
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_names() {
        assert_eq!(flagged(&RULE, "FROM debian:12\nUSER app:app\n"), ["app:app"]);
        assert_eq!(check(&RULE, "FROM debian:12 AS b\nUSER app\nFROM b\n").len(), 1);
    }

    #[test]
    fn quiet_on_numbers_root_and_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian:12\nUSER 10001\n",
                "FROM debian:12\nUSER 10001:10001\n",
                "FROM debian:12\nUSER root\n",
                "FROM debian:12\nUSER $APP_UID\n",
                "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n",
                "FROM debian:12 AS b\nUSER app\nFROM debian:12\n",
            ],
        );
    }
}
