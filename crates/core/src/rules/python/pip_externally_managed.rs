use crate::analysis::{FixAvailability, Severity};
use crate::knowledge::images::Presence;
use crate::model::image::PythonSource;
use crate::model::Model;
use crate::rules::support::python::{pip_target, PipTarget};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::shell::{PipAction, PipInvocation, Program};

pub static RULE: Rule = Rule {
    code: "Y020",
    name: "pip-externally-managed",
    category: Category::Python,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`pip install` targets the Python of Debian or Ubuntu, which refuses it (PEP 668, \
                  \"externally-managed-environment\").",
        why: "Since Debian 12 and Ubuntu 23.04 the distribution's `python3` carries an `EXTERNALLY-MANAGED` \
              marker: pip refuses to install into it so that it cannot break the packages apt installed, and \
              the build fails with `error: externally-managed-environment`. Install into a virtual environment \
              (`python3 -m venv /opt/venv` and `/opt/venv/bin/pip install ...`), or start from a `python:` image, \
              whose own interpreter in `/usr/local` is not marked. `--break-system-packages` silences the check \
              and keeps the risk.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip\n\
              RUN pip3 install flask\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends \
               python3-venv\nRUN python3 -m venv /opt/venv && /opt/venv/bin/pip install flask\n",
        source: "PEP 668 (Marking Python base environments as externally managed); Debian python3.11 \
                 (bookworm) ships /usr/lib/python3.11/EXTERNALLY-MANAGED.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::Pip(pip) = &cmd.command.program else { continue };
        if pip.action != PipAction::Install
            || pip.invocation == PipInvocation::Uv
            || pip.break_system_packages
            || !cmd.script.failure_is_fatal(cmd.command.id)
            || matches!(
                pip_target(model, cmd.index, cmd.script, cmd.command),
                PipTarget::Venv | PipTarget::Elsewhere
            )
        {
            continue;
        }
        let Some(stage) = model.build.stage_of(cmd.index) else { continue };
        let (image, point) = (model.image(), cmd.point());
        if image.python(stage, point) != Some(PythonSource::ExternallyManaged)
            || image.externally_managed_overridden(stage, point)
        {
            continue;
        }
        // Without pip installed, the missing program is the error (C044).
        let runs = match pip.invocation {
            PipInvocation::Pip => cmd.command.name().to_string(),
            _ => "pip3".to_string(),
        };
        if image.program(stage, point, &runs) != Presence::Present {
            continue;
        }
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            "pip refuses to install into the distribution's Python (PEP 668: externally-managed-environment), so \
             this RUN fails; install into a venv (`python3 -m venv /opt/venv && /opt/venv/bin/pip install ...`) or \
             build from a `python:` image",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    const APT_PIP: &str = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-pip\n";

    #[test]
    fn fires_on_the_distribution_python() {
        assert_eq!(flagged(&RULE, &format!("{APT_PIP}RUN pip3 install flask\n")), ["pip3 install flask"]);
        assert_eq!(
            flagged(&RULE, &format!("{APT_PIP}RUN python3 -m pip install --user flask\n")),
            ["python3 -m pip install --user flask"]
        );
        let noble = "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3-pip && pip3 install x\n";
        assert_eq!(flagged(&RULE, noble), ["pip3 install x"]);
    }

    #[test]
    fn quiet_in_a_venv_or_on_python_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y python3-pip\nRUN pip install flask\n",
                &format!("{APT_PIP}RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install flask\n"),
                &format!("{APT_PIP}ENV PATH=/opt/venv/bin:$PATH\nRUN python3 -m venv /opt/venv && pip install x\n"),
                &format!("{APT_PIP}RUN pip3 install --break-system-packages flask\n"),
                &format!("{APT_PIP}ENV PIP_BREAK_SYSTEM_PACKAGES=1\nRUN pip3 install flask\n"),
                &format!("{APT_PIP}RUN rm /usr/lib/python3*/EXTERNALLY-MANAGED && pip3 install flask\n"),
                &format!("{APT_PIP}RUN pip3 install --target /deps flask\n"),
                // Ubuntu 22.04's Python is not marked.
                "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3-pip && pip3 install x\n",
            ],
        );
    }
}
