use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::{runs_python_app, truthy};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{PipAction, PipInvocation, Program};

pub static RULE: Rule = Rule {
    code: "Y004",
    name: "uv-bytecode-not-compiled",
    category: Category::Python,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "uv installs the application's packages without compiling bytecode.",
        why: "Unlike pip, uv does not write `.pyc` files at install time. In a container every fresh start \
              then compiles each imported module again, which can add seconds to cold starts; with \
              `PYTHONDONTWRITEBYTECODE=1` the work is not even cached for the container's lifetime. Set \
              `UV_COMPILE_BYTECODE=1` (or pass `--compile-bytecode`) so the image ships compiled modules. \
              This combines well with `PYTHONDONTWRITEBYTECODE=1`: that variable only stops Python from \
              writing new `.pyc` files at run time, it still reads the ones compiled at build time.",
        bad: "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nRUN uv sync --locked\nCMD [\"uv\", \"run\", \"app.py\"]\n",
        good: "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\nCMD [\"uv\", \"run\", \"app.py\"]\n",
        source: "uv docs, \"Using uv in Docker\" (Compiling bytecode) and \"Compatibility with pip\" (bytecode compilation).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    let Some((_, words)) = model.final_command() else {
        return;
    };
    if !runs_python_app(&words) {
        return;
    }
    let dont_write = model.stage_chain(stage).iter().any(|s| {
        s.env
            .iter()
            .any(|v| v.name == "PYTHONDONTWRITEBYTECODE" && v.value.as_deref().is_some_and(|v| !v.is_empty()))
    });
    let compiles_later = model.runs().any(|(_, _, scripts)| {
        scripts.iter().any(|s| {
            s.commands()
                .iter()
                .any(|c| c.args().iter().any(|a| a.value == "compileall"))
        })
    });
    if compiles_later {
        return;
    }
    for (index, _, scripts) in model.runs() {
        for script in scripts {
            for command in script.commands() {
                let (sub, args) = match &command.program {
                    Program::Uv(uv) => match uv.subcommand.as_ref() {
                        Some(s) if s.name == "sync" => (s, &uv.args),
                        _ => continue,
                    },
                    Program::Pip(pip)
                        if pip.invocation == PipInvocation::Uv
                            && matches!(pip.action, PipAction::Install | PipAction::Sync) =>
                    {
                        match pip.subcommand.as_ref() {
                            Some(s) => (s, &pip.args),
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                let env = command
                    .assignments
                    .iter()
                    .rev()
                    .find(|a| a.name == "UV_COMPILE_BYTECODE")
                    .map(|a| a.value.clone())
                    .or_else(|| model.var_at(index, "UV_COMPILE_BYTECODE"));
                if env.is_some_and(|v| truthy(&v)) || args.has(&["--compile-bytecode", "--compile"]) {
                    continue;
                }
                let extra = if dont_write {
                    "; with `PYTHONDONTWRITEBYTECODE=1` every start recompiles imported modules"
                } else {
                    ""
                };
                hits.push(Hit::new(
                    model.span(sub.span.clone()),
                    format!(
                        "`uv {}` installs without bytecode: set `UV_COMPILE_BYTECODE=1` for faster starts{extra}",
                        if matches!(command.program, Program::Pip(_)) {
                            format!("pip {}", sub.name)
                        } else {
                            sub.name.clone()
                        }
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_uv_installs_for_python_apps() {
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN uv sync --locked\nCMD [\"python\", \"app.py\"]\n"
            ),
            ["`uv sync` installs without bytecode: set `UV_COMPILE_BYTECODE=1` for faster starts"]
        );
        let messages = check(
            &RULE,
            "FROM python:3.12 AS build\nRUN uv pip install --system -r r.txt\nFROM python:3.12\nENV PYTHONDONTWRITEBYTECODE=1\nCMD [\"gunicorn\", \"app:app\"]\n",
        );
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("every start recompiles"));
    }

    #[test]
    fn quiet_when_compiled_or_not_an_app() {
        assert_quiet(&RULE, &[
            "FROM python:3.12\nENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\nCMD [\"python\", \"app.py\"]\n",
            "FROM python:3.12\nENV UV_COMPILE_BYTECODE=1 PYTHONDONTWRITEBYTECODE=1\nRUN uv sync --locked\nCMD [\"python\", \"app.py\"]\n",
            "FROM python:3.12\nRUN uv sync --locked --compile-bytecode\nCMD [\"python\", \"app.py\"]\n",
            "FROM python:3.12\nRUN uv sync --locked && python -m compileall /app\nCMD [\"python\", \"app.py\"]\n",
            "FROM python:3.12\nRUN pip install -r r.txt\nCMD [\"python\", \"app.py\"]\n",
            "FROM python:3.12\nRUN uv sync --locked\nCMD [\"python3\"]\n",
        ]);
    }
}
