use crate::rules::support::stages::is_windows;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::Arguments;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C035",
    name: "exec-form-whole-command",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Config(&["Cmd", "Entrypoint"])],
    explanation: Explanation {
        summary: "The first element of an exec-form array holds a whole command line (`[\"python app.py\"]`).",
        why: "In exec form each array element is one argument and no shell splits them, so \
              `CMD [\"python app.py\"]` looks for a program literally named `python app.py` and the container \
              fails with \"executable file not found\". Put each word in its own element.",
        bad: "FROM python:3.12-slim\nCMD [\"python app.py\"]\n",
        good: "FROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\n",
        source: "Dockerfile reference, \"Exec form\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction) in model.instructions.iter().enumerate() {
        if !matches!(instruction.keyword, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint) {
            continue;
        }
        let Arguments::Json(words) = &instruction.arguments else {
            continue;
        };
        let Some(first) = words.first() else { continue };
        let program = first.value.trim();
        if !program.contains(' ') || program.contains('\\') || is_windows(model, at) {
            continue;
        }
        let mut hit = Hit::new(
            first.span,
            format!(
                "exec form runs a program named `{}` (spaces included); split it into separate elements",
                first.value
            ),
        );
        let raw = &model.source[first.span.start..first.span.end];
        let plain = program.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b'_' | b'.' | b'/' | b':' | b'=' | b'@' | b'%' | b'+' | b',' | b'-'
                )
        });
        // `/opt/My App/bin/run` is one program whose directory has a space, not `/opt/My` with an argument.
        let mut parts = program.split_whitespace();
        let spaced_path = parts.next().is_some_and(|p| p.contains('/'))
            && parts
                .next()
                .is_some_and(|p| p.contains('/') && !p.starts_with(['/', '.', '-']));
        if plain && !spaced_path && raw == format!("\"{}\"", first.value) {
            let split: Vec<String> = program.split_whitespace().map(|w| format!("\"{w}\"")).collect();
            hit = hit.with_fix(Fix::safe(
                "split the command into elements",
                vec![Edit::replace(first.span.start..first.span.end, split.join(", "))],
            ));
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_and_splits() {
        assert_eq!(
            flagged(&RULE, "FROM a\nCMD [\"python app.py\"]\n"),
            ["\"python app.py\""]
        );
        assert_eq!(
            fixed(&RULE, "FROM a\nRUN [\"pip install flask\", \"-q\"]\n").as_deref(),
            Some("FROM a\nRUN [\"pip\", \"install\", \"flask\", \"-q\"]\n")
        );
        let trap = "FROM a\nCMD [\"echo $HOME\"]\n";
        assert_eq!(check(&RULE, trap).len(), 1);
        assert_eq!(fixed(&RULE, trap), None);
        assert_eq!(fixed(&RULE, "FROM a\nCMD [\"/opt/My App/bin/run\"]\n"), None);
        assert!(fixed(&RULE, "FROM a\nCMD [\"/usr/bin/python /app/main.py\"]\n").is_some());
    }

    #[test]
    fn quiet_on_split_commands_and_shell_scripts() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nCMD [\"python\", \"app.py\"]\n",
                "FROM a\nCMD [\"sh\", \"-c\", \"python app.py\"]\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD [\"C:\\\\Program Files\\\\x.exe\"]\n",
            ],
        );
    }
}
