use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{NodeAction, NodeTool, Program};

pub static RULE: Rule = Rule {
    code: "P021",
    name: "node-dev-dependencies-in-image",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`npm ci`/`npm install` in the final image installs `devDependencies` too.",
        why: "Test runners, bundlers, linters and type checkers often weigh more than the application's runtime \
              dependencies, and they ship in the image with their vulnerabilities. Install with `--omit=dev` \
              (or `NODE_ENV=production`), or build in an earlier stage and copy only the output and production \
              dependencies into the final one.",
        bad: "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n",
        good: "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n",
        source: "npm docs, \"npm ci\" (--omit); Node.js Docker best practices (NODE_ENV=production).",
    },
    check,
};

fn production_env(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.trim_matches(['"', '\'']).eq_ignore_ascii_case("production"))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let stages = model.image_stages();
    for cmd in model.commands() {
        let Program::Node(node) = &cmd.command.program else {
            continue;
        };
        if !matches!(node.action, NodeAction::Install | NodeAction::Ci)
            || node.production
            || node.global
            || !node.packages.is_empty()
            || !model.build.stage_of(cmd.index).is_some_and(|s| stages.contains(&s))
        {
            continue;
        }
        let scope = model.scope(cmd.index);
        let assigned = cmd
            .command
            .assignments
            .iter()
            .any(|a| a.name == "NODE_ENV" && production_env(Some(&a.value)));
        let omits = scope.get("npm_config_omit").or(scope.get("NPM_CONFIG_OMIT")) == Some("dev")
            || production_env(scope.get("NODE_ENV"))
            || scope
                .get("NPM_CONFIG_PRODUCTION")
                .or(scope.get("npm_config_production"))
                .is_some_and(|v| v == "true");
        // A later `npm prune --omit=dev` (or `--production`) removes them again.
        let pruned = model.commands().any(|later| {
            later.index >= cmd.index
                && (later.index > cmd.index || later.command.id > cmd.command.id)
                && model.build.stage_of(later.index).is_some_and(|s| stages.contains(&s))
                && matches!(&later.command.program, Program::Node(n)
                    if n.subcommand.as_ref().is_some_and(|s| s.name == "prune") && n.production)
        });
        if assigned || omits || pruned {
            continue;
        }
        let (label, flag) = match node.tool {
            NodeTool::Npm => (
                format!(
                    "npm {}",
                    node.subcommand.as_ref().map_or("install", |s| s.name.as_str())
                ),
                "--omit=dev",
            ),
            NodeTool::Yarn => ("yarn install".to_string(), "--production"),
            NodeTool::Pnpm => ("pnpm install".to_string(), "--prod"),
        };
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "`{label}` in the final image installs devDependencies too: add `{flag}`, or build in an earlier \
                 stage"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_in_the_final_image() {
        assert_eq!(
            check(&RULE, "FROM node\nRUN npm ci\n"),
            ["`npm ci` in the final image installs devDependencies too: add `--omit=dev`, or build in an earlier stage"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM node AS base\nRUN yarn install\nFROM base\nCMD [\"node\"]\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_for_builders_production_and_prune() {
        assert_quiet(
            &RULE,
            &[
                "FROM node AS build\nRUN npm ci && npm run build\nFROM node\nRUN npm ci --omit=dev\n",
                "FROM node\nENV NODE_ENV=production\nRUN npm ci\n",
                "FROM node\nRUN NODE_ENV=production npm ci\n",
                "FROM node\nRUN npm ci && npm run build && npm prune --omit=dev\n",
                "FROM node\nRUN npm install -g serve@14\n",
                "FROM node\nRUN pnpm install --prod\n",
            ],
        );
    }

    /// A development image needs its devDependencies: its CMD runs the dev script (awesome-compose's
    /// react-express-mongodb frontend).
    #[test]
    fn quiet_when_the_image_runs_a_dev_script() {
        assert_quiet(&RULE, &["FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"npm\", \"run\", \"dev\"]\n"]);
        assert_eq!(check(&RULE, "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"npm\", \"start\"]\n").len(), 1);
    }

    /// awesome-compose's react-express-mongodb frontend: the `development` stage is the base of the
    /// `dev-envs` image.
    #[test]
    fn quiet_when_a_stage_of_the_chain_is_named_for_development() {
        assert_quiet(&RULE, &["FROM node:lts-buster AS development\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"npm\", \"start\"]\nFROM development as dev-envs\nRUN true\n"]);
    }
}
