//! Linear-time check of the shell parser: parses inputs of n and 2n bytes of several shapes and prints
//! the time ratio (about 2.0 means linear). Run with
//! `cargo run -p dflab-core --release --example shell_bench`.

use std::time::{Duration, Instant};

use dflab_core::shell::{parse, parse_cost, parse_with, ParseOptions};

fn time(text: &str, options: ParseOptions) -> Duration {
    // Best of 5, to keep noise out of the ratio.
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let script = parse_with(text, 0, options);
            std::hint::black_box(script.commands().len());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

type Shape<'a> = (&'a str, Box<dyn Fn(usize) -> String>, ParseOptions);

fn main() {
    let n = 1 << 20;
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    let junk: Vec<u8> = (0..4 * n).map(|_| xorshift(&mut seed) as u8).collect();
    let shapes: Vec<Shape> = vec![
        (
            "realistic RUN",
            Box::new(|len| {
                "set -eux; apt-get update && apt-get install -y --no-install-recommends curl=7.88 git \\\n  \"$(dpkg --print-architecture)\" | sh; rm -rf /var/lib/apt/lists/*; \\\n"
                    .repeat(len / 130 + 1)
            }),
            ParseOptions::default(),
        ),
        (
            "pipeline a|a|...",
            Box::new(|len| "a|".repeat(len / 2)),
            ParseOptions::default(),
        ),
        (
            "curl x | curl x | ...",
            Box::new(|len| "curl x | ".repeat(len / 9)),
            ParseOptions::default(),
        ),
        (
            "eval \"$(curl x)\" ...",
            Box::new(|len| format!("eval {}", "\"$(curl x)\" ".repeat(len / 12))),
            ParseOptions::default(),
        ),
        (
            "unterminated quote",
            Box::new(|len| format!("echo '{}", "x".repeat(len))),
            ParseOptions::default(),
        ),
        ("backslashes", Box::new(|len| "\\".repeat(len)), ParseOptions::default()),
        (
            "backslash-blank",
            Box::new(|len| "\\ ".repeat(len / 2)),
            ParseOptions::default(),
        ),
        (
            "deep $( nesting",
            Box::new(|len| "$(".repeat(len / 2)),
            ParseOptions::default(),
        ),
        (
            "deep ${ nesting",
            Box::new(|len| "${".repeat(len / 2)),
            ParseOptions::default(),
        ),
        (
            "if/for soup",
            Box::new(|len| "if a; then for i in 1; do ".repeat(len / 26)),
            ParseOptions::default(),
        ),
        (
            "heredocs (shell mode)",
            Box::new(|len| "cat <<EOF\nbody line\nEOF\n".repeat(len / 24)),
            ParseOptions::shell(),
        ),
        (
            "random bytes",
            Box::new(move |len| String::from_utf8_lossy(&junk[..len.min(junk.len())]).into_owned()),
            ParseOptions::default(),
        ),
    ];
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7} {:>11}",
        "shape", "1 MiB", "2 MiB", "4 MiB", "2n/n", "4n/2n", "MiB/s", "reads 2n/n"
    );
    for (name, make, options) in &shapes {
        let (a, b, c) = (make(n), make(2 * n), make(4 * n));
        let (ta, tb, tc) = (time(&a, *options), time(&b, *options), time(&c, *options));
        let ms = |t: Duration| t.as_secs_f64() * 1e3;
        println!(
            "{:<22} {:>7.1}ms {:>7.1}ms {:>7.1}ms {:>7.2} {:>7.2} {:>7.1} {:>11.3}",
            name,
            ms(ta),
            ms(tb),
            ms(tc),
            tb.as_secs_f64() / ta.as_secs_f64().max(1e-9),
            tc.as_secs_f64() / tb.as_secs_f64().max(1e-9),
            c.len() as f64 / (1 << 20) as f64 / tc.as_secs_f64().max(1e-9),
            parse_cost(&b, *options) as f64 / parse_cost(&a, *options).max(1) as f64
        );
    }
    // The deepest nesting fits in a small stack (wasm32's default is 1 MiB).
    let deep = "$(\"${".repeat(100_000);
    let ok = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || parse(&deep, 0).commands().len())
        .map(|h| h.join().is_ok())
        .unwrap_or(false);
    println!(
        "deep nesting in a 256 KiB stack: {}",
        if ok { "ok" } else { "overflow" }
    );
}
