use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::text;
use crate::rules::support::python::runs_python_app;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::buildkit::go_quote;
use crate::syntax::instructions::Command;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "Y003",
    name: "python-unbuffered-missing",
    category: Category::Python,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "The image runs a Python application without `PYTHONUNBUFFERED` set.",
        why: "When stdout is not a terminal, as in a container, Python buffers it in blocks: `print` output \
              and logs written to stdout appear late in `docker logs`, out of order with stderr (which is \
              line-buffered since Python 3.9), and the last lines before a crash can be lost. \
              `ENV PYTHONUNBUFFERED=1` (or `python -u`) writes them immediately. Only the final stage \
              matters, and only when it runs an application rather than an interactive interpreter.",
        bad: "FROM python:3.12-slim\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n",
        good: "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n",
        source: "Python docs, \"Command line and environment\" (`-u`, `PYTHONUNBUFFERED`).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    let Some((index, words)) = model.final_command() else {
        return;
    };
    if !runs_python_app(&words) || interpreter_unbuffered(&words) {
        return;
    }
    let set = model
        .stage_chain(stage)
        .iter()
        .any(|s| s.env.iter().any(|v| v.name == "PYTHONUNBUFFERED"));
    if set {
        return;
    }
    let Some(instruction) = model.instructions.get(index) else {
        return;
    };
    // Shell form as written; exec-form words quoted where a shell would need it, so `-c` code reads right.
    let shown = match instruction.view() {
        View::Cmd(Command::Shell(_)) | View::Entrypoint(Command::Shell(_)) => text(
            model,
            instruction.arguments_span.start..instruction.arguments_span.end,
        ),
        _ => words
            .iter()
            .map(|w| {
                let plain = !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
                if plain {
                    w.clone()
                } else {
                    go_quote(w)
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    };
    hits.push(Hit::new(
        model.span(instruction.span.start..instruction.span.end),
        format!(
            "`{shown}` runs with block-buffered stdout: set `ENV PYTHONUNBUFFERED=1` so its output appears immediately"
        ),
    ));
}

/// Whether a Python interpreter among `words` gets `-u` among its own options (alone or in a cluster such as
/// `-Bu`). Only the interpreter's options count: `gunicorn -u www-data` names a user.
fn interpreter_unbuffered(words: &[String]) -> bool {
    let Some(at) = words
        .iter()
        .position(|w| crate::shell::basename(w).starts_with("python"))
    else {
        return false;
    };
    let mut options = words[at + 1..].iter();
    while let Some(word) = options.next() {
        let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) else {
            return false; // the script: the interpreter's options end here
        };
        if cluster.starts_with('-') {
            continue; // a long option (`--` itself ends them too, and `-u` cannot follow it)
        }
        for (i, flag) in cluster.char_indices() {
            match flag {
                'u' => return true,
                // The module, the command or the program text: the options end.
                'm' | 'c' => return false,
                // An argument follows, in the rest of the cluster or as the next word.
                'W' | 'X' => {
                    if i + 1 == cluster.len() {
                        options.next();
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_python_apps_in_the_final_stage() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCMD [\"gunicorn\", \"app:app\"]\n"),
            ["`gunicorn app:app` runs with block-buffered stdout: set `ENV PYTHONUNBUFFERED=1` so its output appears immediately"]
        );
        // the command as a shell would read it
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCMD [\"python\", \"-c\", \"print(1)\"]\n"),
            ["`python -c \"print(1)\"` runs with block-buffered stdout: set `ENV PYTHONUNBUFFERED=1` so its output appears immediately"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nCMD python -c 'print(1)'\n"),
            ["`python -c 'print(1)'` runs with block-buffered stdout: set `ENV PYTHONUNBUFFERED=1` so its output appears immediately"]
        );
        assert_eq!(check(&RULE, "FROM python:3.12\nCMD python -m app\n").len(), 1);
        // `-u` of another program, or after the interpreter's options ended, is not the interpreter's.
        for source in [
            "FROM python:3.12\nCMD [\"gunicorn\", \"-u\", \"www-data\", \"app:app\"]\n",
            "FROM python:3.12\nCMD [\"python\", \"app.py\", \"-u\"]\n",
            "FROM python:3.12\nCMD [\"python\", \"-m\", \"app\", \"-u\"]\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nENV PYTHONUNBUFFERED=1\nFROM python:3.12\nENTRYPOINT [\"uv\", \"run\", \"app.py\"]\n").len(),
            1
        );
    }

    /// `ENTRYPOINT []` clears the entrypoint; the finding is about the CMD, so it is reported there (issue #19).
    #[test]
    fn reported_on_the_cmd_after_an_empty_entrypoint() {
        assert_eq!(
            crate::rules::testing::flagged(&RULE, "FROM python:3.12\nENTRYPOINT []\nCMD [\"python\", \"app.py\"]\n"),
            ["CMD [\"python\", \"app.py\"]"]
        );
    }

    #[test]
    fn quiet_when_set_or_not_an_app() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nENV PYTHONUNBUFFERED=1\nCMD [\"python\", \"app.py\"]\n",
                "FROM python:3.12 AS b\nENV PYTHONUNBUFFERED=1\nFROM b\nCMD [\"python\", \"app.py\"]\n",
                "FROM python:3.12\nCMD [\"python\", \"-u\", \"app.py\"]\n",
                "FROM python:3.12\nCMD [\"python3\", \"-Bu\", \"-m\", \"app\"]\n",
                "FROM python:3.12\nCMD [\"python\", \"-W\", \"ignore\", \"-u\", \"app.py\"]\n",
                "FROM python:3.12\nCMD [\"uv\", \"run\", \"python\", \"-u\", \"app.py\"]\n",
                "FROM python:3.12\nCMD [\"python3\"]\n",
                "FROM python:3.12\nCMD [\"python\", \"app.py\"]\nFROM nginx:1.27\nCMD [\"nginx\"]\n",
            ],
        );
    }
}
