//! Parser benchmark: throughput on the conformance corpus and times for pathological inputs, each also
//! at double size to show linear scaling.
//!
//!     cargo run --profile native -p dflab-core --example parse_bench

use std::path::Path;
use std::time::{Duration, Instant};

use dflab_core::syntax;

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("tests/conformance exists") {
            let path = entry.expect("readable").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e == "Dockerfile") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    files.push(text);
                }
            }
        }
    }
    files
}

/// Best of a few runs, to keep noise from other processes out.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn parse_once(text: &str) -> Duration {
    let start = Instant::now();
    let tree = syntax::parse(text);
    let elapsed = start.elapsed();
    assert_eq!(tree.source.len(), text.len());
    std::hint::black_box(&tree);
    elapsed
}

/// Runs both sizes alternately and keeps the best time of each, so that load from other processes hits
/// both alike.
fn case(name: &str, make: impl Fn(usize) -> String, n: usize) {
    let (one, two) = (make(n), make(2 * n));
    let (mut t1, mut t2) = (Duration::MAX, Duration::MAX);
    for _ in 0..15 {
        t1 = t1.min(parse_once(&one));
        t2 = t2.min(parse_once(&two));
    }
    println!(
        "{name:<34} {:>8.2} MB {:>9.2} ms   x2 input: {:>9.2} ms   ratio {:.2}",
        one.len() as f64 / 1e6,
        t1.as_secs_f64() * 1e3,
        t2.as_secs_f64() * 1e3,
        t2.as_secs_f64() / t1.as_secs_f64()
    );
}

fn main() {
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average: {}",
            load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
        );
    }
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let rounds = 20;
    let time = best(5, || {
        for _ in 0..rounds {
            for file in &files {
                std::hint::black_box(syntax::parse(file));
            }
        }
    });
    println!(
        "corpus: {} files, {:.2} MB per round, {rounds} rounds: {:.1} MB/s",
        files.len(),
        bytes as f64 / 1e6,
        (bytes * rounds) as f64 / 1e6 / time.as_secs_f64()
    );
    let model_time = best(5, || {
        for file in &files {
            let tree = syntax::parse(file);
            std::hint::black_box(dflab_core::model::build_model(&tree));
        }
    });
    println!(
        "corpus with build model: {:.1} MB/s",
        bytes as f64 / 1e6 / model_time.as_secs_f64()
    );
    case(
        "1 MB line (RUN x x x ...)",
        |n| format!("FROM a\nRUN {}\n", "x ".repeat(n / 2)),
        1 << 20,
    );
    case(
        "1 MB ENV line (k=v ...)",
        |n| format!("FROM a\nENV {}\n", "k=v ".repeat(n / 4)),
        1 << 20,
    );
    case(
        "100k continuation lines",
        |n| format!("FROM a\nRUN a \\\n{}b\n", "  c \\\n".repeat(n)),
        100_000,
    );
    case(
        "10k heredocs (RUN <<EOF)",
        |n| format!("FROM a\n{}", "RUN <<EOF\necho body\nEOF\n".repeat(n)),
        10_000,
    );
    case(
        "10k heredoc markers on one line",
        |n| {
            let mut text = String::from("FROM a\nRUN cat");
            (0..n).for_each(|i| text.push_str(&format!(" <<E{i}")));
            text.push('\n');
            (0..n).for_each(|i| text.push_str(&format!("body\nE{i}\n")));
            text
        },
        10_000,
    );
    case(
        "100k instructions",
        |n| format!("FROM a\n{}", "RUN echo hi\n".repeat(n)),
        100_000,
    );
}
