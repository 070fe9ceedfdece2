use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{in_image, mounted};
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::{ApkAction, Connector, Program};
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "L008",
    name: "apk-cache-left-in-layer",
    category: Category::Cache,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &["DL3019"],
    buildkit: &[],
    trivy: &["DS-0025"],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["/var/cache/apk"])],
    explanation: Explanation {
        summary: "`apk add` without `--no-cache` leaves the package index in `/var/cache/apk`.",
        why: "Without `--no-cache`, apk needs an index downloaded by `apk update` (or `--update`) and keeps it in \
              the layer: a few megabytes that only serve future installs and go stale. `apk add --no-cache` \
              fetches the index to a temporary place and leaves nothing behind.",
        bad: "FROM alpine:3.20\nRUN apk update && apk add curl\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        source: "Alpine wiki, \"Alpine Package Keeper\" (--no-cache); hadolint DL3019; Trivy DS025.",
    },
    check,
};

const CACHE: [&str; 2] = ["/var/cache/apk", "/etc/apk/cache"];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    // The last RUN with an `apk add` that reads the index an earlier `apk update` left (no `--no-cache`, no
    // `--update`): dropping an update before it would leave that add without an index.
    let last_index_reader = model
        .commands()
        .filter(|c| {
            matches!(&c.command.program, Program::Apk(a)
                if matches!(a.action, ApkAction::Add | ApkAction::Upgrade) && !a.no_cache && !a.update)
        })
        .map(|c| c.index)
        .last()
        .max(
            // An ONBUILD runs apk in the images built on this one, after every RUN here.
            model
                .instructions
                .iter()
                .any(|i| {
                    i.keyword == Keyword::Onbuild
                        && model.source[i.arguments_span.start..i.arguments_span.end].contains("apk")
                })
                .then_some(usize::MAX),
        );
    for cmd in model.commands() {
        let Program::Apk(apk) = &cmd.command.program else {
            continue;
        };
        if !matches!(apk.action, ApkAction::Add | ApkAction::Upgrade) || !in_image(model, cmd.index) {
            continue;
        }
        // `--no-network` installs from what is already there and downloads nothing.
        if cmd.script.apk_cache_cleaned(cmd.command.id)
            || apk.args.has(&["--no-network"])
            || model.removed_after(&cmd, &CACHE)
            || mounted(cmd.instruction, &CACHE)
        {
            continue;
        }
        let Some(sub) = &apk.subcommand else { continue };
        let mut edits = vec![Edit::insert(sub.span.end, " --no-cache")];
        // `apk update && apk add ...`: the update only fills the cache; drop it with the fix.
        let update = cmd
            .command
            .id
            .checked_sub(1)
            .and_then(|id| cmd.script.get(id))
            .filter(|u| {
                matches!(&u.program, Program::Apk(a) if a.action == ApkAction::Update)
                    && u.context.is_top_shell()
                    && u.context == cmd.command.context
                    && u.before != Some(Connector::Or)
                    && last_index_reader.is_none_or(|last| last <= cmd.index)
                    && matches!(u.after, Some(Connector::And | Connector::Semi | Connector::Newline))
                    && !u.in_pipeline()
            });
        let also = if let Some(update) = update {
            edits.push(Edit::delete(update.span.start..cmd.command.span.start));
            " and drop `apk update`"
        } else {
            ""
        };
        hits.push(
            Hit::new(
                model.span(cmd.command.span.clone()),
                format!(
                    "`apk {}` without `--no-cache` leaves the package index in the layer: add `--no-cache`{also}",
                    sub.name
                ),
            )
            .with_fix(Fix::safe("use `apk add --no-cache`", edits)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            check(&RULE, "FROM alpine\nRUN apk add curl\n"),
            ["`apk add` without `--no-cache` leaves the package index in the layer: add `--no-cache`"]
        );
        assert_eq!(
            fixed(&RULE, "FROM alpine\nRUN apk update && apk add curl\n").unwrap(),
            "FROM alpine\nRUN apk add --no-cache curl\n"
        );
        assert_eq!(
            fixed(&RULE, "FROM alpine\nRUN apk --update add \\\n  curl\n").unwrap(),
            "FROM alpine\nRUN apk --update add --no-cache \\\n  curl\n"
        );
        assert_eq!(check(&RULE, "FROM alpine\nRUN <<EOF\napk add curl\nEOF\n").len(), 1);
        // After `||` the add would take the update's place and be skipped when the left side succeeds.
        assert_eq!(
            fixed(&RULE, "FROM alpine\nRUN test -f x || apk update && apk add curl\n").unwrap(),
            "FROM alpine\nRUN test -f x || apk update && apk add --no-cache curl\n"
        );
        // A later add (here in a builder stage, which the rule leaves alone) reads the index the update leaves.
        assert_eq!(
            fixed(&RULE, "FROM alpine AS base\nRUN apk update && apk add curl\nFROM base AS build\nRUN apk add gcc\nFROM base\n").unwrap(),
            "FROM alpine AS base\nRUN apk update && apk add --no-cache curl\nFROM base AS build\nRUN apk add gcc\nFROM base\n"
        );
        assert_eq!(
            fixed(
                &RULE,
                "FROM alpine\nRUN apk update && apk add curl\nONBUILD RUN apk add git\n"
            )
            .unwrap(),
            "FROM alpine\nRUN apk update && apk add --no-cache curl\nONBUILD RUN apk add git\n"
        );
        // The update is kept when something else runs between it and the add.
        assert_eq!(
            fixed(&RULE, "FROM alpine\nRUN apk update && echo hi && apk add curl\n").unwrap(),
            "FROM alpine\nRUN apk update && echo hi && apk add --no-cache curl\n"
        );
        assert_eq!(
            fixed(&RULE, "FROM alpine\nRUN if true; then apk update; fi; apk add curl\n").unwrap(),
            "FROM alpine\nRUN if true; then apk update; fi; apk add --no-cache curl\n"
        );
    }

    #[test]
    fn quiet_when_cacheless_cleaned_mounted_or_in_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM alpine\nRUN apk add --no-cache --virtual .build-deps gcc\n",
                "FROM alpine\nRUN apk add curl && rm -rf /var/cache/apk/*\n",
                "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
                "FROM alpine AS build\nRUN apk add gcc\nFROM alpine\nCOPY --from=build /x /x\n",
                "FROM alpine\nRUN apk del .build-deps\n",
                "FROM alpine\nRUN echo so:libc | xargs -rt apk add --no-network --virtual .rundeps\n",
            ],
        );
    }
}
