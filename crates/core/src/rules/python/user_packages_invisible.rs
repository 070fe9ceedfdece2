use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::{is_root_user, under};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::PipAction;
use crate::syntax::instructions::View;

pub static RULE: Rule = Rule {
    code: "Y009",
    name: "user-packages-invisible",
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
        summary: "Packages live in root's `~/.local` while the image runs as another user.",
        why: "`pip install --user` run as root installs into `/root/.local`, and copying a builder's \
              `/root/.local` puts it there too. When the final stage switches to a non-root `USER`, Python \
              looks in that user's home instead, and `/root` is not even readable (mode 700 on Debian-based \
              images): imports fail with `ModuleNotFoundError` at run time. Install into a virtualenv or a \
              `--prefix`/`--target` directory outside `/root`, or copy to the user's home with `--chown`.",
        bad: "FROM python:3.12-slim AS build\nRUN pip install --user --no-cache-dir flask==3.0.3\n\
              FROM python:3.12-slim\nCOPY --from=build /root/.local /root/.local\nUSER 10001\n",
        good: "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3\n\
               FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nUSER 10001\n",
        source: "Python docs, \"site\" (user site-packages in the user's home); pip docs, \"User installs\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    let Some((_, user_instruction)) = model.final_user() else {
        return;
    };
    let View::User(Some(user)) = user_instruction.view() else {
        return;
    };
    if is_root_user(&user.value) || user.value.contains('$') {
        return;
    }
    let name = &user.value;
    let mut root = true;
    for (index, _) in model.chain_instructions(stage) {
        match model.view(index) {
            View::User(Some(word)) => root = is_root_user(&word.value),
            View::Copy(copy) | View::Add(copy) => {
                let Some(destination) = copy.destination else { continue };
                let to = model.expand_at(index, &destination.value);
                if under(&to, "/root/.local") {
                    hits.push(Hit::new(
                        destination.span,
                        format!("packages copied to `{to}` are invisible to `USER {name}`: `/root` is root's home"),
                    ));
                }
            }
            View::Run(_) if root => {
                for script in model.scripts(index) {
                    for (_, pip) in script.pip() {
                        let Some(flag) = pip.args.get(&["--user"]).next() else {
                            continue;
                        };
                        if pip.action != PipAction::Install || !pip.user {
                            continue;
                        }
                        hits.push(Hit::new(
                            model.span(flag.span.clone()),
                            format!(
                                "`pip install --user` as root installs into `/root/.local`, invisible to `USER {name}`"
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_when_a_non_root_user_runs_root_packages() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12 AS b\nRUN pip install --user x\nFROM python:3.12\nCOPY --from=b /root/.local /root/.local\nUSER app\n"),
            ["/root/.local"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN pip install --user --no-cache-dir x\nUSER 1000:1000\n"
            ),
            ["`pip install --user` as root installs into `/root/.local`, invisible to `USER 1000:1000`"]
        );
    }

    #[test]
    fn quiet_for_root_images_and_user_homes() {
        assert_quiet(&RULE, &[
            "FROM python:3.12 AS b\nRUN pip install --user x\nFROM python:3.12\nCOPY --from=b /root/.local /root/.local\n",
            "FROM python:3.12 AS b\nRUN pip install --user x\nFROM python:3.12\nCOPY --from=b /root/.local /root/.local\nUSER root\n",
            "FROM python:3.12 AS b\nRUN pip install --user x\nFROM python:3.12\nCOPY --chown=app --from=b /root/.local /home/app/.local\nUSER app\n",
            "FROM python:3.12\nUSER app\nRUN pip install --user x\n",
        ]);
    }
}
