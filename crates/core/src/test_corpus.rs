//! The real Dockerfiles of `tests/conformance/` for the crate's unit tests.

use std::path::{Path, PathBuf};

/// Every file under `tests/conformance/<dir>` (recursively), as (name relative to `dir`, text), sorted by
/// name. Panics when the folder is missing or empty: these tests must never pass by finding nothing.
pub fn corpus(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/conformance")
        .join(dir);
    let mut stack: Vec<PathBuf> = vec![root.clone()];
    let mut files = Vec::new();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            stack.extend(entries.map(|entry| entry.expect("folder entry").path()));
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().into_owned();
        files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    files.sort();
    assert!(
        files.len() > 10,
        "tests/conformance/{dir} holds only {} files",
        files.len()
    );
    files
}
