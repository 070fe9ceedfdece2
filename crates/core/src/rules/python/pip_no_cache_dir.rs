use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::python::truthy;
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::{path_has_prefix, PipAction, PipInvocation};

pub static RULE: Rule = Rule {
    code: "Y001",
    name: "pip-no-cache-dir",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL3042"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["~/.cache/pip"])],
    explanation: Explanation {
        summary: "`pip install` (or `uv pip install`) keeps its download and wheel cache in the image layer.",
        why: "pip stores every downloaded archive and built wheel under `/root/.cache/pip` (uv under \
              `/root/.cache/uv`). Nothing in the image ever reads that cache again, yet it ships in the layer: \
              often tens to hundreds of megabytes. Pass `--no-cache-dir` (`--no-cache` for uv), set \
              `PIP_NO_CACHE_DIR=1`, or mount a BuildKit cache on the cache directory to keep the speed-up \
              without the weight.",
        bad: "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n\
               RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3\n",
        source:
            "Docker docs, \"Building best practices\"; pip docs, \"Caching\"; uv docs, \"Caching\"; hadolint DL3042.",
    },
    check,
};

/// pip reads any boolean-looking `PIP_NO_CACHE_DIR` (even `0`/`false`/`off`, for backward compatibility)
/// as "disable the cache"; other values make pip fail, which is not this rule's business.
fn pip_disables(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "0" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "t" | "f"
    )
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (index, instruction, scripts) in model.runs() {
        let Some(run) = instruction.as_run() else { continue };
        let mounts: Vec<&str> = run
            .mounts
            .iter()
            .filter(|m| m.kind == "cache" || m.kind == "tmpfs")
            .filter_map(|m| m.target.as_deref())
            .collect();
        for script in scripts {
            for (id, pip) in script.pip() {
                let uv = pip.invocation == PipInvocation::Uv;
                let installs = pip.action == PipAction::Install || (uv && pip.action == PipAction::Sync);
                let Some(sub) = pip.subcommand.as_ref().filter(|_| installs && !pip.no_cache_dir) else {
                    continue;
                };
                let Some(command) = script.get(id) else { continue };
                let var = |name: &str| {
                    command
                        .assignments
                        .iter()
                        .rev()
                        .find(|a| a.name == name)
                        .map(|a| a.value.clone())
                        .or_else(|| model.var_at(index, name))
                };
                let (off_var, dir_var, tool_dir) = if uv {
                    ("UV_NO_CACHE", "UV_CACHE_DIR", ".cache/uv")
                } else {
                    ("PIP_NO_CACHE_DIR", "PIP_CACHE_DIR", ".cache/pip")
                };
                let disabled = var(off_var).is_some_and(|v| if uv { truthy(&v) } else { pip_disables(&v) });
                let cache_dir = pip
                    .args
                    .value(&["--cache-dir"])
                    .map(str::to_string)
                    .or_else(|| var(dir_var));
                let mounted = mounts.iter().any(|target| match &cache_dir {
                    Some(dir) => path_has_prefix(dir, target),
                    None => {
                        let t = target.trim_end_matches('/');
                        t.ends_with(tool_dir)
                            || t.ends_with("/.cache")
                            || path_has_prefix(&format!("/root/{tool_dir}"), t)
                    }
                });
                let cleaned = if uv {
                    script.removes_path_prefix_after(id, "/root/.cache/uv")
                        || script.removes_path_prefix_after(id, "/root/.cache")
                        || script
                            .after(id)
                            .any(|c| c.name() == "uv" && c.args().first().is_some_and(|a| a.value == "cache"))
                } else {
                    script.pip_cache_cleaned_after(id)
                };
                if disabled || mounted || cleaned {
                    continue;
                }
                let flag = if uv { "--no-cache" } else { "--no-cache-dir" };
                let tool = if uv { "uv pip" } else { "pip" };
                let hit = Hit::new(
                    model.span(sub.span.clone()),
                    format!("`{tool} {}` without `{flag}` leaves its cache in the layer", sub.name),
                );
                // A cache directory named on purpose may be read later (another RUN, `COPY --from`).
                hits.push(if cache_dir.is_some() {
                    hit
                } else {
                    hit.with_fix(Fix::safe(
                        format!("add `{flag}`"),
                        vec![Edit::insert(sub.span.end, format!(" {flag}"))],
                    ))
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_on_pip_and_uv_pip_without_cache_opt_out() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nRUN pip install flask\n"),
            ["`pip install` without `--no-cache-dir` leaves its cache in the layer"]
        );
        assert_eq!(
            flagged(&RULE, "FROM python:3.12\nRUN python -m pip install -r r.txt\n"),
            ["install"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nRUN uv pip install --system x\n").len(),
            1
        );
        // A cache mount elsewhere does not help.
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/apt pip install x\n"
            )
            .len(),
            1
        );
        // A heredoc body and a later stage.
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12 AS a\nFROM a\nRUN bash <<EOF\npip install x\nEOF\n"
            )
            .len(),
            1
        );
        // An ENV in another stage does not reach this one.
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install x\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_when_the_cache_is_off_mounted_or_removed() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN pip install --no-cache-dir x\n",
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install x\n",
                "FROM python:3.12\nARG PIP_NO_CACHE_DIR=true\nRUN pip install x\n",
                "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a\nRUN pip install x\n",
                "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install x\n",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install x\n",
                "FROM python:3.12\nRUN pip install x && rm -rf /root/.cache/pip\n",
                "FROM python:3.12\nRUN pip install x && pip cache purge\n",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv pip install --system x\n",
                "FROM python:3.12\nENV UV_NO_CACHE=1\nRUN uv pip install --system x\n",
                "FROM python:3.12\nRUN uv pip install --no-cache --system x\n",
                "FROM python:3.12\nRUN pip download x && pip --version\n",
            ],
        );
    }

    #[test]
    fn fix_inserts_the_flag_after_install() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.12\nRUN pip3 install -r r.txt\n").unwrap(),
            "FROM python:3.12\nRUN pip3 install --no-cache-dir -r r.txt\n"
        );
        for chosen in [
            "FROM python:3.12\nRUN pip --cache-dir /wheels install x\n",
            "FROM python:3.12\nENV PIP_CACHE_DIR=/wheels\nRUN pip install x\n",
        ] {
            assert_eq!(check(&RULE, chosen).len(), 1, "{chosen}");
            assert_eq!(fixed(&RULE, chosen), None, "{chosen}");
        }
        assert_eq!(
            fixed(&RULE, "FROM python:3.12\nRUN uv pip install \\\n  x\n").unwrap(),
            "FROM python:3.12\nRUN uv pip install --no-cache \\\n  x\n"
        );
    }
}
