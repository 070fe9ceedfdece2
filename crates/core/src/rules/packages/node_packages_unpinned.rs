use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_unpinned;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{NodeAction, NodeTool, Program};

pub static RULE: Rule = Rule {
    code: "P008",
    name: "node-packages-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3016"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package named on the `npm install` (or `yarn add`/`pnpm add`) line without `@version` \
                  installs the newest release.",
        why: "Packages installed by name bypass the lockfile: every build resolves the newest version, so a \
              new major release of a global tool can break the image without any change to the Dockerfile. \
              Pin it with `@version`, or install project dependencies from the lockfile with `npm ci`.",
        bad: "FROM node:22-slim\nRUN npm install -g typescript\n",
        good: "FROM node:22-slim\nRUN npm install -g typescript@5.6.3\n",
        source: "npm docs, \"npm install\" (package specs); hadolint DL3016.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| match &command.program {
        Program::Node(node) if matches!(node.action, NodeAction::Install | NodeAction::Add) => {
            let tool = match node.tool {
                NodeTool::Npm => "npm",
                NodeTool::Yarn => "yarn",
                NodeTool::Pnpm => "pnpm",
            };
            let sub = node.subcommand.as_ref().map_or("install", |s| s.name.as_str());
            Some((format!("{tool} {sub}"), node.packages.as_slice(), "NAME@<version>"))
        }
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_per_unpinned_package() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM node\nRUN npm i -g typescript @scope/x@1.2 npm@latest ./local git+https://x/y.git\n"
            ),
            ["typescript", "npm@latest"]
        );
        assert_eq!(
            check(&RULE, "FROM node\nRUN yarn add left-pad\n"),
            ["`left-pad` is not pinned in `yarn add`: write `left-pad@<version>`"]
        );
    }

    #[test]
    fn quiet_on_lockfile_installs_and_pins() {
        assert_quiet(
            &RULE,
            &[
                "FROM node\nRUN npm ci\n",
                "FROM node\nRUN npm install\n",
                "FROM node\nRUN npm install -g pnpm@9.12.0\n",
            ],
        );
    }
}
