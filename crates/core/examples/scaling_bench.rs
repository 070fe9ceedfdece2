//! How `analyze` grows with the length of one stage: time and peak heap per line, for generated files of
//! 1k to 100k lines of `ENV`, `COPY`, `RUN`, comments, and a mix of them.
//! Run: `cargo run --profile native -p dflab-core --example scaling_bench [-- MAX_LINES]`.
//! `-- --once SHAPE LINES` analyses one generated file and prints nothing: `cargo xtask scaling` counts its
//! instructions under valgrind, a measure of the work done that the machine's caches and load cannot blur.
//!
//! The goal (issue #20) is a flat per-line cost: time per line at 32k lines at most 1.5× that at 4k, and
//! peak memory in proportion to the input. The heap is measured by a counting allocator around the
//! system one, so the numbers are the analysis's own, not the process's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use dflab_core::{analyze, Options};

/// The system allocator, counting the bytes live now and the most live at once since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = System.alloc(layout);
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        System.dealloc(pointer, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = System.realloc(pointer, layout, new_size);
        if !moved.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One generated line, from its number.
type LineShape = fn(usize) -> String;

/// The line shapes measured.
const SHAPES: &[(&str, LineShape)] = &[
    ("ENV", |i| format!("ENV VAR_{i}=value_{i}")),
    ("COPY", |i| format!("COPY file_{i} /app/file_{i}")),
    ("RUN", |i| {
        format!("RUN echo {i} > /tmp/file_{i} && rm -rf /tmp/old_{i}")
    }),
    ("comment", |i| format!("# note {i}: nothing to do")),
    ("mixed", |i| match i % 6 {
        0 => format!("ENV VAR_{i}=$VAR_{}", i.saturating_sub(6)),
        1 => format!("COPY file_{i} /app/file_{i}"),
        2 => format!("RUN pip install package-{i} && rm -rf /app/file_{}", i - 1),
        3 => format!("ARG BUILD_{i}=1"),
        4 => format!("# step {i}"),
        _ => format!("WORKDIR /app/dir_{i}"),
    }),
];

fn file(shape: LineShape, lines: usize) -> String {
    let mut text = String::from("FROM python:3.12-slim\n");
    for i in 0..lines {
        text.push_str(&shape(i));
        text.push('\n');
    }
    text
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, shape, lines] = args.as_slice() {
        if flag == "--once" {
            let shape = SHAPES
                .iter()
                .find(|(name, _)| name == shape)
                .unwrap_or_else(|| panic!("no shape {shape}"));
            let lines = lines.parse().expect("LINES must be a number");
            std::hint::black_box(analyze(&file(shape.1, lines), &Options::default()));
            return;
        }
    }
    let max_lines: usize = std::env::args()
        .nth(1)
        .map(|arg| arg.parse().expect("MAX_LINES must be a number"))
        .unwrap_or(100_000);
    let sizes: Vec<usize> = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 100_000]
        .into_iter()
        .filter(|&n| n <= max_lines)
        .collect();
    println!("| shape | lines | time | µs per line | peak heap | heap per line | input |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut worst_ratio: f64 = 0.0;
    for (name, shape) in SHAPES {
        let mut per_line_at = std::collections::BTreeMap::new();
        for &lines in &sizes {
            let text = file(*shape, lines);
            // The fastest of a few runs: the machine's noise only ever adds time.
            let runs = if lines <= 32_000 { 3 } else { 1 };
            let (mut elapsed, mut peak) = (std::time::Duration::MAX, 0);
            for _ in 0..runs {
                let before = LIVE.load(Ordering::Relaxed);
                PEAK.store(before, Ordering::Relaxed);
                let start = Instant::now();
                let analysis = analyze(&text, &Options::default());
                elapsed = elapsed.min(start.elapsed());
                peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
                drop(analysis);
            }
            let micros_per_line = elapsed.as_secs_f64() * 1e6 / lines as f64;
            per_line_at.insert(lines, micros_per_line);
            println!(
                "| {name} | {lines} | {:.2} s | {micros_per_line:.1} | {:.1} MB | {:.2} KB | {:.2} MB |",
                elapsed.as_secs_f64(),
                peak as f64 / 1e6,
                peak as f64 / lines as f64 / 1e3,
                text.len() as f64 / 1e6,
            );
        }
        if let (Some(small), Some(large)) = (per_line_at.get(&4_000), per_line_at.get(&32_000)) {
            let ratio = large / small;
            worst_ratio = worst_ratio.max(ratio);
            println!("| {name} | 32k ÷ 4k per line | {ratio:.2}× | | | | |");
        }
    }
    println!();
    println!("worst per-line time ratio, 32k lines against 4k: {worst_ratio:.2}× (goal ≤ 1.5×)");
}
