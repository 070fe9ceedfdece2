use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{cache_left_hit, in_image};
use crate::rules::{Judges, Effect, Category, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::{NodeAction, NodeTool, Program};

pub static RULE: Rule = Rule {
    code: "L013",
    name: "yarn-cache-left-in-layer",
    category: Category::Cache,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL3060"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Paths(&["~/.cache/yarn", "/usr/local/share/.cache/yarn"])],
    explanation: Explanation {
        summary: "`yarn install` in the final image leaves Yarn's package cache in the layer.",
        why: "Yarn stores every downloaded package in its global cache (`/usr/local/share/.cache/yarn` in the \
              official node images), duplicating `node_modules` in the image. Run `yarn cache clean` in the same \
              RUN, or keep the cache in a BuildKit cache mount. The fix is opt-in: with Yarn 2+ `yarn cache clean` \
              deletes the project's `.yarn/cache`, which Plug'n'Play needs at run time.",
        bad: "FROM node:22-slim\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile --production\n",
        good: "FROM node:22-slim\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile --production && yarn cache clean\n",
        source: "Yarn docs, \"yarn cache\"; hadolint DL3060.",
    },
    check,
};

const CACHES: [&str; 3] = [
    "/usr/local/share/.cache/yarn",
    "/root/.cache/yarn",
    "/home/node/.cache/yarn",
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::Node(node) = &cmd.command.program else {
            continue;
        };
        if node.tool != NodeTool::Yarn
            || !matches!(node.action, NodeAction::Install | NodeAction::Add)
            || !in_image(model, cmd.index)
        {
            continue;
        }
        let cleaned = model.commands_of(cmd.index).any(|c| {
            (c.script_index > cmd.script_index || c.command.id > cmd.command.id)
                && matches!(&c.command.program, Program::Node(n) if n.tool == NodeTool::Yarn && n.action == NodeAction::CacheClean)
        }) || model.removed_after(&cmd, &CACHES);
        let mounted = cmd.instruction.as_run().is_some_and(|run| {
            run.mounts.iter().any(|m| {
                matches!(m.kind.as_str(), "cache" | "tmpfs") && m.target.as_deref().is_some_and(|t| t.contains("yarn"))
            })
        });
        if cleaned || mounted || node.args.has(&["--cache-folder"]) {
            continue;
        }
        let sub = node.subcommand.as_ref().map_or("install", |s| s.name.as_str());
        let what = format!("`yarn {sub}` leaves Yarn's package cache in the layer");
        let mut hit = cache_left_hit(model, &cmd, what, "/usr/local/share/.cache/yarn", "yarn cache clean");
        // The project picks its Yarn (`packageManager`, `yarnPath`), which the Dockerfile rarely shows.
        hit.fix = hit.fix.map(|fix| {
            Fix::opt_in(
                fix.title,
                "with Yarn 2+ this deletes the project's `.yarn/cache`, where Plug'n'Play loads packages from",
                fix.edits,
            )
        });
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::FixAvailability;
    use crate::rules::testing::{assert_quiet, check, fixed, hits};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            check(&RULE, "FROM node\nRUN yarn\n"),
            ["`yarn install` leaves Yarn's package cache in the layer: add `yarn cache clean` in the same RUN"]
        );
        assert_eq!(
            fixed(&RULE, "FROM node\nRUN yarn install --production\n").unwrap(),
            "FROM node\nRUN yarn install --production && yarn cache clean\n"
        );
        // Yarn 2+ (chosen by the project, e.g. via corepack) cleans the Plug'n'Play cache the app loads from.
        let berry = "FROM node\nRUN corepack enable && yarn install --immutable\n";
        assert_eq!(
            hits(&RULE, berry)[0].fix.as_ref().unwrap().safety,
            FixAvailability::OptIn
        );
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_in_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM node\nRUN yarn install && yarn cache clean\n",
                "FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
                "FROM node\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n",
                "FROM node AS build\nRUN yarn install && yarn build\nFROM nginx\nCOPY --from=build /app/dist /srv\n",
                // Printing the version or the help installs nothing and writes no cache (issue #19).
                "FROM node\nRUN yarn --version && node --version\n",
                "FROM node\nRUN yarn -v\n",
                "FROM node\nRUN yarn --help\n",
            ],
        );
    }
}
