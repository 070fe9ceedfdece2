use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::{AptAction, Program};

pub static RULE: Rule = Rule {
    code: "P023",
    name: "apt-install-without-update",
    category: Category::Packages,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`apt-get install` runs without `apt-get update` earlier in the same RUN.",
        why: "Debian and Ubuntu images ship without package lists, and well-written RUNs delete them after \
              installing, so an install that relies on an earlier layer fails with \"Unable to locate package\"; \
              if an earlier layer did keep its lists, they are stale and may point at versions the mirror no \
              longer has. Run `apt-get update` in the same RUN as the install.",
        bad: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
        good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
        source: "Docker docs, \"Building best practices\" (apt-get: always combine update with install).",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let mut reported = Vec::new();
    for cmd in model.commands() {
        let Program::AptGet(apt) = &cmd.command.program else {
            continue;
        };
        if apt.action != AptAction::Install || reported.contains(&cmd.index) {
            continue;
        }
        // Local `.deb` files and package-less invocations (`install -f`) need no lists.
        if apt.packages.iter().all(|p| p.local) {
            continue;
        }
        let updated = model.commands_of(cmd.index).any(|c| {
            (c.script_index < cmd.script_index || (c.script_index == cmd.script_index && c.command.id < cmd.command.id))
                && matches!(&c.command.program, Program::AptGet(a) if a.action == AptAction::Update)
        });
        // Where the model knows there are no lists at all, P024 reports the error.
        let point = crate::model::image::Point {
            instruction: cmd.index,
            script: cmd.script_index,
            command: cmd.command.id,
        };
        let no_lists = model
            .build
            .stage_of(cmd.index)
            .is_some_and(|stage| model.image().apt_lists(stage, point) == Some(false));
        if updated || no_lists {
            continue;
        }
        reported.push(cmd.index);
        hits.push(Hit::new(
            model.span(cmd.command.span.clone()),
            format!(
                "`{} install` runs without `{} update` in the same RUN: the package lists are missing or stale",
                apt.tool,
                if apt.tool == "apt" { "apt" } else { "apt-get" }
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check};

    #[test]
    fn fires_without_update_in_the_same_run() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n"),
            ["`apt-get install` runs without `apt-get update` in the same RUN: the package lists are missing or stale"]
        );
        assert_eq!(
            check(&RULE, "FROM mycompany/debian:12\nRUN apt-get install -y curl && apt-get update\n").len(),
            1
        );
        // Where the image certainly has no lists, P024 reports the error instead.
        assert!(check(&RULE, "FROM debian\nRUN apt-get install -y curl && apt-get update\n").is_empty());
    }

    #[test]
    fn quiet_with_update_or_local_packages() {
        assert_quiet(&RULE, &[
            "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
            "FROM debian\nRUN set -eux; apt-get update; \\\n  apt-get install -y --no-install-recommends curl; \\\n  rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
            "FROM debian\nRUN apt-get install -y ./pkg.deb\n",
            "FROM debian\nRUN apt-get install -f -y\n",
        ]);
    }
}
