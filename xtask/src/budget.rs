//! The size budget: the gzip size of everything the browser downloads, file by file.

use std::path::{Path, PathBuf};

use crate::Result;

/// Everything the page downloads, gzip-compressed, must fit in this many bytes.
pub const BUDGET_BYTES: u64 = 250 * 1024;

pub fn check(dist: &Path) -> Result {
    println!("\n==> size budget (gzip -9 of every file in {})", dist.display());
    let mut files = Vec::new();
    collect(dist, &mut files).map_err(|e| format!("{}: {e} (run the release build first)", dist.display()))?;
    files.sort();
    let mut total = 0;
    for file in &files {
        let raw = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
        let gzipped = gzip_size(file)?;
        total += gzipped;
        println!(
            "{:>10} B gzip {:>10} B raw  {}",
            gzipped,
            raw,
            file.strip_prefix(dist).unwrap_or(file).display()
        );
    }
    println!(
        "{total:>10} B gzip in total; budget {BUDGET_BYTES} B ({:.1}% used)",
        total as f64 * 100.0 / BUDGET_BYTES as f64
    );
    if total > BUDGET_BYTES {
        return Err(format!("{total} B gzip exceeds the budget of {BUDGET_BYTES} B"));
    }
    Ok(())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn gzip_size(file: &Path) -> Result<u64> {
    let output = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip failed on {}", file.display()));
    }
    Ok(output.stdout.len() as u64)
}
