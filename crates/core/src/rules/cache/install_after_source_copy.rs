use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{is_context_copy, line, text, Cmd};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{NodeAction, NodeTool, PipAction, PipInvocation, Program};
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "L001",
    name: "install-after-source-copy",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[],
    explanation: Explanation {
        summary: "Dependencies are installed after `COPY . .`, so every source change re-installs all of them.",
        why: "The build cache reuses a RUN only while every layer before it is unchanged. After `COPY . .`, \
              editing any file (a README, one line of code) invalidates the install, and the build downloads \
              and compiles every dependency again. Copy only the manifest and lockfile first, install, then \
              copy the rest: the install layer stays cached until the dependencies change.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n",
        source: "Docker docs, \"Optimize cache usage in builds\" (order your layers); uv docs, \"Using uv in \
                 Docker\" (intermediate layers). Opt-in fix: when the install directly follows the copy and needs \
                 only the manifests, copy them first and move the install before `COPY . .` (for `uv sync`, an \
                 extra `uv sync --no-install-project` before the copy).",
    },
    check,
};

/// The package manager and manifest a command installs dependencies from, if it does.
fn manifest_install(cmd: &Cmd) -> Option<(&'static str, String)> {
    let c = cmd.command;
    match &c.program {
        Program::Pip(pip) if matches!(pip.action, PipAction::Install | PipAction::Sync) => {
            let manifest = pip.requirements.first()?;
            let tool = if pip.invocation == PipInvocation::Uv {
                "uv pip"
            } else {
                "pip"
            };
            Some((tool, format!("`{}`", manifest.value)))
        }
        Program::Uv(uv) if uv.subcommand.as_ref().is_some_and(|s| s.name == "sync") => {
            Some(("uv", "`pyproject.toml` and `uv.lock`".into()))
        }
        Program::Poetry(p) if p.subcommand.as_ref().is_some_and(|s| s.name == "install") => {
            Some(("poetry", "`pyproject.toml` and `poetry.lock`".into()))
        }
        Program::Pipenv(p)
            if p.packages.is_empty()
                && p.subcommand
                    .as_ref()
                    .is_some_and(|s| matches!(s.name.as_str(), "install" | "sync")) =>
        {
            Some(("pipenv", "`Pipfile` and `Pipfile.lock`".into()))
        }
        Program::Node(n)
            if matches!(n.action, NodeAction::Install | NodeAction::Ci) && n.packages.is_empty() && !n.global =>
        {
            Some(match n.tool {
                NodeTool::Npm => ("npm", "`package.json` and `package-lock.json`".into()),
                NodeTool::Yarn => ("yarn", "`package.json` and `yarn.lock`".into()),
                NodeTool::Pnpm => ("pnpm", "`package.json` and `pnpm-lock.yaml`".into()),
            })
        }
        Program::Go(go)
            if go.subcommand.as_ref().is_some_and(|s| s.name == "mod")
                && c.args().get(1).is_some_and(|w| w.value == "download") =>
        {
            Some(("go", "`go.mod` and `go.sum`".into()))
        }
        Program::Other if c.name() == "bundle" && c.args().first().is_some_and(|w| w.value == "install") => {
            Some(("bundler", "`Gemfile` and `Gemfile.lock`".into()))
        }
        _ => None,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let mut broad: Option<(usize, String)> = None;
        let mut installed_before: Vec<&str> = Vec::new();
        for (index, instruction) in model.stage_instructions(stage) {
            if broad.is_none() && is_context_copy(instruction) {
                broad = Some((index, text(model, instruction.span.start..instruction.span.end)));
                continue;
            }
            if instruction.keyword != Keyword::Run {
                continue;
            }
            let mut reported: Vec<&str> = Vec::new();
            for cmd in model.commands_of(index) {
                let Some((tool, manifest)) = manifest_install(&cmd) else {
                    continue;
                };
                let Some((copy_index, copy_text)) = &broad else {
                    installed_before.push(tool);
                    continue;
                };
                if installed_before.contains(&tool) || reported.contains(&tool) {
                    continue;
                }
                reported.push(tool);
                let fix = crate::rules::restructure::dependency_first::fix(model, *copy_index, index);
                let hit = Hit::new(
                    model.span(cmd.command.span.clone()),
                    format!(
                        "`{}` runs after `{copy_text}` (line {}): any source change re-installs every {tool} \
                         dependency; copy {manifest} first and install before copying the rest",
                        text(model, cmd.command.span.clone()),
                        line(model, model.instructions[*copy_index].span.start),
                    ),
                );
                hits.push(match fix {
                    Some(fix) if reported.len() == 1 => hit.with_fix(fix),
                    _ => hit,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_for_each_manager() {
        assert_eq!(
            check(&RULE, "FROM python\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"),
            ["`pip install -r requirements.txt` runs after `COPY . .` (line 3): any source change re-installs every pip dependency; copy `requirements.txt` first and install before copying the rest"]
        );
        for source in [
            "FROM python\nCOPY . /app\nRUN uv sync --locked\n",
            "FROM python\nADD . .\nRUN poetry install --no-root\n",
            "FROM python\nCOPY ./ ./\nRUN pipenv install --deploy --system\n",
            "FROM node\nCOPY . .\nRUN npm ci\n",
            "FROM node\nCOPY package*.json ./\nCOPY . .\nRUN yarn install --frozen-lockfile\n",
            "FROM python\nCOPY . .\nRUN <<EOF\nuv pip install -r requirements.txt\nEOF\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
        assert_eq!(
            flagged(&RULE, "FROM node\nCOPY . .\nRUN npm ci && npm run build\n"),
            ["npm ci"]
        );
    }

    #[test]
    fn quiet_when_dependencies_come_first() {
        assert_quiet(&RULE, &[
            "FROM python\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
            "FROM python\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY . .\nRUN uv sync --locked\n",
            "FROM python\nCOPY . .\nRUN pip install --no-cache-dir .\n",
            "FROM node\nCOPY . .\nRUN npm install -g serve@14\n",
            "FROM python AS a\nCOPY . .\nFROM python\nRUN pip install -r requirements.txt\n",
            "FROM python\nCOPY --from=build /app .\nRUN pip install -r requirements.txt\n",
        ]);
    }
}

#[cfg(test)]
mod fix_tests {
    use super::RULE;
    use crate::rules::testing::fixed;

    #[test]
    fn moves_a_pip_install_before_the_source_copy() {
        let before = "FROM python:3.12-slim\nWORKDIR /app\nCOPY --chown=app . .\n# deps\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let after = "FROM python:3.12-slim\nWORKDIR /app\nCOPY --chown=app requirements.txt ./\n# deps\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY --chown=app . .\nCMD [\"python\", \"app.py\"]\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn keeps_manifest_directories_and_absolute_destinations() {
        let before = "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements/prod.txt -c /app/constraints.txt\n";
        let after = "FROM python:3.12-slim\nCOPY requirements/prod.txt /app/requirements/\nCOPY constraints.txt /app/\nRUN pip install -r /app/requirements/prod.txt -c /app/constraints.txt\nCOPY . /app\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn splits_uv_sync_the_way_uv_documents() {
        let before = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n";
        let after = "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock* ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --no-install-project --locked\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn copies_each_package_managers_lockfile_only_if_it_exists() {
        let before = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\n";
        let after =
            "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json* ./\nRUN npm install\nCOPY . .\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
        let before = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\n";
        let after = "FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock* ./\nRUN yarn install --frozen-lockfile\nCOPY . .\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
        let before = "FROM python:3.12\nCOPY . .\nRUN poetry install --no-root\n";
        let after = "FROM python:3.12\nCOPY pyproject.toml poetry.lock* ./\nRUN poetry install --no-root\nCOPY . .\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn refrains_when_the_install_needs_the_source_or_is_not_next() {
        for source in [
            // editable install of the project itself
            "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt -e .\n",
            // something between the copy and the install could change what it sees
            "FROM python:3.12\nCOPY . .\nENV PIP_INDEX_URL=https://mirror/simple\nRUN pip install -r requirements.txt\n",
            // the RUN also uses the source
            "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt && python manage.py collectstatic\n",
            // poetry without --no-root installs the project
            "FROM python:3.12\nCOPY . .\nRUN poetry install\n",
            // manifest outside the copied tree
            "FROM python:3.12\nCOPY . .\nRUN pip install -r ../requirements.txt\n",
        ] {
            assert_eq!(fixed(&RULE, source), None, "{source}");
        }
    }
}
