//! The shell scripts a RUN instruction runs, read with the shell model: the rules and the layer estimate
//! both look at RUN through these.

use crate::shell::{self, ParseOptions, Script};
use crate::syntax::instructions::Command;
use crate::syntax::Instruction;
use crate::syntax::Keyword;

/// Shells that run a here-document body as a script (`RUN <<EOF` or `RUN bash <<EOF`).
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "busybox"];

/// A shell-form RUN's command line, and the here-document bodies a shell executes (`RUN <<EOF` has a
/// command line of only a redirection, so its bodies run in the default shell). Empty for other
/// instructions and for exec form. `escape` is the Dockerfile's escape character.
pub fn run_scripts(source: &str, instruction: &Instruction, escape: char) -> Vec<Script> {
    if instruction.keyword != Keyword::Run {
        return Vec::new();
    }
    let Some(run) = instruction.as_run() else {
        return Vec::new();
    };
    let escape = if escape == '`' { b'`' } else { b'\\' };
    let mut scripts = Vec::new();
    if let Command::Shell(_) = run.command {
        let range = instruction.arguments_span.start..instruction.arguments_span.end;
        if let Some(text) = source.get(range.clone()) {
            scripts.push(shell::parse_with(
                text,
                range.start,
                ParseOptions {
                    dockerfile: true,
                    escape,
                },
            ));
        }
    }
    let line_program = scripts
        .first()
        .and_then(|script| script.commands().first())
        .map(|command| shell::basename(command.name()).to_string());
    if line_program
        .as_deref()
        .is_none_or(|program| program.is_empty() || SHELLS.contains(&program))
    {
        for heredoc in run.heredocs {
            let range = heredoc.body_span.start..heredoc.body_span.end;
            if let Some(text) = source.get(range.clone()) {
                scripts.push(shell::parse_with(text, range.start, ParseOptions::shell()));
            }
        }
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn programs(source: &str) -> Vec<Vec<String>> {
        let tree = syntax::parse(source);
        let run = tree.instructions().find(|i| i.keyword == Keyword::Run).unwrap();
        run_scripts(source, run, tree.escape)
            .iter()
            .map(|script| script.commands().iter().map(|c| c.name().to_string()).collect())
            .collect()
    }

    #[test]
    fn shell_form_line_and_heredoc_bodies_run_by_a_shell() {
        assert_eq!(
            programs("FROM a\nRUN apt-get update && \\\n  apt-get install -y x\n"),
            [["apt-get", "apt-get"]]
        );
        assert_eq!(
            programs("FROM a\nRUN <<EOF\nset -e\npip install x\nEOF\n"),
            [vec![""], vec!["set", "pip"]]
        );
        assert_eq!(
            programs("FROM a\nRUN bash <<EOF\ncurl x\nEOF\n"),
            [vec!["bash"], vec!["curl"]]
        );
    }

    #[test]
    fn bodies_fed_to_other_programs_and_exec_form_are_not_scripts() {
        assert_eq!(programs("FROM a\nRUN python3 <<EOF\nimport os\nEOF\n"), [["python3"]]);
        assert!(programs("FROM a\nRUN [\"pip\", \"install\", \"x\"]\n").is_empty());
    }
}
