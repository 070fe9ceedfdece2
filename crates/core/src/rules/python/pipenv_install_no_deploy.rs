use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "Y014",
    name: "pipenv-install-no-deploy",
    category: Category::Python,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[],
    explanation: Explanation {
        summary: "`pipenv install` from the Pipfile runs without `--deploy`.",
        why: "Without `--deploy`, pipenv quietly re-locks when `Pipfile.lock` is out of date with the \
              `Pipfile`, so the image gets versions nobody reviewed. `--deploy` makes the build fail instead, \
              which is what a reproducible image needs (`pipenv sync` is the other option).",
        bad: "FROM python:3.12-slim\nRUN pipenv install --system\n",
        good: "FROM python:3.12-slim\nRUN pipenv install --system --deploy\n",
        source: "Pipenv docs, \"Deploying\" (`pipenv install --deploy`).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (_, _, scripts) in model.runs() {
        for script in scripts {
            for command in script.commands() {
                let Program::Pipenv(pipenv) = &command.program else {
                    continue;
                };
                let Some(sub) = pipenv.subcommand.as_ref().filter(|s| s.name == "install") else {
                    continue;
                };
                if pipenv.deploy || !pipenv.packages.is_empty() || pipenv.args.has(&["--ignore-pipfile"]) {
                    continue;
                }
                hits.push(
                    Hit::new(
                        model.span(sub.span.clone()),
                        "`pipenv install` without `--deploy` may re-lock instead of failing on an outdated `Pipfile.lock`",
                    )
                    .with_fix(Fix::opt_in("add `--deploy`", "the build fails when `Pipfile.lock` is out of date", vec![Edit::insert(sub.span.end, " --deploy")])),
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
    fn fires_on_lockfile_installs_without_deploy() {
        assert_eq!(check(&RULE, "FROM python:3.12\nRUN pipenv install --system\n").len(), 1);
        assert_eq!(
            fixed(&RULE, "FROM python:3.12\nRUN pipenv install\n").unwrap(),
            "FROM python:3.12\nRUN pipenv install --deploy\n"
        );
    }

    #[test]
    fn quiet_with_deploy_packages_or_sync() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN pipenv install --deploy --system\n",
                "FROM python:3.12\nRUN pipenv install requests\n",
                "FROM python:3.12\nRUN pipenv sync\n",
                "FROM python:3.12\nRUN pipenv install --ignore-pipfile\n",
            ],
        );
    }
}
