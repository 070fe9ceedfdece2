use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::image_refs::variables;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::Arguments;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C036",
    name: "exec-form-variable",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "An exec-form CMD, ENTRYPOINT or RUN uses `$VARIABLE`, which nothing expands.",
        why: "Exec form runs the program directly, without a shell, so `$PORT` reaches it as the literal text \
              `$PORT`: `gunicorn --bind 0.0.0.0:$PORT` then fails to parse the address. Run it through a shell \
              (`[\"sh\", \"-c\", \"exec gunicorn --bind 0.0.0.0:$PORT app:app\"]`) or let the program read the \
              environment itself.",
        bad: "FROM python:3.12-slim\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:$PORT\", \"app:app\"]\n",
        good: "FROM python:3.12-slim\nCMD [\"sh\", \"-c\", \"exec gunicorn --bind 0.0.0.0:$PORT app:app\"]\n",
        source: "Dockerfile reference, \"Exec form\" (variable substitution does not happen in exec form).",
    },
    check,
};

const SHELLS: [&str; 8] = ["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox", "env"];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for instruction in &model.instructions {
        if !matches!(instruction.keyword, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint) {
            continue;
        }
        let Arguments::Json(words) = &instruction.arguments else {
            continue;
        };
        let Some(first) = words.first() else { continue };
        // A shell (also behind `tini --` and the like), `env` or a wrapper script sees the text and may expand it.
        let expands = words.iter().any(|w| {
            let program = crate::shell::basename(w.value.trim());
            SHELLS.contains(&program) || program.ends_with(".sh") || program.contains("entrypoint")
        });
        if expands {
            continue;
        }
        for word in words {
            let Some(var) = variables(&word.value).into_iter().next() else {
                continue;
            };
            hits.push(Hit::new(
                word.span,
                format!(
                    "`${}` is not expanded in exec form: `{}` receives it literally",
                    var.name, first.value
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
    fn fires_on_variables_without_shell() {
        assert_eq!(
            flagged(&RULE, "FROM a\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:${PORT}\"]\n"),
            ["\"0.0.0.0:${PORT}\""]
        );
        assert_eq!(check(&RULE, "FROM a\nRUN [\"pip\", \"install\", \"$PKG\"]\n").len(), 1);
    }

    #[test]
    fn quiet_with_shells_and_plain_words() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nCMD [\"sh\", \"-c\", \"serve $PORT\"]\n",
                "FROM a\nCMD [\"/bin/bash\", \"-c\", \"serve $PORT\"]\n",
                "FROM a\nENTRYPOINT [\"/docker-entrypoint.sh\", \"$X\"]\n",
                "FROM a\nCMD [\"python\", \"app.py\"]\n",
                "FROM a\nENTRYPOINT [\"tini\", \"--\", \"sh\", \"-c\", \"serve $PORT\"]\n",
                "FROM a\nCMD gunicorn -b 0.0.0.0:$PORT\n",
            ],
        );
    }
}
