//! Findings as rustc/ruff print them: the message, the location, the source line and a pointer.

use std::io::{self, Write};

use super::Checked;
use crate::terminal::visible;
use dflab_core::{Finding, Severity};

pub fn write(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    for file in files {
        for finding in &file.findings {
            write_finding(out, file, finding)?;
        }
    }
    let count = |severity| {
        files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.severity == severity)
            .count()
    };
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let total = errors + warnings + infos;
    let files_word = if files.len() == 1 { "file" } else { "files" };
    if total == 0 {
        writeln!(out, "No problems found in {} {files_word}.", files.len())
    } else {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        writeln!(
            out,
            "Found {} ({}, {}, {}) in {} {files_word}.",
            plural(total, "problem"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info"),
            files.len()
        )
    }
}

fn write_finding(out: &mut impl Write, file: &Checked, finding: &Finding) -> io::Result<()> {
    let span = finding.span;
    writeln!(
        out,
        "{}[{}]: {}",
        finding.severity.as_str(),
        finding.rule,
        finding.message
    )?;
    writeln!(out, "  --> {}:{}:{}", file.path, span.line, span.column)?;
    let line_text = file
        .source
        .lines()
        .nth(span.line.saturating_sub(1) as usize)
        .unwrap_or("");
    let gutter = span.line.to_string().len();
    let line_chars = line_text.chars().count() as u32;
    let start = span.column.saturating_sub(1).min(line_chars);
    let end = if span.end_line == span.line {
        span.end_column.saturating_sub(1)
    } else {
        line_chars
    };
    let chars: Vec<char> = line_text.chars().collect();
    let column = |at: u32| (at as usize).min(chars.len());
    let shown = |range: std::ops::Range<usize>| visible(&chars[range].iter().collect::<String>());
    let indent = shown(0..column(start)).chars().count();
    let width = shown(column(start)..column(end.max(start))).chars().count().max(1);
    let equivalents: Vec<&str> = finding
        .hadolint
        .iter()
        .chain(&finding.buildkit)
        .chain(&finding.trivy)
        .map(String::as_str)
        .collect();
    let note = if equivalents.is_empty() {
        finding.name.clone()
    } else {
        format!("{} ({})", finding.name, equivalents.join(", "))
    };
    writeln!(out, "{:gutter$} |", "")?;
    writeln!(out, "{} | {}", span.line, visible(line_text))?;
    writeln!(
        out,
        "{:gutter$} | {}{} {note}",
        "",
        " ".repeat(indent),
        "^".repeat(width)
    )?;
    if let Some(note) = &finding.stage_note {
        writeln!(out, "{:gutter$} = note: {}", "", visible(note))?;
    }
    writeln!(out)
}
