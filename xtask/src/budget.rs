//! The bundle's sizes: the gzip size of every file the browser may download, printed file by file.
//!
//! Until issue #17 this was a 250 KB target with a ratchet. That target measured the wrong thing (the core alone
//! is about 290 KB; comparable playgrounds ship megabytes): what a visitor waits for is now the load budget of
//! `tests/e2e/load.test.mjs` (text visible, first analysis shown and the bytes before it, at Slow 4G), which
//! fails when those bytes grow. This task only prints, for size work and `docs/size-budget.md`.

use std::path::{Path, PathBuf};

use crate::{tools, Result};

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
    println!("{total:>10} B gzip in total (the load budget is checked by tests/e2e/load.test.mjs)");
    Ok(())
}

/// Builds `xtask/core-only` (the core without any UI) for wasm32 with the release profile, shrinks it with
/// `wasm-opt -Oz` as trunk does the bundle, and prints its gzip size: the floor that no UI
/// work can go below while the core keeps its features.
pub fn core_only() -> Result {
    println!("\n==> the core alone (xtask/core-only: analyze, the rule catalog, lesson packs; no UI)");
    let status = tools::command("cargo")
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "dflab-core-only",
        ])
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err("building xtask/core-only failed".into());
    }
    let target = crate::root().join("target");
    let built = target.join("wasm32-unknown-unknown/release/dflab_core_only.wasm");
    let optimized = target.join("core-only.wasm");
    // The features rustc's wasm32 target enables by default, as in the bundle.
    let status = tools::command("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
        ])
        .args([
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(&built)
        .arg("-o")
        .arg(&optimized)
        .status()
        .map_err(|e| format!("wasm-opt: {e}"))?;
    if !status.success() {
        return Err("wasm-opt failed on the core-only module".into());
    }
    let raw = std::fs::metadata(&optimized).map_err(|e| e.to_string())?.len();
    let gzipped = gzip_size(&optimized)?;
    println!("{gzipped:>10} B gzip {raw:>10} B raw  the core alone");
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
