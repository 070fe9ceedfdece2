//! One JSON object per finding per line, flat, for scripts and `jq`.

use std::io::{self, Write};

use serde::Serialize;

use super::Checked;
use dflab_core::{FixAvailability, Severity};

#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    rule: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    hadolint: &'a [String],
    buildkit: &'a [String],
    trivy: &'a [String],
    fix: FixAvailability,
    /// What the finding's stage is for when it is not an image that ships.
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<&'a str>,
}

pub fn write(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    for file in files {
        for f in &file.findings {
            let line = Line {
                file: &file.path,
                line: f.span.line,
                column: f.span.column,
                end_line: f.span.end_line,
                end_column: f.span.end_column,
                rule: &f.rule,
                name: &f.name,
                severity: f.severity,
                message: &f.message,
                hadolint: &f.hadolint,
                buildkit: &f.buildkit,
                trivy: &f.trivy,
                fix: f.fix,
                stage: f.stage_note.as_deref(),
            };
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
