use crate::rules::support::stages::{is_windows, json_array, plain_words};
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::instructions::Command;
use crate::model::Base;
use crate::syntax::View;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C006",
    name: "json-args-recommended",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3025"],
    buildkit: &["JSONArgsRecommended"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Config(&["Cmd", "Entrypoint"])],
    explanation: Explanation {
        summary: "CMD or ENTRYPOINT is written in shell form instead of exec form (a JSON array).",
        why: "Shell form runs the command as `/bin/sh -c \"...\"`, so the shell is PID 1: `docker stop` sends \
              SIGTERM to the shell, which does not pass it on, and the app is killed after the 10-second grace \
              period without a chance to shut down cleanly. Exec form runs the program directly. If you need \
              shell features, use `[\"/bin/sh\", \"-c\", \"exec ...\"]` explicitly.",
        bad: "FROM python:3.12-slim\nCMD gunicorn app:app\n",
        good: "FROM python:3.12-slim\nCMD [\"gunicorn\", \"app:app\"]\n",
        source: "Docker docs, build checks: JSONArgsRecommended; Dockerfile reference, \"Shell and exec form\"; hadolint DL3025.",
    },
    check,
};

/// Official images known to set no ENTRYPOINT, so an exec-form CMD runs exactly the command.
const NO_ENTRYPOINT: [&str; 7] = ["python", "debian", "ubuntu", "alpine", "busybox", "golang", "ruby"];

/// Shell builtins and keywords that are not programs an exec-form CMD could run.
const BUILTINS: [&str; 19] = [
    "exec", "cd", "export", "source", ".", "set", "ulimit", "umask", "eval", "trap", "alias", "wait", "read", "exit",
    "command", "type", "hash", "unset", ":",
];

fn simple_words(text: &str) -> Option<Vec<&str>> {
    let words = plain_words(text)?;
    let first = words[0];
    // A script of the project's own (`./start.sh`, `run.sh`) may lack a `#!` line: `/bin/sh` runs it anyway,
    // exec form fails with "exec format error".
    let own_script = first.ends_with(".sh") || (first.contains('/') && !first.starts_with('/'));
    (!first.contains('=') && !BUILTINS.contains(&first) && !own_script).then_some(words)
}

