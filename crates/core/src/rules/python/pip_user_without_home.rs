use crate::analysis::{FixAvailability, Severity};
use crate::model::image::Point;
use crate::model::Model;
use crate::rules::support::python::{pip_target, PipTarget};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::shell::{PipAction, PipInvocation, Program};
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "Y021",
    name: "pip-user-without-home",
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
        summary: "`pip install` runs as a user whose home directory was never created.",
        why: "`useradd` without `--create-home` (`-m`) records `/home/<name>` in `/etc/passwd` but creates no \
              directory. As that user, `pip install --user` (and a plain `pip install`, which falls back to a \
              user install because site-packages belongs to root) must create `~/.local` and fails the build \
              with \"Permission denied: '/home/app'\". Create the home (`useradd --create-home app`), or \
              install as root or into a virtual environment the user owns.",
        bad: "FROM python:3.12-slim\nRUN useradd app\nUSER app\nRUN pip install --user flask\n",
        good: "FROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\nRUN pip install --user flask\n",
        source: "useradd(8) (CREATE_HOME is not set in Debian's login.defs); pip user installs (site.USER_BASE).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let mut user: Option<String> = None;
        for (at, _) in model.chain_instructions(stage) {
            if let View::User(word) = model.view(at) {
                user = word.map(|w| model.expand_at(at, &w.value).split(':').next().unwrap_or_default().to_string());
                continue;
            }
            // The chain's own instructions come last and in order: a binary search, not a scan per instruction.
            if stage.instructions.binary_search(&at).is_err() {
                continue;
            }
            let Some(name) = user.as_deref().filter(|u| !u.is_empty() && *u != "root") else {
                continue;
            };
            for (script_index, script) in model.scripts(at).iter().enumerate() {
                for command in script.commands() {
                    let Program::Pip(pip) = &command.program else { continue };
                    if pip.action != PipAction::Install
                        || pip.invocation == PipInvocation::Uv
                        || !script.failure_is_fatal(command.id)
                        || matches!(pip_target(model, at, script, command), PipTarget::Venv | PipTarget::Elsewhere)
                    {
                        continue;
                    }
                    let point = Point {
                        instruction: at,
                        script: script_index,
                        command: command.id,
                    };
                    if model.image().user_home(stage.index, point, name) != Some(false)
                        || model.scope(at).get("PYTHONUSERBASE").is_some()
                    {
                        continue;
                    }
                    hits.push(Hit::new(
                        model.span(command.span.clone()),
                        format!(
                            "`{name}` has no home directory (created without `--create-home`), so pip cannot \
                             create `~/.local` and this RUN fails with \"Permission denied\"; create the user with \
                             `--create-home`, or install into a venv"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_for_a_user_without_home() {
        let source = "FROM python:3.12-slim\nRUN useradd app\nUSER app\nRUN pip install --user flask\n";
        assert_eq!(flagged(&RULE, source), ["pip install --user flask"]);
        let plain = "FROM python:3.12-slim\nRUN useradd -r app\nUSER app\nRUN pip install -r requirements.txt\n";
        assert_eq!(flagged(&RULE, plain).len(), 1);
    }

    #[test]
    fn quiet_with_a_home_or_a_venv() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nRUN pip install --user flask\n",
                "FROM python:3.12-slim\nRUN adduser --disabled-password app\nUSER app\nRUN pip install --user x\n",
                "FROM python:3.12-slim\nRUN useradd app\nUSER app\nRUN python -m venv /tmp/v && /tmp/v/bin/pip install x\n",
                "FROM python:3.12-slim\nRUN useradd app\nRUN pip install flask\nUSER app\n",
                "FROM python:3.12-slim\nRUN useradd app\nUSER app\nRUN pip install --target /tmp/deps flask\n",
                "FROM python:3.12-slim\nUSER app\nRUN pip install flask\n",
            ],
        );
    }
}
