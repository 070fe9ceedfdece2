//! Analysis time per file: the whole `analyze` (parse, rules, rewrite to a fixpoint, layers before and
//! after), natively. Run: `cargo run --profile native -p dflab-core --example analyze_bench`.
//!
//! Prints the median and worst time per corpus file, and the time for a realistic 300-line Dockerfile
//! (the goal: under 1 ms natively; hadolint takes 30-60 ms per file).

use std::path::Path;
use std::time::Instant;

use dflab_core::model::Model;
use dflab_core::{analyze, layers, rewrite, rules, syntax, Options};

fn corpus() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            if path.is_dir() {
                walk(&path, out);
            } else if name != "result" && !name.ends_with(".jsonl") && !name.ends_with(".md") {
                out.push(String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned());
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance"),
        &mut files,
    );
    files
}

/// A 300-line multi-stage Python Dockerfile with the usual mistakes, built from realistic blocks.
pub fn three_hundred_lines() -> String {
    realistic_lines(300)
}

/// About `lines` lines of the same realistic blocks.
pub fn realistic_lines(lines: usize) -> String {
    let block = "\
# --- service {n} ---
FROM python:3.11 AS build{n}
WORKDIR /app
COPY . .
RUN apt-get update
RUN apt-get install -y build-essential libpq-dev curl \\
    git wget
RUN pip install -r requirements.txt
RUN pip install flask gunicorn psycopg2-binary
ENV FLASK_APP=app.py
RUN useradd -m app && chown -R app /app
EXPOSE 5000
CMD gunicorn -b 0.0.0.0:5000 app:app

";
    let mut text = String::new();
    let mut n = 0;
    while text.lines().count() < lines {
        text.push_str(&block.replace("{n}", &n.to_string()));
        n += 1;
    }
    text
}

fn time_per_call(source: &str, options: &Options, rounds: usize) -> f64 {
    let started = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(analyze(std::hint::black_box(source), options));
    }
    started.elapsed().as_secs_f64() * 1000.0 / rounds as f64
}

fn main() {
    let options = Options::default();
    let files = corpus();
    let mut times: Vec<f64> = files.iter().map(|source| time_per_call(source, &options, 5)).collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    let worst = times[times.len() - 1];
    println!(
        "corpus: {} files; analyze per file: median {median:.3} ms, p95 {p95:.3} ms, worst {worst:.3} ms",
        files.len()
    );
    let big = three_hundred_lines();
    let ms = time_per_call(&big, &options, 50);
    let findings = analyze(&big, &options).findings.len();
    println!(
        "300-line Dockerfile ({} lines, {findings} findings): {ms:.3} ms per analyze",
        big.lines().count()
    );
    let all = Options {
        opt_in: vec!["all".into()],
        ..Options::default()
    };
    println!("  with every opt-in fix: {:.3} ms", time_per_call(&big, &all, 50));
    stages(&big, &options);
    // Cost per line as the file grows: flat when every rule is linear, rising when one is not (a rule that
    // looked at every earlier RUN for each RUN once made 2,000 lines take 2.7 times the instructions).
    println!("scaling (the same blocks repeated):");
    for lines in [300, 1000, 2000, 4000] {
        let text = realistic_lines(lines);
        let ms = time_per_call(&text, &options, 10);
        println!(
            "  {lines:>5} lines: {ms:8.3} ms per analyze, {:.2} µs per line",
            ms * 1000.0 / lines as f64
        );
    }
}

/// Where the time of one `analyze` goes.
fn stages(source: &str, options: &Options) {
    let time = |label: &str, f: &mut dyn FnMut()| {
        let started = Instant::now();
        for _ in 0..50 {
            f();
        }
        println!(
            "  {label:<28} {:.3} ms",
            started.elapsed().as_secs_f64() * 1000.0 / 50.0
        );
    };
    let tree = syntax::parse(source);
    let model = Model::new(&tree, options);
    let checked = rules::run(&model, options);
    println!("  breakdown:");
    time("parse", &mut || drop(std::hint::black_box(syntax::parse(source))));
    time("build model (stages, scopes)", &mut || {
        drop(std::hint::black_box(dflab_core::model::build_model(&tree)))
    });
    time("whole model (+ shell scripts)", &mut || {
        drop(std::hint::black_box(Model::new(&tree, options)))
    });
    time("rules (check)", &mut || {
        drop(std::hint::black_box(rules::run(&model, options)))
    });
    time("rewrite (to a fixpoint)", &mut || {
        let offers = rules::offers(&checked);
        drop(std::hint::black_box(rewrite::rewrite(
            &model,
            &offers,
            &rules::RuleFixes { options, withheld: &[] },
        )))
    });
    time("layers (one estimate)", &mut || {
        drop(std::hint::black_box(layers::estimate(&model)))
    });
    let mut slow: Vec<(f64, &str)> = rules::ALL
        .iter()
        .map(|rule| {
            let started = Instant::now();
            for _ in 0..20 {
                let mut hits = Vec::new();
                (rule.check)(&model, &mut hits);
            }
            (started.elapsed().as_secs_f64() * 1000.0 / 20.0, rule.code)
        })
        .collect();
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<String> = slow
        .iter()
        .take(5)
        .map(|(ms, code)| format!("{code} {ms:.3} ms"))
        .collect();
    println!("  slowest rules: {}", top.join(", "));
}
