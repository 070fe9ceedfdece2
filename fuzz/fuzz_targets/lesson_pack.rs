//! Fuzzes the core's JSON reader through `LessonPack::from_json` (what the page and `dflab lesson` run on an
//! untrusted pack): any text is a pack or an error message with a position, never a panic or a hang.
#![no_main]

use dflab_core::json;
use dflab_core::lessons::LessonPack;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let read = LessonPack::from_json(text);
        if let Err(error) = json::parse(text) {
            assert!(error.position().0 >= 1);
            assert!(read.unwrap_err().starts_with("not valid JSON: "));
        }
    }
});
