use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::line;
use crate::rules::support::stages::powershell;
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::shell::{Connector, Program, Script};
use crate::syntax::Instruction;

pub static RULE: Rule = Rule {
    code: "L005",
    name: "consecutive-runs",
    category: Category::Cache,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3059"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[],
    explanation: Explanation {
        summary: "Two RUN instructions in a row in the final image could be one layer.",
        why: "Each RUN adds a layer with its own metadata, and files that one RUN creates and the next deletes \
              stay in the first layer. Joining related steps with `&&` makes one layer, lets cleanup actually \
              shrink the image and keeps the steps cached together. Keep them apart when they change at very \
              different rates and separate caching helps. Only the stages whose layers end up in the image \
              are checked, and a comment between two RUNs counts as a deliberate split unless both are \
              single commands.",
        bad: "FROM debian:bookworm-slim\nRUN useradd --create-home app\nRUN mkdir -p /data\n",
        good: "FROM debian:bookworm-slim\nRUN useradd --create-home app \\\n && mkdir -p /data\n",
        source: "Docker docs, \"Building best practices\" (minimize the number of layers); hadolint DL3059.",
    },
    check,
};

/// A RUN the fix can join with a neighbour: shell form without here-documents.
fn joinable(instruction: &Instruction) -> bool {
    instruction.heredocs.is_empty() && instruction.as_run().is_some_and(|run| !run.command.is_exec())
}

/// How many commands a RUN runs (an exec-form RUN runs one).
fn command_count(model: &Model, index: usize, instruction: &Instruction) -> usize {
    if instruction.as_run().is_some_and(|run| run.command.is_exec()) {
        return 1;
    }
    model
        .scripts(index)
        .iter()
        .map(|script| script.commands().len())
        .sum::<usize>()
        .max(1)
}

/// Programs whose effect on the shell (directory, variables, options, exit) would reach the second RUN.
const STATEFUL: [&str; 18] = [
    "cd", "pushd", "popd", "export", "unset", "set", "source", ".", "exit", "umask", "alias", "shopt", "trap",
    "readonly", "declare", "local", "typeset", "ulimit",
];

/// The single script of a shell-form RUN without parse problems.
fn sole_script<'s>(model: &'s Model, index: usize) -> Option<&'s Script> {
    match model.scripts(index) {
        [script] if script.errors().is_empty() && !script.commands().is_empty() => Some(script),
        _ => None,
    }
}