fn fixable(model: &Model, at: usize) -> bool {
    let Some(stage) = model.build.stage_of(at).map(|s| &model.build.stages[s]) else {
        return false;
    };
    let entrypoint = model
        .stage_chain(stage)
        .iter()
        .any(|s| model.stage_instructions(s).any(|(_, i)| i.keyword == Keyword::Entrypoint));
    let base_clean = match model.root_base(stage) {
        Base::Scratch => true,
        Base::Image { image, .. } => {
            image.registry.is_none()
                && NO_ENTRYPOINT.contains(&image.repository.strip_prefix("library/").unwrap_or(&image.repository))
        }
        Base::Stage { .. } => false,
    };
    !entrypoint && base_clean
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, view) in model.views().enumerate() {
        let (keyword, word) = match view {
            View::Cmd(Command::Shell(word)) => (Keyword::Cmd, word),
            View::Entrypoint(Command::Shell(word)) => (Keyword::Entrypoint, word),
            _ => continue,
        };
        // Broken JSON (`['a', 'b']`) is the invalid-json-array rule's finding.
        let text = word.value.trim();
        let broken_json = (text.starts_with("[\"") || text.starts_with("['")) && text.ends_with(']');
        if broken_json
            || is_windows(model, at)
            || model.inherited_before(at).iter().any(|(_, i)| i.keyword == Keyword::Shell)
        {
            continue;
        }
        // `exec` with an expansion (`CMD exec gunicorn --bind :$PORT`) is the explanation's own advice written in
        // shell form: the program is PID 1, and the exec form would pass `$PORT` unexpanded (issue #19).
        if text.starts_with("exec ") && text.contains('$') {
            continue;
        }
        // `exec` makes the program PID 1 after all; the finding stands (BuildKit and hadolint report it too), but
        // its reason is then the shell the image must have and the form that is easy to break.
        let consequence = if text.starts_with("exec ") {
            "`exec` hands PID 1 to the program, but only through `/bin/sh`; the JSON form needs no shell"
        } else if text.contains('$') {
            // The JSON form would pass `$PORT` unexpanded: the fix that keeps the expansion is `exec`.
            "`/bin/sh` becomes PID 1 and does not forward stop signals; start it with `exec` (the JSON form would not expand its variables)"
        } else {
            "`/bin/sh` becomes PID 1 and does not forward stop signals"
        };
        let mut hit = Hit::new(
            word.span,
            format!("`{keyword} {}` is in shell form: {consequence}", word.value),
        );
        let raw = &model.source[word.span.start..word.span.end];
        if keyword == Keyword::Cmd && !raw.contains('\n') && fixable(model, at) {
            if let Some(words) = simple_words(raw) {
                hit = hit.with_fix(Fix::safe(
                    "write the command in exec form",
                    vec![Edit::replace(word.span.start..word.span.end, json_array(&words))],
                ));
            }
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn with_exec_the_message_does_not_claim_the_shell_stays_pid_1() {
        let messages = check(&RULE, "FROM python:3.12\nCMD exec python -m app\n");
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("`exec` hands PID 1 to the program"),
            "{}",
            messages[0]
        );
        assert!(!messages[0].contains("does not forward stop signals"));
    }

    #[test]
    fn fires_on_shell_form() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12\nCMD python app.py\n"),
            ["python app.py"]
        );
        assert_eq!(check(&RULE, "FROM python:3.12\nENTRYPOINT python app.py\n").len(), 1);
    }

    #[test]
    fn fixes_simple_commands_only() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.12\nCMD gunicorn --bind=0.0.0.0:8000 app:app\n").as_deref(),
            Some("FROM python:3.12\nCMD [\"gunicorn\", \"--bind=0.0.0.0:8000\", \"app:app\"]\n")
        );
        for trap in [
            "FROM python:3.12\nCMD gunicorn --bind 0.0.0.0:$PORT app:app\n",
            "FROM python:3.12\nCMD migrate && serve\n",
            "FROM python:3.12\nCMD serve > /log\n",
            "FROM python:3.12\nCMD ls *.py\n",
            "FROM python:3.12\nCMD exec serve\n",
            "FROM python:3.12\nCMD command -v python\n",
            "FROM python:3.12\nCMD ./start.sh --port 8000\n",
            "FROM python:3.12\nCMD bin/serve\n",
            "FROM python:3.12\nCMD echo 'hi there'\n",
            "FROM python:3.12\nENTRYPOINT serve\n",
            "FROM python:3.12\nENTRYPOINT [\"tini\", \"--\"]\nCMD serve\n",
            "FROM node:22\nCMD node app.js\n",
            "FROM python:3.12 AS base\nENTRYPOINT [\"x\"]\nFROM base\nCMD serve\n",
        ] {
            assert_eq!(check(&RULE, trap).len(), 1, "{trap}");
            assert_eq!(fixed(&RULE, trap), None, "{trap}");
        }
    }

    #[test]
    fn quiet_on_exec_form_and_custom_shells() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nCMD [\"python\", \"app.py\"]\n",
                "FROM python:3.12\nSHELL [\"/bin/bash\", \"-c\"]\nCMD python app.py\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD python\n",
                "FROM python:3.12\nRUN echo hi\n",
                "FROM python:3.12\nCMD ['python', 'app.py']\n",
                // PID 1 is the program and the shell expands `$PORT`, which exec form would not (issue #19).
                "FROM python:3.12\nCMD exec gunicorn --bind :$PORT app:app\n",
                "FROM python:3.12\nENTRYPOINT exec python -m app --port \"${PORT:-8000}\"\n",
            ],
        );
    }

    /// microservices-demo's loadgenerator: `ENTRYPOINT locust ... -u "${USERS:-10}"` needs the shell to
    /// expand; the advice is `exec`, not the JSON form.
    #[test]
    fn with_variables_the_advice_is_exec() {
        let messages = check(&RULE, "FROM python:3.12\nENTRYPOINT locust --host=\"http://${FRONTEND_ADDR}\" -u \"${USERS:-10}\"\n");
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("start it with `exec`"), "{}", messages[0]);
    }
}
