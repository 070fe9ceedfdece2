use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::truthy;
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "Y006",
    name: "uv-sync-unlocked",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[],
    explanation: Explanation {
        summary: "`uv sync` runs without `--locked` or `--frozen`.",
        why: "Without either flag, `uv sync` re-resolves when `uv.lock` does not match `pyproject.toml` and \
              silently rewrites the lock file inside the image, so the image can contain versions nobody \
              reviewed. `--locked` makes the build fail when the lock is out of date; `--frozen` installs \
              exactly what the lock says without checking it. Either keeps the image reproducible.",
        bad: "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nRUN uv sync --no-dev\n",
        good:
            "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nRUN uv sync --locked --no-dev\n",
        source: "uv docs, \"Using uv in Docker\" and \"Locking and syncing\" (`--locked`, `--frozen`).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, _, scripts) in model.runs() {
        for script in scripts {
            for command in script.commands() {
                let Program::Uv(uv) = &command.program else { continue };
                let Some(sub) = uv.subcommand.as_ref().filter(|s| s.name == "sync") else {
                    continue;
                };
                let env = |name: &str| {
                    command
                        .assignments
                        .iter()
                        .rev()
                        .find(|a| a.name == name)
                        .map(|a| a.value.clone())
                        .or_else(|| model.var_at(index, name))
                        .is_some_and(|v| truthy(&v))
                };
                if uv.locked || uv.frozen || env("UV_LOCKED") || env("UV_FROZEN") {
                    continue;
                }
                hits.push(
                    Hit::new(
                        model.span(sub.span.clone()),
                        "`uv sync` without `--locked` or `--frozen` may re-resolve and rewrite `uv.lock`",
                    )
                    .with_fix(Fix::opt_in(
                        "add `--locked`",
                        "the build fails when `uv.lock` is missing or out of date with `pyproject.toml`",
                        vec![Edit::insert(sub.span.end, " --locked")],
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
    fn fires_on_plain_sync() {
        assert_eq!(check(&RULE, "FROM python:3.12\nRUN uv sync\n").len(), 1);
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --no-dev\n"
            )
            .len(),
            1
        );
        assert_eq!(
            fixed(&RULE, "FROM python:3.12\nRUN uv sync --no-dev\n").unwrap(),
            "FROM python:3.12\nRUN uv sync --locked --no-dev\n"
        );
    }

    #[test]
    fn quiet_when_locked_frozen_or_set_by_env() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN uv sync --locked\n",
                "FROM python:3.12\nRUN uv sync --frozen --no-install-project\n",
                "FROM python:3.12\nENV UV_LOCKED=1\nRUN uv sync\n",
                "FROM python:3.12\nRUN UV_FROZEN=true uv sync\n",
                "FROM python:3.12\nRUN uv lock && uv pip install x\n",
            ],
        );
    }
}
