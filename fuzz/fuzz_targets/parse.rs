//! Fuzzes `dflab_core::syntax::parse` with the invariants the property tests check: no panic,
//! `print(parse(x)) == x`, items tiling the input, spans inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/core/tests/parser_support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    // The core takes Rust strings; invalid UTF-8 is the caller's problem, so only valid text is fed.
    if let Ok(text) = std::str::from_utf8(data) {
        invariants::check(text);
    }
});
