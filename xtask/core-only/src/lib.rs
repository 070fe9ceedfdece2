//! `dflab_core` in a wasm module of its own, without the UI, wasm-bindgen or the browser: `cargo xtask
//! core-size` builds it like the bundle (release profile, `wasm-opt -Oz`) and prints its gzip size, the part of
//! the size budget that no UI work can remove (`docs/size-budget.md`).
//!
//! Everything the page uses from the core stays reachable from the one export: `analyze` of a text the host
//! passes in, with its whole result serialized (so no field's code is dropped as dead), every rule's
//! explanation (the catalog), and reading and checking a lesson pack (the lesson view).

use dflab_core::lessons::LessonPack;
use dflab_core::{analyze, Options};

/// Memory for the host to write the text into.
#[no_mangle]
pub extern "C" fn probe_alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len);
    let pointer = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    pointer
}

/// Analyses the text at `pointer` (`len` bytes of UTF-8) as a Dockerfile and, if it reads as a lesson pack,
/// checks each lesson's start; returns a number derived from all of the output so that none of it is dead code.
///
/// # Safety
/// `pointer` must point to `len` initialized bytes (written after [`probe_alloc`]).
#[no_mangle]
pub unsafe extern "C" fn probe_run(pointer: *const u8, len: usize) -> usize {
    // SAFETY: the caller guarantees `len` initialized bytes at `pointer`.
    let bytes = unsafe { std::slice::from_raw_parts(pointer, len) };
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let catalog: usize = dflab_core::rules::ALL
        .iter()
        .map(|rule| {
            let e = &rule.explanation;
            rule.code.len()
                + rule.name.len()
                + e.summary.len()
                + e.why.len()
                + e.bad.len()
                + e.good.len()
                + e.source.len()
        })
        .sum();
    let serialized = |analysis: &dflab_core::Analysis| postcard::to_allocvec(analysis).map_or(0, |bytes| bytes.len());
    let mut total = catalog + serialized(&analyze(text, &Options::default()));
    match LessonPack::from_json(text) {
        Ok(pack) => {
            for lesson in &pack.lessons {
                let (analysis, report) = lesson.check(&lesson.start, &lesson.context);
                total += serialized(&analysis) + usize::from(report.passed);
            }
        }
        Err(message) => total += message.len(),
    }
    total
}
