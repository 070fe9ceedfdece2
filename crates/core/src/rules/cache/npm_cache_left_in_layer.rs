use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{cache_left_hit, in_image};
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{NodeAction, NodeTool, Program};

pub static RULE: Rule = Rule {
    code: "L012",
    name: "npm-cache-left-in-layer",
    category: Category::Cache,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["~/.npm"])],
    explanation: Explanation {
        summary: "`npm ci`/`npm install` in the final image leaves npm's download cache (`~/.npm`) in the layer.",
        why: "npm keeps a copy of every tarball it downloads in `~/.npm/_cacache`, often as large as \
              `node_modules` itself, and the running application never reads it. Clean it in the same RUN with \
              `npm cache clean --force`, or keep it in a BuildKit cache mount where it also speeds up rebuilds.",
        bad: "FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci --omit=dev\n",
        good: "FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n",
        source: "npm docs, \"npm cache\"; Docker docs, \"Optimize cache usage in builds\" (cache mounts).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    // The last RUN whose npm installs from the cache alone: cleaning the cache before it breaks it.
    let last_offline = model
        .commands()
        .filter(
            |c| matches!(&c.command.program, Program::Node(n) if n.tool == NodeTool::Npm && n.args.has(&["--offline"])),
        )
        .map(|c| c.index)
        .last();
    for cmd in model.commands() {
        let Program::Node(node) = &cmd.command.program else {
            continue;
        };
        if node.tool != NodeTool::Npm
            || !matches!(node.action, NodeAction::Install | NodeAction::Ci)
            || !in_image(model, cmd.index)
        {
            continue;
        }
        let cleaned = model.commands_of(cmd.index).any(|c| {
            (c.script_index > cmd.script_index || c.command.id > cmd.command.id)
                && matches!(&c.command.program, Program::Node(n) if n.tool == NodeTool::Npm && n.action == NodeAction::CacheClean)
        }) || model.removed_after(&cmd, &["/root/.npm", "/home/node/.npm", "$HOME/.npm"]);
        let mounted = cmd.instruction.as_run().is_some_and(|run| {
            run.mounts.iter().any(|m| {
                matches!(m.kind.as_str(), "cache" | "tmpfs")
                    && m.target
                        .as_deref()
                        .is_some_and(|t| t.trim_end_matches('/').ends_with(".npm"))
            })
        });
        let elsewhere = node.args.has(&["--cache"])
            || cmd
                .command
                .assignments
                .iter()
                .any(|a| a.name.eq_ignore_ascii_case("npm_config_cache"));
        if cleaned || mounted || elsewhere {
            continue;
        }
        let sub = node.subcommand.as_ref().map_or("install", |s| s.name.as_str());
        let what = format!("`npm {sub}` leaves npm's download cache in the layer");
        let mut hit = cache_left_hit(model, &cmd, what, "/root/.npm", "npm cache clean --force");
        if last_offline.is_some_and(|last| last > cmd.index) {
            hit.fix = None;
        }
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, hits};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            check(&RULE, "FROM node\nRUN npm ci\n"),
            ["`npm ci` leaves npm's download cache in the layer: add `npm cache clean --force` in the same RUN"]
        );
        assert_eq!(
            fixed(&RULE, "FROM node\nRUN npm install -g serve@14\n").unwrap(),
            "FROM node\nRUN npm install -g serve@14 && npm cache clean --force\n"
        );
        let buildkit = hits(&RULE, "# syntax=docker/dockerfile:1\nFROM node\nRUN npm ci\n");
        assert!(buildkit[0].message.contains("--mount=type=cache,target=/root/.npm") && buildkit[0].fix.is_none());
        // Windows PowerShell rejects the `&&` the fix would add.
        let powershell = hits(&RULE, "FROM node\nSHELL [\"powershell\", \"-Command\"]\nRUN npm ci\n");
        assert!(powershell.len() == 1 && powershell[0].fix.is_none());
        let offline = hits(&RULE, "FROM node\nRUN npm ci\nRUN npm install --offline left-pad\n");
        assert!(offline.len() == 2 && offline[0].fix.is_none() && offline[1].fix.is_some());
    }

    /// Found by a real build (tests/builds/npm-purged-before-cleanup): appended at the end of the RUN, the
    /// cleanup ran after `apt-get purge -y npm` and failed with `npm: not found`. It goes right after the last
    /// npm command, where npm still exists; after a `;` or `||` it is withheld.
    #[test]
    fn cleans_where_npm_still_exists() {
        assert_eq!(
            fixed(
                &RULE,
                "FROM debian\nRUN apt-get install -y nodejs npm \\\n && npm install -g left-pad \\\n && apt-get purge -y npm\n"
            )
            .unwrap(),
            "FROM debian\nRUN apt-get install -y nodejs npm \\\n && npm install -g left-pad && npm cache clean --force \\\n && apt-get purge -y npm\n"
        );
        let after_semicolon = hits(&RULE, "FROM node\nRUN npm ci; npm run build && rm -rf src\n");
        assert_eq!(
            fixed(&RULE, "FROM node\nRUN npm ci; npm run build && rm -rf src\n").unwrap(),
            "FROM node\nRUN npm ci; npm run build && npm cache clean --force && rm -rf src\n",
            "after the last npm command, not the first: {after_semicolon:?}"
        );
        assert!(hits(&RULE, "FROM node\nRUN npm ci || true\n")[0].fix.is_none());
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_in_builders() {
        assert_quiet(&RULE, &[
            "FROM node\nRUN npm ci && npm cache clean --force\n",
            "FROM node\nRUN npm ci && rm -rf /root/.npm\n",
            "FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
            "FROM node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000 npm ci\n",
            "FROM node AS build\nRUN npm ci && npm run build\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
            "FROM node\nRUN yarn install\n",
        ]);
    }

    /// docker-library/node 0.10: `npm install -g npm@"$NPM_VERSION" && npm cache clear` (npm 2's name).
    #[test]
    fn npm_2_cache_clear_cleans() {
        assert_quiet(&RULE, &["FROM node:0.10\nRUN npm install -g npm@2.1.18 && npm cache clear\n"]);
    }
}
