use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C016",
    name: "workdir-relative-path",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3000"],
    buildkit: &["WorkdirRelativePath"],
    trivy: &["DS-0009"],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "WORKDIR is a relative path and no earlier WORKDIR in the stage fixes where it starts.",
        why: "A relative WORKDIR is resolved against the base image's working directory, which you do not \
              control: `WORKDIR app` is `/app` on `python` but `/go/app` on `golang`, and it changes if the base \
              image changes. Files then land somewhere your CMD does not look. Use an absolute path.",
        bad: "FROM python:3.12-slim\nWORKDIR app\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\n",
        source: "Docker docs, build checks: WorkdirRelativePath; Dockerfile reference, WORKDIR; hadolint DL3000.",
    },
    check,
};

fn is_absolute(path: &str) -> bool {
    // Quotes are not part of the path: `WORKDIR "${HOME}"` starts with a variable (issue #19), which an
    // image sets to an absolute path or the build cannot know.
    let path = path.strip_prefix('"').unwrap_or(path);
    let bytes = path.as_bytes();
    path.starts_with(['/', '\\', '$']) || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, view) in model.views().enumerate() {
        let View::Workdir(Some(word)) = view else {
            continue;
        };
        if is_absolute(&word.value) || word.value.is_empty() {
            continue;
        }
        if model.inherited_before(at).iter().any(|(_, i)| i.keyword == Keyword::Workdir) {
            continue;
        }
        hits.push(Hit::new(
            word.span,
            format!(
                "`WORKDIR {}` is relative to the base image's working directory; use an absolute path",
                word.value
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_first_relative_workdir() {
        assert_eq!(flagged(&RULE, "FROM a\nWORKDIR app\nWORKDIR src\n"), ["app"]);
        assert_eq!(flagged(&RULE, "FROM a\nWORKDIR \"app\"\n"), ["\"app\""]);
    }

    #[test]
    fn quiet_on_absolute_or_anchored_paths() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nWORKDIR /app\nWORKDIR src\n",
                "FROM a AS b\nWORKDIR /app\nFROM b\nWORKDIR src\n",
                // A quoted variable is as absolute as the unquoted one (issue #19).
                "FROM python:3.12\nWORKDIR \"${HOME}\"\n",
                "FROM a\nWORKDIR $HOME/app\n",
                "FROM a\nWORKDIR C:\\\\app\n",
            ],
        );
    }
}
