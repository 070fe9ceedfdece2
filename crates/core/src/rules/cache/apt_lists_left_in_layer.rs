use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{append_to_run, cache_advice, in_image, line, mounted, safe_fix};
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{AptAction, Program};
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "L007",
    name: "apt-lists-left-in-layer",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL3009"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["/var/lib/apt/lists"])],
    explanation: Explanation {
        summary: "`apt-get update` downloads package lists that stay in the image unless the same RUN deletes them.",
        why: "The lists in `/var/lib/apt/lists` take tens of megabytes and are useless at run time; a later RUN \
              cannot remove them from the layer that wrote them, so an `apt-get update` in a RUN of its own leaves \
              them for good. Delete them with `rm -rf /var/lib/apt/lists/*` \
              at the end of the installing RUN, or keep them in a BuildKit cache mount.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        source: "Docker docs, \"Building best practices\" (apt-get); hadolint DL3009.",
    },
    check,
};

const LISTS: [&str; 1] = ["/var/lib/apt/lists"];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let mut reported = Vec::new();
    // Once per file, not per update: with a scan of the later RUNs for each update, many apt RUNs cost
    // quadratic time.
    let last_reader = last_list_reader(model);
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        if apt.action != AptAction::Update || reported.contains(&cmd.index) || !in_image(model, cmd.index) {
            continue;
        }
        let cleaned = model.removed_after(&cmd, &LISTS)
            || model.scripts(cmd.index).iter().any(|script| {
                script.apt().any(|(i, a)| {
                    a.action == AptAction::DistClean && (i > cmd.command.id || !std::ptr::eq(script, cmd.script))
                })
            });
        if cleaned || mounted(cmd.instruction, &LISTS) {
            continue;
        }
        // The apt commands after the update in the same RUN.
        let later_apt = |actions: &[AptAction]| {
            model.commands_of(cmd.index).find(|c| {
                (c.script_index > cmd.script_index || c.command.id > cmd.command.id)
                    && matches!(&c.command.program, Program::AptGet(a) if actions.contains(&a.action))
            })
        };
        let advice = cache_advice(model, "/var/lib/apt/lists", "rm -rf /var/lib/apt/lists/*");
        let Some(install) = later_apt(&[AptAction::Install, AptAction::Upgrade, AptAction::DistUpgrade]) else {
            // The update alone still leaves its lists in this RUN's layer (a later RUN cannot take them out of
            // it), unless an apt command after it is one we cannot read (`apt-get \"install`, which apt-get
            // rejects, failing the RUN; or an action we do not model). No fix: deleting the lists right after
            // the update makes it pointless and breaks a later RUN that installs with them.
            if later_apt(&[AptAction::Other]).is_none() {
                reported.push(cmd.index);
                hits.push(Hit::new(
                    model.span(cmd.command.span.clone()),
                    format!(
                        "`{} update` leaves its lists in this RUN's layer: install in this RUN and {advice}",
                        apt.tool
                    ),
                ));
            }
            continue;
        };
        reported.push(cmd.index);
        let Program::AptGet(installer) = &install.command.program else {
            continue;
        };
        let mut hit = Hit::new(
            model.span(install.command.span.clone()),
            format!(
                "`{} {}` leaves the lists of `apt-get update` (line {}) in the layer: {advice}",
                installer.tool,
                installer.subcommand.as_ref().map_or("install", |s| s.name.as_str()),
                line(model, cmd.command.span.start)
            ),
        );
        // Deleting the lists is safe only when no later RUN installs with them.
        if !model.uses_buildkit_syntax() && last_reader.is_none_or(|last| last <= cmd.index) {
            let edit = append_to_run(model, cmd.index, "rm -rf /var/lib/apt/lists/*");
            if let Some(fix) = safe_fix("delete the apt lists in the same RUN", edit) {
                hit = hit.with_fix(fix);
            }
        }
        hits.push(hit);
    }
}

