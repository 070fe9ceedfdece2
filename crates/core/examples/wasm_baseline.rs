//! Baseline for `scripts/sizes/measure_tables.sh`: the same shape as `wasm_tables` without the
//! tables (it keeps `format!`, `String` and `Vec` so the std code both share is not counted).

use std::hint::black_box;

fn main() {
    let name: String = black_box(String::from("requests"));
    let words: Vec<String> = black_box(vec![format!("{name}[{}]", name.len())]);
    black_box((words, name.to_ascii_lowercase()));
}
