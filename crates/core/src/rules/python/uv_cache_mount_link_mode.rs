use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::{path_has_prefix, PipInvocation, Program};

pub static RULE: Rule = Rule {
    code: "Y007",
    name: "uv-cache-mount-link-mode",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "uv installs from a cache mount without `UV_LINK_MODE=copy`.",
        why: "uv hardlinks files from its cache into the environment by default. A BuildKit cache mount is a \
              different filesystem from the image layer, so every hardlink fails and uv prints a warning \
              before falling back to copying. Setting `UV_LINK_MODE=copy` (or `--link-mode=copy`) is what \
              uv's Docker guide recommends: same result, no failed attempts and no warning noise.",
        bad: "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n",
        good: "FROM python:3.12-slim\nENV UV_LINK_MODE=copy\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n",
        source: "uv docs, \"Using uv in Docker\" (Caching: `UV_LINK_MODE=copy`).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, instruction, scripts) in model.runs() {
        let Some(run) = instruction.as_run() else { continue };
        let cache_dir = model
            .var_at(index, "UV_CACHE_DIR")
            .unwrap_or_else(|| "/root/.cache/uv".into());
        let Some(mount) = run.mounts.iter().find(|m| {
            m.kind == "cache"
                && m.target
                    .as_deref()
                    .is_some_and(|t| path_has_prefix(&cache_dir, t) || t.trim_end_matches('/').ends_with(".cache/uv"))
        }) else {
            continue;
        };
        // Like `--link-mode`, any UV_LINK_MODE is a choice the fix must not overwrite (`symlink`, `clone`).
        if model.var_at(index, "UV_LINK_MODE").is_some() {
            continue;
        }
        for script in scripts {
            for command in script.commands() {
                let (sub, args) = match &command.program {
                    Program::Uv(uv) => match uv.subcommand.as_ref() {
                        Some(s) if matches!(s.name.as_str(), "sync" | "add" | "run") => (s, &uv.args),
                        _ => continue,
                    },
                    Program::Pip(pip) if pip.invocation == PipInvocation::Uv => match pip.subcommand.as_ref() {
                        Some(s) if matches!(s.name.as_str(), "install" | "sync") => (s, &pip.args),
                        _ => continue,
                    },
                    _ => continue,
                };
                let assigned = command.assignments.iter().any(|a| a.name == "UV_LINK_MODE");
                if assigned || args.has(&["--link-mode"]) {
                    continue;
                }
                hits.push(
                    Hit::new(
                        model.span(mount.span.start..mount.span.end),
                        format!("`uv {}` hardlinks from this cache mount, which fails across filesystems; set `UV_LINK_MODE=copy`", sub.name),
                    )
                    .with_fix(Fix::safe("add `--link-mode=copy`", vec![Edit::insert(sub.span.end, " --link-mode=copy")])),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_on_uv_with_a_cache_mount() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n"
            ),
            ["--mount=type=cache,target=/root/.cache/uv"]
        );
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache uv pip install --system x\n"
            )
            .len(),
            1
        );
        assert_eq!(
            fixed(
                &RULE,
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n"
            )
            .unwrap(),
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --link-mode=copy --locked\n"
        );
    }

    #[test]
    fn quiet_with_copy_mode_or_without_a_mount() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nENV UV_LINK_MODE=copy\nRUN --mount=type=cache,target=/root/.cache/uv uv sync\n",
                "FROM python:3.12\nENV UV_LINK_MODE=symlink\nRUN --mount=type=cache,target=/root/.cache/uv uv sync\n",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --link-mode=copy\n",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv UV_LINK_MODE=copy uv sync\n",
                "FROM python:3.12\nRUN uv sync --locked\n",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
            ],
        );
    }
}
