use crate::analysis::{FixAvailability, Severity};
use crate::rules::cache::util::{image_stages, line};
use crate::rules::{Category, Context, Explanation, Hit, Rule};
use crate::syntax::Instruction;

pub static RULE: Rule = Rule {
    code: "L005",
    name: "consecutive-runs",
    category: Category::Cache,
    severity: Severity::Info,
    enabled: true,
    hadolint: &["DL3059"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    explanation: Explanation {
        summary: "Two RUN instructions in a row in the final image could be one layer.",
        why: "Each RUN adds a layer with its own metadata, and files that one RUN creates and the next deletes \
              stay in the first layer. Joining related steps with `&&` makes one layer, lets cleanup actually \
              shrink the image and keeps the steps cached together. Keep them apart when they change at very \
              different rates and separate caching helps.",
        bad: "FROM debian:bookworm-slim\nRUN useradd --create-home app\nRUN mkdir -p /data\n",
        good: "FROM debian:bookworm-slim\nRUN useradd --create-home app \\\n && mkdir -p /data\n",
        source: "Docker docs, \"Building best practices\" (minimize the number of layers); hadolint DL3059.",
    },
    check,
};

/// A RUN that could be joined with a neighbour: shell form without here-documents.
fn joinable(instruction: &Instruction) -> bool {
    instruction.heredocs.is_empty() && instruction.as_run().is_some_and(|run| !run.command.is_exec())
}

fn check(context: &Context, hits: &mut Vec<Hit>) {
    let stages = image_stages(context);
    for stage in context.model.stages.iter().filter(|s| stages.contains(&s.index)) {
        let members: Vec<(usize, &Instruction)> = context.stage_instructions(stage).collect();
        for pair in members.windows(2) {
            let [(first_index, first), (second_index, second)] = pair else {
                continue;
            };
            if *second_index != first_index + 1 || !joinable(first) || !joinable(second) {
                continue;
            }
            let same_flags = first
                .flags
                .iter()
                .map(|f| &f.raw)
                .eq(second.flags.iter().map(|f| &f.raw));
            // A comment between them explains a separate step and would be lost.
            let between = context.source.get(first.span.end..second.span.start).unwrap_or("#");
            let commented = between.lines().any(|l| l.trim_start().starts_with('#'));
            if !same_flags || commented {
                continue;
            }
            hits.push(Hit::new(
                context.span(second.keyword_span.start..second.keyword_span.end),
                format!(
                    "this RUN directly follows the RUN on line {}: join them with `&&` to make one layer",
                    line(context, first.span.start)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_on_neighbours_in_the_image() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN a\nRUN b\n"),
            ["this RUN directly follows the RUN on line 2: join them with `&&` to make one layer"]
        );
        assert_eq!(flagged(&RULE, "FROM debian\nRUN a\n\nrun b\nRUN c\n"), ["run", "RUN"]);
        assert_eq!(
            check(
                &RULE,
                "FROM debian\nRUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/x b\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_on_heredocs_flags_comments_exec_form_and_builders() {
        for source in [
            "FROM debian\nRUN a\nENV X=1\nRUN b\n",
            "FROM debian\nRUN a\n# then b\nRUN b\n",
            "FROM debian\nRUN a\nRUN <<EOF\nb\nEOF\n",
            "FROM debian\nRUN --network=none a\nRUN b\n",
            "FROM debian\nRUN [\"a\"]\nRUN b\n",
            "FROM debian AS build\nRUN a\nRUN b\nFROM debian\nCOPY --from=build /x /x\n",
        ] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
