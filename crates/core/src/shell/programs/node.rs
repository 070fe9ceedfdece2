//! Node package managers: npm, yarn, pnpm.

use super::{package_at_version, packages_at, split_subcommand, Package, Subcommand};
use crate::shell::args::{self, Args, Spec};
use crate::shell::ast::Word;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NodeTool {
    #[default]
    Npm,
    Yarn,
    Pnpm,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NodeAction {
    /// `npm install`/`i`, bare `yarn`, `yarn install`, `pnpm install`.
    Install,
    /// `npm ci`.
    Ci,
    /// `yarn add`, `pnpm add`.
    Add,
    Remove,
    /// `npm cache clean`, `yarn cache clean`, `pnpm store prune`.
    CacheClean,
    /// `npm config set`, `yarn config set`, `pnpm config set`.
    ConfigSet,
    Run,
    #[default]
    Other,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    pub tool: NodeTool,
    pub subcommand: Option<Subcommand>,
    pub action: NodeAction,
    /// `--production`, `--prod`, `-P`, `--omit=dev`, `--only=prod[uction]`.
    pub production: bool,
    /// `--frozen-lockfile`, `--immutable` (yarn/pnpm); always true for `npm ci`.
    pub frozen_lockfile: bool,
    /// `-g`/`--global`.
    pub global: bool,
    /// Packages with optional `@version` (`@scope/name@1.2`).
    pub packages: Vec<Package>,
    /// `config set KEY VALUE` or `config set KEY=VALUE`.
    pub config: Option<(String, String)>,
    pub args: Args,
}

const SPEC: Spec = Spec {
    short_value: b"wC",
    long_value: "--omit --include --only --registry --prefix --cache --loglevel --workspace --tag --modules-folder \
        --cache-folder --network-timeout --mutex --filter --dir --store-dir --cwd",
    single_dash_long: false,
    stop_at_operand: false,
};

pub(crate) fn node(name: &str, args: &[Word]) -> Node {
    let tool = match name {
        "yarn" => NodeTool::Yarn,
        "pnpm" => NodeTool::Pnpm,
        _ => NodeTool::Npm,
    };
    // `yarn global add x` is `yarn add --global x`.
    let yarn_global = tool == NodeTool::Yarn
        && args
            .iter()
            .find(|w| !w.value.starts_with('-'))
            .is_some_and(|w| w.value == "global");
    let args = match args.iter().position(|w| w.value == "global") {
        Some(k) if yarn_global => &args[k + 1..],
        _ => args,
    };
    let parsed = args::parse(args, &SPEC);
    let (subcommand, ops) = split_subcommand(args, &parsed);
    let op_value = |k: usize| ops.get(k).map(|&i| args[i].value.as_str());
    // `yarn --version` or `yarn --help` prints and exits; only a bare `yarn` (options aside) installs.
    let prints_only = || {
        args.iter()
            .any(|w| matches!(w.value.as_str(), "--version" | "-v" | "-V" | "--help" | "-h"))
    };
    let action = match (subcommand.as_ref().map(|s| s.name.as_str()), tool) {
        (None, NodeTool::Yarn) if !prints_only() => NodeAction::Install,
        (Some("install" | "i" | "isntall" | "in"), _) => NodeAction::Install,
        (Some("ci" | "clean-install"), NodeTool::Npm) => NodeAction::Ci,
        (Some("add"), _) => NodeAction::Add,
        (Some("uninstall" | "remove" | "rm" | "un" | "unlink" | "r"), _) => NodeAction::Remove,
        // `npm cache clear` is npm 2's name for it (docker-library/node's old images).
        (Some("cache"), _) if matches!(op_value(0), Some("clean" | "clear")) => NodeAction::CacheClean,
        (Some("store"), NodeTool::Pnpm) if op_value(0) == Some("prune") => NodeAction::CacheClean,
        (Some("config" | "c"), _) if op_value(0) == Some("set") => NodeAction::ConfigSet,
        (Some("set"), NodeTool::Npm) => NodeAction::ConfigSet,
        (Some("run" | "run-script"), _) => NodeAction::Run,
        _ => NodeAction::Other,
    };
    let config = if action == NodeAction::ConfigSet {
        let skip = usize::from(subcommand.as_ref().is_some_and(|s| s.name != "set"));
        match (op_value(skip), op_value(skip + 1)) {
            (Some(kv), None) => kv.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())),
            (Some(k), Some(v)) => Some((k.to_string(), v.to_string())),
            _ => None,
        }
    } else {
        None
    };
    let packages = if matches!(action, NodeAction::Install | NodeAction::Add | NodeAction::Remove) {
        packages_at(args, &ops, package_at_version)
    } else {
        Vec::new()
    };
    let only_prod = parsed
        .get_any("--only --omit")
        .any(|f| matches!(f.value.as_deref(), Some("prod" | "production" | "dev")));
    Node {
        tool,
        production: parsed.has_any("--production --prod -P") || only_prod,
        frozen_lockfile: action == NodeAction::Ci || parsed.has_any("--frozen-lockfile --immutable"),
        global: yarn_global || parsed.has_any("-g --global"),
        subcommand,
        action,
        packages,
        config,
        args: parsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{parse, Program};

    fn node_of(text: &str) -> Node {
        match parse(text, 0).commands().last().unwrap().program.clone() {
            Program::Node(n) => *n,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    #[allow(clippy::type_complexity)] // table rows
    fn node_table() {
        let cases: &[(&str, NodeTool, NodeAction, bool, bool, &[(&str, Option<&str>)])] = &[
            ("npm ci", NodeTool::Npm, NodeAction::Ci, false, true, &[]),
            ("npm ci --omit=dev", NodeTool::Npm, NodeAction::Ci, true, true, &[]),
            (
                "npm install --production",
                NodeTool::Npm,
                NodeAction::Install,
                true,
                false,
                &[],
            ),
            (
                "npm i -g typescript@5.4 @scope/x@1",
                NodeTool::Npm,
                NodeAction::Install,
                false,
                false,
                &[("typescript", Some("5.4")), ("@scope/x", Some("1"))],
            ),
            ("yarn", NodeTool::Yarn, NodeAction::Install, false, false, &[]),
            (
                "yarn install --frozen-lockfile --production",
                NodeTool::Yarn,
                NodeAction::Install,
                true,
                true,
                &[],
            ),
            (
                "yarn add left-pad",
                NodeTool::Yarn,
                NodeAction::Add,
                false,
                false,
                &[("left-pad", None)],
            ),
            (
                "pnpm install --prod --frozen-lockfile",
                NodeTool::Pnpm,
                NodeAction::Install,
                true,
                true,
                &[],
            ),
            (
                "npm cache clean --force",
                NodeTool::Npm,
                NodeAction::CacheClean,
                false,
                false,
                &[],
            ),
            (
                "yarn cache clean",
                NodeTool::Yarn,
                NodeAction::CacheClean,
                false,
                false,
                &[],
            ),
            (
                "pnpm store prune",
                NodeTool::Pnpm,
                NodeAction::CacheClean,
                false,
                false,
                &[],
            ),
            ("npm run build", NodeTool::Npm, NodeAction::Run, false, false, &[]),
        ];
        for &(text, tool, action, production, frozen, pkgs) in cases {
            let n = node_of(text);
            let got: Vec<_> = n
                .packages
                .iter()
                .map(|p| (p.name.as_str(), p.version.as_deref()))
                .collect();
            assert_eq!(
                (n.tool, n.action, n.production, n.frozen_lockfile, &got[..]),
                (tool, action, production, frozen, pkgs),
                "{text}"
            );
        }
        assert!(node_of("npm i -g x").global);
        let n = node_of("yarn global add serve@14");
        assert!(n.global && n.action == NodeAction::Add);
        assert_eq!(n.packages[0].version.as_deref(), Some("14"));
    }

    #[test]
    fn config_set() {
        for text in [
            "npm config set strict-ssl false",
            "npm config set strict-ssl=false",
            "yarn config set strict-ssl false",
            "npm set strict-ssl false",
        ] {
            let n = node_of(text);
            assert_eq!(n.action, NodeAction::ConfigSet, "{text}");
            assert_eq!(n.config, Some(("strict-ssl".into(), "false".into())), "{text}");
        }
    }
}
