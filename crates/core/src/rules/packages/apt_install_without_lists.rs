use crate::analysis::{FixAvailability, Severity};
use crate::model::Model;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P024",
    name: "apt-install-without-lists",
    category: Category::Packages,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`apt-get install` runs where the image has no package lists: none were downloaded, or an \
                  earlier layer deleted them.",
        why: "The official Debian, Ubuntu, python and node images are published without apt's package lists \
              (`/var/lib/apt/lists`), and a well-written RUN deletes them after installing. An `apt-get \
              install` that no `apt-get update` before it in the image prepared fails the build with \"Unable \
              to locate package\". Run `apt-get update` in the same RUN, right before the install.",
        bad: "FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends curl\n",
        good: "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n \
               && rm -rf /var/lib/apt/lists/*\n",
        source: "docker-library images (lists removed in every official image); Docker docs, \"Building best \
                 practices\" (apt-get update and install in the same RUN).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    // Only the first install of a script: nothing after it runs.
    let mut reported = None;
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else { continue };
        // Local `.deb` files and package-less invocations (`install -f`) need no lists.
        if apt.action != AptAction::Install
            || apt.packages.iter().all(|p| p.local)
            || !cmd.script.failure_is_fatal(cmd.command.id)
            || reported == Some((cmd.index, cmd.script_index))
        {
            continue;
        }
        let Some(stage) = model.build.stage_of(cmd.index) else { continue };
        if model.image().apt_lists(stage, cmd.point()) != Some(false) {
            continue;
        }
        reported = Some((cmd.index, cmd.script_index));
        let base = model
            .image()
            .known_base(stage)
            .map_or(String::new(), |k| format!("`{}` ", k.facts.key));
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "the image {base}has no package lists here (none downloaded, or deleted by an earlier layer): `{} \
                 install` fails with \"Unable to locate package\"; run `apt-get update` first in this RUN",
                apt.tool
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_where_no_lists_exist() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12-slim\nRUN apt-get install -y curl\n"),
            ["apt-get install -y curl"]
        );
        // The lists an earlier layer downloaded were deleted at its end.
        let deleted = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl \
                       && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y git\n";
        assert_eq!(flagged(&RULE, deleted), ["apt-get install -y git"]);
    }

    #[test]
    fn quiet_with_lists_or_unknown_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\n",
                // Lists kept by an earlier layer (stale, but present: P023's concern).
                "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n",
                "FROM mycompany/base:1\nRUN apt-get install -y curl\n",
                "FROM python:3.12-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get install -y curl\n",
                "FROM python:3.12-slim\nRUN apt-get install -y ./local.deb\n",
                "FROM python:3.12-slim\nRUN apt-get install -y curl || true\n",
                "FROM python:3.12-slim\nRUN ./setup-apt.sh\nRUN apt-get install -y curl\n",
            ],
        );
    }
}
