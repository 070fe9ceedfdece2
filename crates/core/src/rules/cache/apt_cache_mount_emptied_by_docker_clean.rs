use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::apt_config;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{path_has_prefix, AptAction, Program};

pub static RULE: Rule = Rule {
    code: "L014",
    name: "apt-cache-mount-emptied-by-docker-clean",
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
        summary: "A cache mount on `/var/cache/apt` stays empty while Debian's `docker-clean` apt hook is in place.",
        why: "The Debian and Ubuntu images ship `/etc/apt/apt.conf.d/docker-clean`, which deletes downloaded \
              `.deb` files after every install, so a cache mount on `/var/cache/apt` never keeps anything and \
              each build downloads all packages again. Remove the hook (and tell apt to keep packages) before \
              the installing RUN.",
        bad: "# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends gcc\n",
        good: "# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean \\\n && echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends gcc\n",
        source: "Docker docs, \"RUN --mount=type=cache\" (apt example); Debian docker images (docker-clean).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let configured = apt_config(model, "Keep-Downloaded-Packages");
    let mut reported = Vec::new();
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        if apt.action != AptAction::Install || reported.contains(&cmd.index) {
            continue;
        }
        let Some(run) = cmd.instruction.as_run() else { continue };
        let Some(mount) = run.mounts.iter().find(|m| {
            m.kind == "cache"
                && m.target
                    .as_deref()
                    .is_some_and(|t| path_has_prefix("/var/cache/apt/archives", t))
        }) else {
            continue;
        };
        let removes_hook = |c: &crate::shell::Command| c.removes_path_prefix("/etc/apt/apt.conf.d/docker-clean");
        let keeps = |c: &crate::shell::Command| c.words.iter().any(|w| w.value.contains("Keep-Downloaded-Packages"));
        let handled_here = model
            .commands_of(cmd.index)
            .filter(|c| c.script_index < cmd.script_index || c.command.id < cmd.command.id)
            .any(|c| removes_hook(c.command) || keeps(c.command));
        let handled_before = configured.before(model, cmd.index)
            || model
                .commands()
                .any(|c| c.index < cmd.index && removes_hook(c.command));
        if handled_here || handled_before {
            continue;
        }
        reported.push(cmd.index);
        hits.push(Hit::new(
            mount.span,
            "this cache mount stays empty: Debian's `docker-clean` apt hook deletes downloaded packages; remove \
             `/etc/apt/apt.conf.d/docker-clean` in an earlier RUN",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_apt_cache_mounts_with_the_hook() {
        let source =
            "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y gcc\n";
        assert_eq!(check(&RULE, source).len(), 1);
        assert_eq!(flagged(&RULE, source), ["--mount=type=cache,target=/var/cache/apt"]);
    }

    #[test]
    fn quiet_when_the_hook_is_gone_or_no_mount() {
        assert_quiet(&RULE, &[
            "FROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y gcc\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && apt-get install -y gcc\n",
            "FROM debian\nRUN echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y gcc\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y gcc\n",
            "FROM debian\nRUN apt-get update && apt-get install -y gcc\n",
        ]);
    }
}
