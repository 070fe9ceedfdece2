//! Dockerfile syntax. Placeholder until the lossless BuildKit-conformant parser lands (issue 3):
//! splits the text into instructions, joining `\` continuations and skipping comments and blank lines.

use crate::span::{LineIndex, Span};

#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    /// Upper-cased keyword.
    pub keyword: String,
    /// Everything after the keyword, continuations joined, comment lines dropped.
    pub arguments: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dockerfile {
    pub instructions: Vec<Instruction>,
}

pub fn parse(source: &str) -> Dockerfile {
    let index = LineIndex::new(source);
    let mut instructions = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut offset = 0;
    for raw_line in source.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || (current.is_none() && trimmed.is_empty()) {
            continue;
        }
        let (start, text) = current.get_or_insert_with(|| (line_start + line.len() - trimmed.len(), String::new()));
        let _ = start;
        match trimmed.trim_end().strip_suffix('\\') {
            Some(continued) => {
                text.push_str(continued);
                text.push(' ');
            }
            None => {
                text.push_str(trimmed);
                let (start, text) = current.take().expect("set above");
                instructions.push(instruction(&index, start, line_start + line.len(), &text));
            }
        }
    }
    if let Some((start, text)) = current {
        instructions.push(instruction(&index, start, source.len(), &text));
    }
    Dockerfile { instructions }
}

fn instruction(index: &LineIndex, start: usize, end: usize, text: &str) -> Instruction {
    let text = text.trim();
    let (keyword, arguments) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    Instruction {
        keyword: keyword.to_ascii_uppercase(),
        arguments: arguments.trim().to_string(),
        span: index.span(start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_continuations_and_skips_comments() {
        let file = parse("# c\nFROM python:3.12\nRUN a \\\n  # inner\n  b\n");
        let keywords: Vec<_> = file.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(keywords, ["FROM", "RUN"]);
        assert_eq!(file.instructions[1].arguments, "a  b");
        assert_eq!(
            (file.instructions[1].span.line, file.instructions[1].span.end_line),
            (3, 5)
        );
    }
}
