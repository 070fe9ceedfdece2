//! The yum, dnf and zypper cache rules share one check.

use crate::model::Model;
use crate::rules::support::run_commands::{cache_advice, in_image, insert_after_last_use, mounted, safe_fix};
use crate::rules::Hit;
use crate::shell::{Program, RpmAction};

const CACHES: [&str; 5] = [
    "/var/cache/yum",
    "/var/cache/dnf",
    "/var/cache/libdnf5",
    "/var/cache/zypp",
    "/var/cache/tdnf",
];

/// Reports installs and updates by `tools` whose RUN leaves the package cache behind; the fix appends
/// `{tool} {clean}`.
pub fn check_rpm_cache(model: &Model, hits: &mut Vec<Hit>, tools: &[&str], clean: &str) {
    let mut reported = Vec::new();
    // The last RUN whose command works from the cache alone (`-C`, `--cacheonly`): cleaning before it breaks it.
    let last_cache_reader = model
        .commands()
        .filter(|c| {
            matches!(&c.command.program, Program::Rpm(r)
                if tools.contains(&r.tool.as_str()) && r.args.has(&["-C", "--cacheonly"]))
        })
        .map(|c| c.index)
        .last();
    for cmd in model.commands() {
        let Program::Rpm(rpm) = &cmd.command.program else {
            continue;
        };
        if !tools.contains(&rpm.tool.as_str())
            || !matches!(rpm.action, RpmAction::Install | RpmAction::Update)
            || reported.contains(&cmd.index)
            || !in_image(model, cmd.index)
        {
            continue;
        }
        let cleaned_later = model.scripts(cmd.index).iter().enumerate().any(|(k, script)| {
            script.rpm().any(|(i, r)| {
                let after = k > cmd.script_index || (k == cmd.script_index && i > cmd.command.id);
                let cleans = r.clean_all || (r.tool == "zypper" && r.action == RpmAction::Clean);
                after && cleans
            })
        });
        if cleaned_later
            || cmd.script.rpm_cache_cleaned_after(cmd.command.id)
            || model.removed_after(&cmd, &CACHES)
            || mounted(cmd.instruction, &CACHES)
        {
            continue;
        }
        reported.push(cmd.index);
        let sub = rpm.subcommand.as_ref().map_or("install", |s| s.name.as_str());
        let cleanup = format!("{} {clean}", rpm.tool);
        let target = match rpm.tool.as_str() {
            "zypper" => "/var/cache/zypp",
            "dnf5" => "/var/cache/libdnf5",
            "yum" | "microdnf" => "/var/cache/yum",
            "tdnf" => "/var/cache/tdnf",
            _ => "/var/cache/dnf",
        };
        let mut hit = Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "`{} {sub}` leaves its package cache in the layer: {}",
                rpm.tool,
                cache_advice(model, target, &cleanup)
            ),
        );
        if !model.uses_buildkit_syntax() && last_cache_reader.is_none_or(|last| last <= cmd.index) {
            let edit = insert_after_last_use(model, &cmd, &cleanup);
            if let Some(fix) = safe_fix(&format!("add `{cleanup}`"), edit) {
                hit = hit.with_fix(fix);
            }
        }
        hits.push(hit);
    }
}
