use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::truthy;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{PipAction, PipInvocation};
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "Y018",
    name: "pip-break-system-packages",
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
        summary: "`pip install --break-system-packages` installs into a distribution-managed Python.",
        why: "Debian, Ubuntu and Alpine mark their Python as externally managed (PEP 668) because pip and the \
              package manager would otherwise overwrite each other's files: a pip upgrade of a library that \
              an apt or apk package depends on can break system tools in the image, and the next package \
              install can silently undo pip's. Create a virtualenv (`python3 -m venv /opt/venv`) and install \
              there, or start from an official `python` image, whose interpreter is not externally managed.",
        bad: "FROM debian:bookworm-slim\nRUN pip install --no-cache-dir --break-system-packages flask==3.0.3\n",
        good: "FROM debian:bookworm-slim\nRUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3\n",
        source: "PEP 668, \"Marking Python base environments as externally managed\"; pip docs, `--break-system-packages`.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, _, scripts) in model.runs() {
        let stage = model.build.stage_of(index).map(|s| &model.build.stages[s]);
        // The official python images' interpreter is not externally managed: the flag is only noise there.
        let official = stage.is_some_and(|stage| match model.root_base(stage) {
            Base::Image { image, .. } => image.repository.trim_start_matches("library/") == "python",
            _ => false,
        });
        if official {
            continue;
        }
        for script in scripts {
            for (id, pip) in script.pip() {
                if pip.action != PipAction::Install || pip.invocation == PipInvocation::Uv {
                    continue;
                }
                let Some(command) = script.get(id) else { continue };
                let flag = pip
                    .args
                    .get(&["--break-system-packages"])
                    .next()
                    .map(|f| f.span.clone());
                let env = command
                    .assignments
                    .iter()
                    .find(|a| a.name == "PIP_BREAK_SYSTEM_PACKAGES")
                    .map(|a| a.value.clone())
                    .or_else(|| model.var_at(index, "PIP_BREAK_SYSTEM_PACKAGES"))
                    .is_some_and(|v| truthy(&v));
                let span = match (flag, env) {
                    (Some(span), _) => span,
                    (None, true) => match pip.subcommand.as_ref() {
                        Some(sub) => sub.span.clone(),
                        None => continue,
                    },
                    _ => continue,
                };
                hits.push(Hit::new(
                    model.span(span),
                    "`pip install` overrides the distribution's externally-managed Python: use a virtualenv",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_distro_pythons() {
        assert_eq!(
            flagged(&RULE, "FROM debian:12\nRUN pip3 install --break-system-packages x\n"),
            ["--break-system-packages"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM ubuntu:24.04\nENV PIP_BREAK_SYSTEM_PACKAGES=1\nRUN pip install x\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_python_images_and_venvs() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN pip install --break-system-packages x\n",
                "FROM debian:12\nRUN /opt/venv/bin/pip install x\n",
                "FROM debian:12\nENV PIP_BREAK_SYSTEM_PACKAGES=0\nRUN pip install x\n",
            ],
        );
    }
}
