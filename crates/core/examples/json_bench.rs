//! The JSON and lesson-pack readers on hostile shapes at n and 16 n bytes: time should grow 16-fold, not
//! 256-fold (the test `hostile_input_gets_serde_jsons_verdict` checks the verdicts on the same shapes).
//!
//!     cargo run --profile native -p dflab-core --example json_bench

use std::time::{Duration, Instant};

use dflab_core::json;
use dflab_core::lessons::LessonPack;

type Make = fn(usize) -> String;

const SHAPES: [(&str, Make); 7] = [
    ("nesting", |n| "[".repeat(n)),
    ("keys", |n| format!("{{{}\"k\": 0}}", "\"k\": 0, ".repeat(n / 8))),
    ("escapes", |n| format!("\"{}\"", "\\ud83d\\ude00\\n".repeat(n / 14))),
    ("long fraction", |n| format!("[0.{}1]", "0".repeat(n))),
    ("one line", |n| format!("[{}1]", "1, ".repeat(n / 3))),
    ("unknown field at the end", |n| {
        format!("{{\"title\": \"{}\", \"zzz\": 1}}", "x".repeat(n))
    }),
    ("error far down one line", |n| {
        format!("[{}1,]", "\"é\", ".repeat(n / 6))
    }),
];

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
