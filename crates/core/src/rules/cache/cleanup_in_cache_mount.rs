use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::text;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{path_has_prefix, AptAction, NodeAction, NodeTool, PipAction, Program, RpmAction};

pub static RULE: Rule = Rule {
    code: "L015",
    name: "cleanup-in-cache-mount",
    category: Category::Cache,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN empties a directory that its own cache mount keeps out of the image.",
        why: "A `--mount=type=cache` directory is never part of the layer, so cleaning it does not make the \
              image smaller; it only throws away the downloads the mount exists to keep, and the next build \
              fetches everything again. Drop the cleanup for mounted directories (keep it for the others).",
        bad: "# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        good: "# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl\n",
        source: "Docker docs, \"Optimize cache usage in builds\" (cache mounts).",
    },
    check,
};

/// Directories where package managers keep downloads; other cache mounts may hold anything.
const PACKAGE_CACHES: [&str; 14] = [
    "/var/lib/apt",
    "/var/cache/apt",
    "/var/cache/apk",
    "/etc/apk/cache",
    "/var/cache/dnf",
    "/var/cache/yum",
    "/var/cache/libdnf5",
    "/var/cache/zypp",
    "/root/.cache/pip",
    "/root/.cache/uv",
    "/root/.cache/pypoetry",
    "/root/.npm",
    "/usr/local/share/.cache/yarn",
    "/go/pkg/mod",
];

fn package_cache(target: &str) -> bool {
    let target = target.trim_end_matches('/');
    PACKAGE_CACHES
        .iter()
        .any(|c| path_has_prefix(target, c) || (target.len() > 1 && path_has_prefix(c, target)))
        || [".npm", "/pip", "/uv", "/yarn", "/pnpm", "/pnpm-store"]
            .iter()
            .any(|s| target.ends_with(s))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Some(run) = cmd.instruction.as_run() else { continue };
        let targets: Vec<&str> = run
            .mounts
            .iter()
            .filter(|m| m.kind == "cache")
            .filter_map(|m| m.target.as_deref())
            .filter(|t| package_cache(t))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let under = |path: &str| targets.iter().copied().find(|t| path_has_prefix(path, t));
        let cleaned: Option<&str> = match &cmd.command.program {
            // Removing the contents (`dir/*`) or something inside the mount; removing a directory that
            // merely contains the mount is another matter.
            Program::Rm(rm) => rm.paths.iter().find_map(|p| under(&p.value)),
            Program::AptGet(a) if matches!(a.action, AptAction::Clean | AptAction::DistClean) => {
                under("/var/cache/apt/archives")
            }
            Program::Rpm(r) if r.action == RpmAction::Clean => [
                "/var/cache/dnf",
                "/var/cache/yum",
                "/var/cache/libdnf5",
                "/var/cache/zypp",
            ]
            .into_iter()
            .find_map(under),
            Program::Pip(p) if p.action == PipAction::CachePurge => under("/root/.cache/pip"),
            Program::Node(n) if n.action == NodeAction::CacheClean => {
                let cache = if n.tool == NodeTool::Npm { ".npm" } else { "yarn" };
                targets.iter().copied().find(|t| t.contains(cache))
            }
            _ => None,
        };
        let Some(target) = cleaned else { continue };
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "`{}` empties the cache mount on `{target}`: it is not in the image anyway, and the next build \
                 downloads everything again",
                text(model, cmd.command.span.clone())
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_on_cleaning_mounted_caches() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && rm -rf /var/lib/apt/lists/*\n"),
            ["`rm -rf /var/lib/apt/lists/*` empties the cache mount on `/var/lib/apt/lists`: it is not in the image anyway, and the next build downloads everything again"]
        );
        for source in [
            "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y x && apt-get clean\n",
            "FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install x && pip cache purge\n",
            "FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci && npm cache clean --force\n",
            "FROM fedora\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y x && dnf clean all\n",
        ] {
            assert_eq!(check(&RULE, source).len(), 1, "{source}");
        }
    }

    #[test]
    fn quiet_without_mounts_or_for_other_paths() {
        assert_quiet(&RULE, &[
            "FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN --mount=type=tmpfs,target=/tmp rm -rf /tmp/x\n",
            "FROM debian\nRUN --mount=type=bind,target=/src rm -rf /src/x\n",
            "FROM busybox\nRUN --mount=type=cache,target=/cache rm -rf /cache/sel && ln -s /etc /cache/sel\n",
        ]);
    }
}
