//! `dflab fix`: the rewritten Dockerfile on standard output, as a unified diff, or written in place.
//! Files are only ever changed with `--write`.

use std::io::Write;
use std::process::ExitCode;

use dflab_core::{analyze, DiffKind, DiffRow, FixAvailability, Rewrite};

use crate::cli::FixArgs;
use crate::{read_source, Failure};

/// Lines of unchanged context around each change in `--diff` output.
const CONTEXT: usize = 3;

pub fn run(args: &FixArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let options = args.rules.options(&args.opt_in)?;
    let files = &args.files;
    if files.len() > 1 && !args.diff && !args.write {
        return Err(Failure::Usage(
            "fix prints one file; give --diff or --write for several".into(),
        ));
    }
    for path in files {
        let source = read_source(path)?;
        let rewrite = analyze(&source, &options).rewrite;
        for group in rewrite
            .changes
            .iter()
            .filter(|g| !g.applied && g.fix == FixAvailability::OptIn)
        {
            eprintln!(
                "{path}: opt-in available: {} [{}] (--opt-in {}): {}",
                group.title,
                group.rules.join(","),
                group.id,
                group.warning.as_deref().unwrap_or("")
            );
        }
        if args.write {
            if path == "-" {
                return Err(Failure::Usage("--write needs a file, not standard input".into()));
            }
            if rewrite.text != source {
                std::fs::write(path, &rewrite.text).map_err(|e| Failure::Io(format!("{path}: {e}")))?;
                let applied: Vec<&str> = rewrite
                    .changes
                    .iter()
                    .filter(|g| g.applied)
                    .map(|g| g.id.as_str())
                    .collect();
                writeln!(out, "fixed {path} ({})", applied.join(", "))?;
            }
        } else if args.diff {
            write_diff(out, path, &rewrite)?;
        } else {
            write!(out, "{}", rewrite.text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A unified diff; each hunk header names the change groups (rules) behind it.
fn write_diff(out: &mut impl Write, path: &str, rewrite: &Rewrite) -> std::io::Result<()> {
    let rows = &rewrite.diff;
    let changed: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].kind != DiffKind::Same).collect();
    if changed.is_empty() {
        return Ok(());
    }
    writeln!(out, "--- {path}\n+++ {path} (rewritten)")?;
    let mut start = 0;
    while start < changed.len() {
        let mut end = start;
        while end + 1 < changed.len() && changed[end + 1] - changed[end] <= 2 * CONTEXT + 1 {
            end += 1;
        }
        let first = changed[start].saturating_sub(CONTEXT);
        let last = (changed[end] + CONTEXT).min(rows.len() - 1);
        write_hunk(out, &rows[first..=last])?;
        start = end + 1;
    }
    Ok(())
}

fn write_hunk(out: &mut impl Write, rows: &[DiffRow]) -> std::io::Result<()> {
    let old_start = rows.iter().find_map(|r| r.old_line).unwrap_or(1);
    let new_start = rows.iter().find_map(|r| r.new_line).unwrap_or(1);
    let old_count = rows.iter().filter(|r| r.old_line.is_some()).count();
    let new_count = rows.iter().filter(|r| r.new_line.is_some()).count();
    let mut groups: Vec<&str> = rows.iter().flat_map(|r| r.groups.iter().map(String::as_str)).collect();
    groups.sort();
    groups.dedup();
    writeln!(
        out,
        "@@ -{old_start},{old_count} +{new_start},{new_count} @@ {}",
        groups.join(", ")
    )?;
    let text = |segments: &[dflab_core::DiffSegment]| segments.iter().map(|s| s.text.as_str()).collect::<String>();
    for row in rows {
        match row.kind {
            DiffKind::Same => writeln!(out, " {}", text(&row.old))?,
            DiffKind::Removed => writeln!(out, "-{}", text(&row.old))?,
            DiffKind::Added => writeln!(out, "+{}", text(&row.new))?,
            DiffKind::Changed => writeln!(out, "-{}\n+{}", text(&row.old), text(&row.new))?,
        }
    }
    Ok(())
}
