//! What the image model (issue #15) adds to `analyze` at 300 lines: the time to build the model of the
//! image at every instruction, and the time of the rules that ask it, against a whole analysis.
//! Run: `cargo run --profile native -p dflab-core --example image_model_bench`.
//!
//! The input is the Dockerfiles of `tests/builds/` and `tests/builds/breaking/` (real projects and the
//! build-breaking suite), concatenated stage after stage until 300 lines. The goal is at most 30 %.

use std::path::Path;
use std::time::{Duration, Instant};

use dflab_core::model::image::ImageModel;
use dflab_core::model::Model;
use dflab_core::{analyze, syntax, Options};

const LINES: usize = 300;
const ROUNDS: usize = 400;
/// The rules that query the image model.
const IMAGE_RULES: [&str; 5] = ["C044", "C045", "P024", "Y020", "Y021"];

fn dockerfiles(dir: &Path) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path().join("Dockerfile"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut f: impl FnMut()) -> Duration {
    for _ in 0..20 {
        f();
    }
    median(
        (0..ROUNDS)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect(),
    )
}

fn main() {
    // The tables are parsed from their embedded text on first use: once per process (or page).
    let started = Instant::now();
    std::hint::black_box(dflab_core::knowledge::images::known_image("python:3.12-slim"));
    let first_use = started.elapsed();
    let builds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/builds");
    let mut text = String::new();
    for file in dockerfiles(&builds)
        .into_iter()
        .chain(dockerfiles(&builds.join("breaking")))
    {
        if text.lines().count() >= LINES {
            break;
        }
        text.push_str(&file);
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    let lines = text.lines().count();
    let options = Options::default();
    let without_image_rules = Options {
        ignore: IMAGE_RULES.iter().map(|r| r.to_string()).collect(),
        ..Options::default()
    };
    let tree = syntax::parse(&text);
    let whole = time(|| {
        std::hint::black_box(analyze(&text, &options));
    });
    let without = time(|| {
        std::hint::black_box(analyze(&text, &without_image_rules));
    });
    let model = Model::new(&tree, &options);
    let image = time(|| {
        std::hint::black_box(ImageModel::new(&model));
    });
    let percent = |part: Duration, of: Duration| 100.0 * part.as_secs_f64() / of.as_secs_f64();
    println!("input: {lines} lines, {} stages", text.matches("FROM ").count());
    println!(
        "base-image tables, parsed once:    {:>8.1} µs",
        first_use.as_secs_f64() * 1e6
    );
    println!(
        "analyze, every rule:               {:>8.1} µs",
        whole.as_secs_f64() * 1e6
    );
    println!(
        "analyze without the image rules:   {:>8.1} µs",
        without.as_secs_f64() * 1e6
    );
    println!(
        "image model alone:                 {:>8.1} µs ({:.1} % of the analysis without it)",
        image.as_secs_f64() * 1e6,
        percent(image, without)
    );
    let added = whole.as_secs_f64() - without.as_secs_f64();
    println!(
        "model + its rules add:             {:>8.1} µs ({:+.1} %; goal at most 30 %; below the noise when negative)",
        added * 1e6,
        100.0 * added / without.as_secs_f64()
    );
}
