use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{basename, NodeAction, NodeTool, Program};

pub static RULE: Rule = Rule {
    code: "P020",
    name: "node-install-ignores-lockfile",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A lockfile is copied into the stage but `npm install` (or `yarn`/`pnpm install` without a frozen \
                  lockfile) may rewrite it instead of following it.",
        why: "`npm install` resolves ranges from `package.json` again and updates the lock when they allow newer \
              versions, so the image can contain dependencies nobody tested. `npm ci` installs exactly what the \
              lock says and fails when it is out of date; for yarn and pnpm, `--frozen-lockfile` (`--immutable` \
              for Yarn 2+) does the same.",
        bad: "FROM node:22-slim\nCOPY package.json package-lock.json ./\nRUN npm install\n",
        good: "FROM node:22-slim\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
        source: "npm docs, \"npm ci\"; Yarn docs, \"yarn install --frozen-lockfile\"; pnpm docs, \"pnpm install\".",
    },
    check,
};

/// The lockfile a tool follows, and whether a COPY source may be it.
fn lockfile(tool: NodeTool) -> &'static str {
    match tool {
        NodeTool::Npm => "package-lock.json",
        NodeTool::Yarn => "yarn.lock",
        NodeTool::Pnpm => "pnpm-lock.yaml",
    }
}

fn copies(source: &str, lock: &str) -> bool {
    let name = basename(source.trim_end_matches('/'));
    name == lock
        || (lock == "package-lock.json" && matches!(name, "package*.json" | "npm-shrinkwrap.json" | "*.json"))
        || (lock != "package-lock.json" && name == "*.lock" && lock == "yarn.lock")
        || (lock == "pnpm-lock.yaml" && matches!(name, "pnpm-*.yaml" | "*.yaml"))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::Node(node) = &cmd.command.program else {
            continue;
        };
        if node.action != NodeAction::Install || node.frozen_lockfile || node.global || !node.packages.is_empty() {
            continue;
        }
        let lock = lockfile(node.tool);
        let Some(stage) = model
            .build
            .stage_of(cmd.index)
            .and_then(|s| model.build.stages.get(s))
        else {
            continue;
        };
        let copied = model
            .stage_instructions(stage)
            .take_while(|(i, _)| *i < cmd.index)
            .filter_map(|(_, instruction)| instruction.as_copy())
            .any(|copy| copy.sources.iter().any(|s| copies(&s.value, lock)));
        if !copied {
            continue;
        }
        let advice = match node.tool {
            NodeTool::Npm => "use `npm ci` to install exactly what the lock says".to_string(),
            NodeTool::Yarn => "add `--frozen-lockfile` (`--immutable` on Yarn 2+)".to_string(),
            NodeTool::Pnpm => "add `--frozen-lockfile`".to_string(),
        };
        let label = crate::rules::support::run_commands::text(model, cmd.command.span.clone());
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            format!("`{label}` may update `{lock}` instead of following it: {advice}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_when_a_lockfile_was_copied() {
        assert_eq!(
            check(&RULE, "FROM node\nCOPY package*.json ./\nRUN npm install\n"),
            ["`npm install` may update `package-lock.json` instead of following it: use `npm ci` to install exactly what the lock says"]
        );
        assert_eq!(
            check(&RULE, "FROM node\nCOPY package.json yarn.lock ./\nRUN yarn\n").len(),
            1
        );
        assert_eq!(
            check(
                &RULE,
                "FROM node\nCOPY pnpm-lock.yaml package.json ./\nRUN pnpm install\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_without_lockfile_or_with_frozen_installs() {
        assert_quiet(
            &RULE,
            &[
                "FROM node\nCOPY package.json ./\nRUN npm install\n",
                "FROM node\nCOPY package*.json ./\nRUN npm ci\n",
                "FROM node\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n",
                "FROM node\nCOPY package*.json ./\nRUN npm install -g serve@14\n",
                "FROM node AS a\nCOPY package*.json ./\nFROM node\nRUN npm install\n",
            ],
        );
    }
}
