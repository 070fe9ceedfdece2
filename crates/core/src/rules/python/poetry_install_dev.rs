use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "Y013",
    name: "poetry-install-dev",
    category: Category::Python,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[Effect::PythonPackages],
    explanation: Explanation {
        summary: "`poetry install` in the final image installs every dependency group, dev tools included.",
        why: "By default Poetry installs the main dependencies and all non-optional groups: test runners, \
              linters and type checkers end up in the production image, making it bigger and giving an \
              attacker more tools. `--only main` (or `--without dev`) installs what the application needs; \
              Poetry before 1.2, when the Dockerfile pins one, gets `--no-dev` instead.",
        bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3\nRUN poetry install --no-root\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3\nRUN poetry install --no-root --only main\n",
        source: "Poetry docs, \"Managing dependencies\" (`--only`, `--without`).",
    },
    check,
};

/// A `poetry install` in one branch of an `if`/`case` whose other branch installs without the dev groups
/// (`if [ "$INSTALL_DEV" = true ]; then poetry install; else poetry install --only main; fi`): the build
/// chooses, usually through a build argument, and the default decides what ships.
fn dev_install_is_a_choice(script: &crate::shell::Script, install: &crate::shell::Command) -> bool {
    install.context.conditional
        && script.commands().iter().any(|other| {
            other.id != install.id
                && other.context.conditional
                && matches!(&other.program, Program::Poetry(p) if p.subcommand.as_ref().is_some_and(|s| s.name == "install") && (p.no_dev || !p.only.is_empty()))
        })
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    // Poetry before 1.2 has no `--only`; its `--no-dev` does the same.
    let old_poetry = ["poetry==", "POETRY_VERSION="].iter().any(|key| {
        model.source.split(key).skip(1).any(|rest| {
            let version = rest.trim_start_matches(['"', '\'']);
            ["0.", "1.0", "1.1"].iter().any(|old| version.starts_with(old))
        })
    });
    let flag = if old_poetry { "--no-dev" } else { "--only main" };
    for (index, _) in model.chain_instructions(stage) {
        for script in model.scripts(index) {
            for command in script.commands() {
                let Program::Poetry(poetry) = &command.program else {
                    continue;
                };
                let Some(sub) = poetry.subcommand.as_ref().filter(|s| s.name == "install") else {
                    continue;
                };
                if poetry.no_dev || !poetry.only.is_empty() || dev_install_is_a_choice(script, command) {
                    continue;
                }
                hits.push(
                    Hit::new(
                        model.span(sub.span.clone()),
                        "`poetry install` in the final image also installs dev dependency groups",
                    )
                    .with_fix(Fix::opt_in(
                        format!("add `{flag}`"),
                        "only the main dependency group is installed; other groups are left out",
                        vec![Edit::insert(sub.span.end, format!(" {flag}"))],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_in_the_final_stage_only() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nRUN poetry install --no-interaction\n").len(),
            1
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12 AS b\nRUN poetry install\nFROM b\n").len(),
            1
        );
        assert_eq!(
            fixed(&RULE, "FROM python:3.12\nRUN poetry install --no-root\n").unwrap(),
            "FROM python:3.12\nRUN poetry install --only main --no-root\n"
        );
    }

    #[test]
    fn pinned_poetry_before_1_2_gets_no_dev() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.8\nENV POETRY_VERSION=1.1.15\nRUN pip install \"poetry==$POETRY_VERSION\" && poetry install\n").unwrap(),
            "FROM python:3.8\nENV POETRY_VERSION=1.1.15\nRUN pip install \"poetry==$POETRY_VERSION\" && poetry install --no-dev\n"
        );
    }

    #[test]
    fn quiet_without_dev_groups_or_in_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN poetry install --only main\n",
                "FROM python:3.12\nRUN poetry install --without dev,test\n",
                "FROM python:3.12\nRUN poetry install --no-dev\n",
                "FROM python:3.12 AS test\nRUN poetry install\nFROM python:3.12\nCOPY --from=test /app /app\n",
            ],
        );
    }

    /// The install chosen by a build argument (tiangolo's images: `ARG INSTALL_DEV=false`, then an `if`
    /// whose `else` installs only main): the default build ships no dev groups.
    #[test]
    fn quiet_when_a_branch_chooses_between_dev_and_main() {
        use crate::rules::testing::{assert_quiet, check};
        assert_quiet(&RULE, &["FROM python:3.12\nARG INSTALL_DEV=false\nRUN pip install poetry\nCOPY . .\nRUN if [ $INSTALL_DEV == 'true' ]; then poetry install; else poetry install --only main; fi\n"]);
        assert_eq!(check(&RULE, "FROM python:3.12\nARG INSTALL_DEV=false\nRUN if [ $INSTALL_DEV == 'true' ]; then poetry install; fi\n").len(), 1);
    }
}
