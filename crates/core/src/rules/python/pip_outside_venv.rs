use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::{under, venv_created};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{PipAction, PipInvocation, Program};

pub static RULE: Rule = Rule {
    code: "Y015",
    name: "pip-outside-venv",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A virtualenv is created, but a later `pip install` runs the system pip instead of the venv's.",
        why: "Each RUN starts a new shell, and creating a virtualenv does not activate it: a plain `pip` still \
              resolves to the system interpreter's pip through `PATH`. The packages land in the system \
              site-packages, and a final stage that copies only the venv gets an empty environment. Put the \
              venv first on `PATH` (`ENV PATH=/opt/venv/bin:$PATH`) or call `/opt/venv/bin/pip`.",
        bad:
            "FROM python:3.12-slim\nRUN python -m venv /opt/venv\nRUN pip install --no-cache-dir -r requirements.txt\n",
        good: "FROM python:3.12-slim\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\n\
               RUN pip install --no-cache-dir -r requirements.txt\n",
        source: "Python docs, \"venv\" (How venvs work: activation only changes `PATH`).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let mut venvs: Vec<String> = Vec::new();
        for (index, _) in model.chain_instructions(stage) {
            let path = model.var_at(index, "PATH").unwrap_or_default();
            for script in model.scripts(index) {
                let mut activated = false;
                for command in script.commands() {
                    if let Some(word) = venv_created(command) {
                        let dir = model.expand_at(index, &word.value);
                        if dir.starts_with('/') && !dir.contains('$') {
                            venvs.push(dir);
                        }
                        continue;
                    }
                    if matches!(command.name(), "source" | ".")
                        && command
                            .args()
                            .first()
                            .is_some_and(|a| a.value.ends_with("bin/activate"))
                    {
                        activated = true;
                    }
                    let Program::Pip(pip) = &command.program else { continue };
                    if pip.action != PipAction::Install || pip.invocation == PipInvocation::Uv || activated {
                        continue;
                    }
                    if pip.args.has(&["--target", "-t", "--prefix", "--root", "--user"]) {
                        continue;
                    }
                    let Some(program) = command.program_word() else {
                        continue;
                    };
                    let Some(venv) = venvs.last() else { continue };
                    let program_path = model.expand_at(index, &program.value);
                    let on_path = path.split(':').any(|p| under(p, venv));
                    // Only the venv counts when written as a path; any other path is a deliberate choice.
                    if on_path || program_path.contains('/') || program.expansion {
                        continue;
                    }
                    if command.assignments.iter().any(|a| a.name == "PATH") {
                        continue;
                    }
                    hits.push(Hit::new(
                        model.span(program.span.clone()),
                        format!(
                            "`{}` is the system pip, not the virtualenv `{venv}` created before: packages go to the system site-packages",
                            program.value
                        ),
                    ));
                }
            }
        }
    }
    crate::sort::sort_by_key(hits, |h| h.span.start);
    hits.dedup_by_key(|h| h.span.start);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_system_pip_after_a_venv() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nRUN python -m venv /opt/venv\nRUN pip install x\n"),
            ["`pip` is the system pip, not the virtualenv `/opt/venv` created before: packages go to the system site-packages"]
        );
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12\nRUN python3 -m venv /v && python3 -m pip install x\n"
            ),
            ["python3"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12 AS b\nRUN python -m venv /v\nFROM b\nRUN pip3 install x\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_when_the_venv_is_used() {
        assert_quiet(&RULE, &[
            "FROM python:3.12\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install x\n",
            "FROM python:3.12\nENV VIRTUAL_ENV=/opt/venv\nRUN python -m venv $VIRTUAL_ENV\nENV PATH=\"$VIRTUAL_ENV/bin:$PATH\"\nRUN pip install x\n",
            "FROM python:3.12\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install x\n",
            "FROM python:3.12\nRUN python -m venv /v && . /v/bin/activate && pip install x\n",
            "FROM python:3.12\nRUN pip install x && python -m venv /v\n",
            "FROM python:3.12\nRUN python -m venv /v\nRUN uv pip install x\n",
            "FROM python:3.12\nRUN python -m venv /v\nFROM python:3.12\nRUN pip install x\n",
        ]);
    }
}
