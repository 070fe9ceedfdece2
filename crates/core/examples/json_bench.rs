//! The JSON and lesson-pack readers on hostile shapes at n and 16 n bytes: time should grow 16-fold, not
//! 256-fold (the test `hostile_input_gets_serde_jsons_verdict` checks the verdicts on the same shapes).
//!
//!     cargo run --profile native -p dflab-core --example json_bench

use std::time::{Duration, Instant};

use dflab_core::json;
use dflab_core::lessons::LessonPack;

#[path = "../tests/json_support/hostile.rs"]
mod hostile;
use hostile::HOSTILE_SHAPES as SHAPES;
/// Best of five runs, to keep noise from other processes out.
fn best(text: &str) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let _ = std::hint::black_box(LessonPack::from_json(text));
            let _ = std::hint::black_box(json::parse(text));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    println!("{:<26} {:>12} {:>12} {:>7}", "shape", "100 KB", "1.6 MB", "ratio");
    for (name, make) in SHAPES {
        let small = best(&make(100_000));
        let large = best(&make(1_600_000));
        println!(
            "{name:<26} {small:>12.2?} {large:>12.2?} {:>7.1}",
            large.as_secs_f64() / small.as_secs_f64().max(1e-9)
        );
    }
}