/// Joins `second` onto `first` with ` && \` when that runs exactly the same commands: the first leaves no
/// shell state behind and ends plainly, and the second is one `&&`/`|` chain of simple commands.
fn join(model: &Model, first: (usize, &Instruction), second: (usize, &Instruction)) -> Option<Fix> {
    // Windows PowerShell rejects `&&`.
    if model.tree.escape != '\\' || powershell(model, first.0) {
        return None;
    }
    let a = sole_script(model, first.0)?;
    let b = sole_script(model, second.0)?;
    let stateful = a.commands().iter().any(|c| {
        STATEFUL.contains(&c.name())
            || c.has_wrapper("exec")
            || c.context.background
            || c.context.function
            || (matches!(c.program, Program::None) && !c.assignments.is_empty())
    });
    let last = a.commands().iter().rfind(|c| c.context.is_top_shell())?;
    let rest = model.source.get(last.span.end..first.1.arguments_span.end)?;
    if stateful || last.after.is_some() || !rest.trim().is_empty() {
        return None;
    }
    let chain = b.commands().iter().all(|c| {
        c.context == Default::default()
            && c.before.is_none_or(|k| matches!(k, Connector::And | Connector::Pipe))
            && c.after.is_none_or(|k| matches!(k, Connector::And | Connector::Pipe))
    });
    let b_rest = model
        .source
        .get(b.commands().last()?.span.end..second.1.arguments_span.end)?;
    if !chain || !b_rest.trim().is_empty() {
        return None;
    }
    let line_start = model.source[..second.1.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = model.source[line_start..second.1.arguments_span.start]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(Fix::opt_in(
        "join the two RUN instructions",
        "the two steps become one layer and one cache entry: a change to either re-runs both",
        vec![Edit::replace(
            last.span.end..second.1.arguments_span.start,
            format!(" && \\\n{indent}"),
        )],
    ))
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let stages = model.image_stages();
    for stage in model.build.stages.iter().filter(|s| stages.contains(&s.index)) {
        let members: Vec<(usize, &Instruction)> = model.stage_instructions(stage).collect();
        for pair in members.windows(2) {
            let [(first_index, first), (second_index, second)] = pair else {
                continue;
            };
            if *second_index != first_index + 1 || first.as_run().is_none() || second.as_run().is_none() {
                continue;
            }
            let same_flags = first
                .flags
                .iter()
                .map(|f| &f.raw)
                .eq(second.flags.iter().map(|f| &f.raw));
            // A comment between them marks a deliberate separate step, unless each RUN is a single command
            // (the comment can then go inside the joined RUN).
            let between = model.source.get(first.span.end..second.span.start).unwrap_or("#");
            let commented = between.lines().any(|l| l.trim_start().starts_with('#'));
            let simple =
                command_count(model, *first_index, first) == 1 && command_count(model, *second_index, second) == 1;
            if !same_flags || commented && !simple {
                continue;
            }
            // Heredoc bodies join as lines and exec form as a shell command; Windows PowerShell rejects `&&`.
            let plain = joinable(first) && joinable(second);
            let how = if plain && !powershell(model, *first_index) {
                "join them with `&&`"
            } else {
                "merge them into one RUN"
            };
            let mut hit = Hit::new(
                model.span(second.keyword_span.start..second.keyword_span.end),
                format!(
                    "this RUN directly follows the RUN on line {}: {how} to make one layer",
                    line(model, first.span.start)
                ),
            );
            let fixable = plain && !commented;
            if let Some(fix) = fixable
                .then(|| join(model, (*first_index, first), (*second_index, second)))
                .flatten()
            {
                hit = hit.with_fix(fix);
            }
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged, hits};

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
    fn fires_on_heredoc_exec_form_and_commented_single_commands_without_fix() {
        for source in [
            "FROM debian\nRUN a\n# then b\nRUN b\n",
            "FROM debian\nRUN a\nRUN <<EOF\nb\nEOF\n",
            "FROM debian\nRUN [\"a\"]\nRUN b\n",
            "FROM debian\nRUN [\"a\"]\nRUN [\"b\", \"c\"]\n",
        ] {
            let found = hits(&RULE, source);
            assert_eq!(found.len(), 1, "{source}");
            assert!(found[0].fix.is_none(), "{source}");
        }
        // `&&` is not how these would be joined
        for (source, first) in [
            ("FROM debian\nRUN a\nRUN <<EOF\nb\nEOF\n", 2),
            ("FROM debian\nRUN [\"a\"]\nRUN b\n", 2),
            ("FROM debian\nSHELL [\"powershell\", \"-Command\"]\nRUN a\nRUN b\n", 3),
        ] {
            assert_eq!(
                check(&RULE, source),
                [format!(
                    "this RUN directly follows the RUN on line {first}: merge them into one RUN to make one layer"
                )],
                "{source}"
            );
        }
    }

    #[test]
    fn opt_in_fix_joins_plain_neighbours() {
        assert_eq!(
            fixed(
                &RULE,
                "FROM debian\nRUN apt-get update && apt-get install -y x\n\nRUN useradd app | cat\n"
            )
            .unwrap(),
            "FROM debian\nRUN apt-get update && apt-get install -y x && \\\n    useradd app | cat\n"
        );
        assert_eq!(
            fixed(&RULE, "FROM debian\nRUN a; b \\\n && c\nRUN d \\\n && e\n").unwrap(),
            "FROM debian\nRUN a; b \\\n && c && \\\n    d \\\n && e\n"
        );
    }

    #[test]
    fn no_fix_when_joining_changes_what_runs() {
        for source in [
            "FROM debian\nRUN cd /src\nRUN make\n",
            "FROM debian\nRUN set -e; a\nRUN b\n",
            "FROM debian\nRUN export X=1\nRUN b\n",
            "FROM debian\nRUN X=1\nRUN b\n",
            "FROM debian\nRUN a;\nRUN b\n",
            "FROM debian\nRUN a # note\nRUN b\n",
            "FROM debian\nRUN a\nRUN b; c\n",
            "FROM debian\nRUN a\nRUN b || c\n",
            "FROM debian\nRUN a\nRUN if x; then y; fi\n",
            "FROM debian\nRUN a &\nRUN b\n",
            "FROM debian\nRUN exit 0\nRUN b\n",
            // Windows PowerShell rejects `&&`
            "FROM debian\nSHELL [\"powershell\", \"-Command\"]\nRUN a\nRUN b\n",
        ] {
            let found = hits(&RULE, source);
            assert_eq!(found.len(), 1, "{source}");
            assert!(found[0].fix.is_none(), "{source}");
        }
    }

    #[test]
    fn quiet_on_heredocs_flags_comments_exec_form_and_builders() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian\nRUN a\nENV X=1\nRUN b\n",
                "FROM debian\nRUN a && b\n# then c\nRUN c\n",
                "FROM debian\nRUN a\n# then b and c\nRUN b; c\n",
                "FROM debian\nRUN --network=none a\nRUN b\n",
                "FROM debian AS build\nRUN a\nRUN b\nFROM debian\nCOPY --from=build /x /x\n",
            ],
        );
    }
}
