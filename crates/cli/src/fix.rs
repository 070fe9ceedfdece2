//! `dflab fix`: the rewritten Dockerfile on standard output, as a unified diff, or written in place.
//! Files are only ever changed with `--write`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use dflab_core::{analyze, DiffKind, DiffRow, FixAvailability, Rewrite};

use crate::cli::FixArgs;
use crate::{read_source, Failure};

/// Lines of unchanged context around each change in `--diff` output.
const CONTEXT: usize = 3;

pub fn run(args: &FixArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mut options = args.rules.options(&args.opt_in)?;
    let files = &args.files;
    if files.len() > 1 && !args.diff && !args.write {
        return Err(Failure::Usage(
            "fix prints one file; give --diff or --write for several".into(),
        ));
    }
    for path in files {
        let source = read_source(path)?;
        if !args.diff && source.contains(char::REPLACEMENT_CHARACTER) && !is_utf8(path)? {
            // The rewrite is UTF-8; written back, the file's other bytes would change too.
            return Err(Failure::Io(format!(
                "{path}: not UTF-8: fix rewrites only UTF-8 files (convert it, e.g. with iconv, or use --diff to see the changes); the file is left as it is"
            )));
        }
        options.context = crate::context::for_dockerfile(path, &args.context).map_err(Failure::Io)?;
        let rewrite = analyze(&source, &options).rewrite;
        for group in rewrite.changes.iter().filter(|g| g.withheld.is_some()) {
            eprintln!(
                "{path}: withheld: {} [{}]: {}",
                group.title,
                group.rules.join(","),
                group.withheld.as_deref().unwrap_or("")
            );
        }
        for group in rewrite
            .changes
            .iter()
            .filter(|g| !g.applied && g.withheld.is_none() && g.fix == FixAvailability::OptIn)
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
                write_replacing(Path::new(path), rewrite.text.as_bytes())
                    .map_err(|e| Failure::Io(format!("{path}: {e} (the file is left as it was)")))?;
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

/// Whether the file at `path` is valid UTF-8 (standard input, already read, counts as not).
fn is_utf8(path: &str) -> Result<bool, Failure> {
    if path == "-" {
        return Ok(false);
    }
    let bytes = std::fs::read(path).map_err(|e| Failure::Io(format!("{path}: {e}")))?;
    Ok(std::str::from_utf8(&bytes).is_ok())
}

/// Replaces the file's content atomically: a temporary file beside it (same permissions) is written, synced and
/// renamed over it, so a full disk or a crash leaves either the old file or the new one, never half of one.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = dir.join(format!(".{name}.dflab-{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.set_permissions(std::fs::metadata(path)?.permissions())?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
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
