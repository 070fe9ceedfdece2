use crate::analysis::{FixAvailability, Severity};
use crate::rules::python::util::runs_python_app;
use crate::rules::{Category, Context, Explanation, Hit, Rule};

pub static RULE: Rule = Rule {
    code: "Y003",
    name: "python-unbuffered-missing",
    category: Category::Python,
    severity: Severity::Info,
    enabled: true,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
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

fn check(context: &Context, hits: &mut Vec<Hit>) {
    let Some(stage) = context.final_stage() else { return };
    let Some((index, words)) = context.final_command() else {
        return;
    };
    if !runs_python_app(&words) || words.iter().any(|w| w == "-u" || w.starts_with("-u")) {
        return;
    }
    let set = context
        .stage_chain(stage)
        .iter()
        .any(|s| s.env.iter().any(|v| v.name == "PYTHONUNBUFFERED"));
    if set {
        return;
    }
    let Some(instruction) = context.instructions.get(index) else {
        return;
    };
    hits.push(Hit::new(
        context.span(instruction.span.start..instruction.span.end),
        format!(
            "`{}` runs with block-buffered stdout: set `ENV PYTHONUNBUFFERED=1` so its output appears immediately",
            words.join(" ")
        ),
    ));
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
        assert_eq!(check(&RULE, "FROM python:3.12\nCMD python -m app\n").len(), 1);
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nENV PYTHONUNBUFFERED=1\nFROM python:3.12\nENTRYPOINT [\"uv\", \"run\", \"app.py\"]\n").len(),
            1
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
                "FROM python:3.12\nCMD [\"python3\"]\n",
                "FROM python:3.12\nCMD [\"python\", \"app.py\"]\nFROM nginx:1.27\nCMD [\"nginx\"]\n",
            ],
        );
    }
}