/// The last instruction that reads apt lists an earlier RUN left: a RUN that installs with apt without running
/// `apt-get update` first, or an ONBUILD that runs apt in the images built on this one. Deleting the lists is
/// safe only in a RUN at or after it.
fn last_list_reader(model: &Model) -> Option<usize> {
    let onbuild_apt = model.instructions.iter().rposition(|i| {
        i.keyword == Keyword::Onbuild && model.source[i.arguments_span.start..i.arguments_span.end].contains("apt")
    });
    let reading_run = model
        .runs()
        .filter(|(i, _, _)| {
            let mut updated = false;
            model.scripts(*i).iter().flat_map(|s| s.apt()).any(|(_, a)| {
                updated |= a.action == AptAction::Update;
                // `upgrade`, `build-dep`, `source` and `download` read the lists too.
                !updated
                    && matches!(
                        a.action,
                        AptAction::Install | AptAction::Upgrade | AptAction::DistUpgrade | AptAction::Other
                    )
            })
        })
        .map(|(i, _, _)| i)
        .last();
    onbuild_apt.max(reading_run)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged, hits};

    #[test]
    fn fires_when_lists_stay() {
        let source = "FROM debian\nRUN apt-get update && apt-get install -y curl\n";
        assert_eq!(
            check(&RULE, source),
            ["`apt-get install` leaves the lists of `apt-get update` (line 2) in the layer: add `rm -rf /var/lib/apt/lists/*` in the same RUN"]
        );
        assert_eq!(flagged(&RULE, source), ["apt-get install -y curl"]);
        assert_eq!(
            fixed(&RULE, source).unwrap(),
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
        );
        assert_eq!(
            check(
                &RULE,
                "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn fires_on_an_update_alone() {
        // hadolint DL3009 reports these too: the lists stay in the update's layer, whether a later RUN
        // installs with them or nothing does.
        let source =
            "FROM ubuntu:14.04\nRUN apt-get update\nRUN apt-get --no-install-recommends install -y redis-server\n";
        assert_eq!(
            check(&RULE, source),
            ["`apt-get update` leaves its lists in this RUN's layer: install in this RUN and add `rm -rf /var/lib/apt/lists/*` in the same RUN"]
        );
        assert_eq!(flagged(&RULE, source), ["apt-get update"]);
        assert!(hits(&RULE, source)[0].fix.is_none());
        assert_eq!(flagged(&RULE, "FROM debian\nRUN apt update\n"), ["apt update"]);
        let buildkit = "# syntax=docker/dockerfile:1\nFROM debian\nRUN apt-get update\n";
        assert!(check(&RULE, buildkit)[0].ends_with(
            "install in this RUN and use `RUN --mount=type=cache,target=/var/lib/apt/lists` so the cache stays out of the image"
        ));
        // One finding per RUN: the update with an install after it is reported at the install.
        assert_eq!(
            flagged(
                &RULE,
                "FROM debian\nRUN apt-get update; apt-get update && apt-get install -y curl\n"
            ),
            ["apt-get install -y curl"]
        );
    }

    #[test]
    fn advises_cache_mounts_with_buildkit() {
        let source = "# syntax=docker/dockerfile:1\nFROM debian\nRUN apt-get update && apt-get install -y curl\n";
        let found = hits(&RULE, source);
        assert!(found[0]
            .message
            .contains("--mount=type=cache,target=/var/lib/apt/lists"));
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_in_builders() {
        assert_quiet(&RULE, &[
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN set -eux; apt-get update; apt-get install -y curl; apt-get dist-clean\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n",
            "FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n",
            "FROM debian\nRUN apt-get install -y ./x.deb\n",
            "FROM debian\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n",
            "FROM ubuntu\nRUN apt-get update && apt-get \\\"install znc -y\n",
            "FROM debian AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n",
        ]);
    }

    #[test]
    fn no_fix_when_the_run_ends_oddly_or_lists_are_reused() {
        for source in [
            "FROM debian\nRUN apt-get update && apt-get install -y curl; \n",
            "FROM debian\nRUN apt-get update && apt-get install -y curl # tools\n",
            "FROM debian\nRUN if true; then apt-get update && apt-get install -y curl; fi\n",
            "FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n",
            "FROM debian\nRUN apt-get update && apt-get install -y dpkg-dev\nRUN apt-get build-dep -y hello\n",
            "FROM debian\nRUN apt-get update && apt-get install -y curl\nONBUILD RUN apt-get install -y git\n",
            // Under a non-root USER the appended `rm` would lack the permission that `sudo` gave apt.
            "FROM debian\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl\n",
        ] {
            assert!(hits(&RULE, source)[0].fix.is_none(), "{source}");
        }
    }
}
