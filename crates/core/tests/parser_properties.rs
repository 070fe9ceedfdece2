//! Property tests without extra crates: random and mutated inputs never panic, always round-trip, and keep
//! every span inside the text (the same checks as the cargo-fuzz target in `fuzz/`). Pathological inputs
//! parse in linear time.

#[path = "parser_support/invariants.rs"]
mod invariants;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The tests of this file run one at a time, so that the timing test is not slowed down by the others.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// xorshift64*: tiny, deterministic, good enough to shake a parser.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that matter to the grammar, to make random text interesting.
const PIECES: &[&str] = &[
    "FROM ",
    "RUN ",
    "COPY ",
    "ADD ",
    "ENV ",
    "LABEL ",
    "ARG ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "CMD ",
    "EXPOSE ",
    "\\\n",
    "\\",
    "`",
    "`\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "#",
    "# escape=`\n",
    "# syntax=x\n",
    "<<EOF",
    "<<-EOF",
    "<<'EOF'",
    "EOF\n",
    "\tEOF\n",
    "3<<E",
    "[",
    "]",
    "\"",
    "'",
    ",",
    "=",
    "--",
    "--mount=type=cache,target=/x ",
    "--from=a ",
    "$",
    "${",
    "}",
    "${A:-b}",
    "\0",
    "é",
    "𝄞",
    "\u{a0}",
    "\u{feff}",
    "{",
    ":",
    "AS ",
    "x",
    "1",
];

fn random_text(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(60) {
        if rng.below(4) == 0 {
            // Random code points, including controls and non-ASCII.
            let c = match rng.below(3) {
                0 => (rng.below(128) as u8) as char,
                1 => char::from_u32(rng.below(0x800) as u32).unwrap_or('?'),
                _ => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('¤'),
            };
            text.push(c);
        } else {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    text
}

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e == "Dockerfile") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    files.push(text);
                }
            }
        }
    }
    files.sort();
    files
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(8) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if !chars.is_empty() => {
                let end = (at + rng.below(20)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            2 if !chars.is_empty() => {
                // Duplicate a slice elsewhere.
                let start = rng.below(chars.len());
                let end = (start + rng.below(40)).min(chars.len());
                let copy: Vec<char> = chars[start..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => chars.insert(at, char::from_u32(rng.below(0x3000) as u32).unwrap_or('x')),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn random_text_never_panics_and_round_trips() {
    let _serial = serial();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..10_000 {
        invariants::check(&random_text(&mut rng));
    }
}

#[test]
fn random_bytes_never_panic() {
    let _serial = serial();
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let bytes: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
        invariants::check(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn mutated_corpus_never_panics_and_round_trips() {
    let _serial = serial();
    let corpus = corpus();
    assert!(corpus.len() > 500);
    let mut rng = Rng(7);
    for round in 0..6 {
        for text in &corpus {
            let mutated = mutate(&mut rng, text);
            invariants::check(&mutated);
            if round == 0 {
                invariants::check(text);
            }
        }
    }
}

/// Best of three: parse, and when asked build the model and walk every scope.
fn timed(text: &str, with_model: bool) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let tree = dflab_core::syntax::parse(text);
            if with_model {
                let model = dflab_core::model::build_model(&tree);
                std::hint::black_box(model.scope_table(&tree));
            }
            let elapsed = start.elapsed();
            assert_eq!(tree.print().len(), text.len());
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// Parse time of `make(n)` and `make(4n)`: about 4x for a linear parser, 16x for a quadratic one. The bound
/// is loose because debug builds on a shared machine are noisy.
fn assert_linear(name: &str, make: impl Fn(usize) -> String, n: usize) {
    assert_linear_with(name, make, n, false);
}

fn assert_linear_with(name: &str, make: impl Fn(usize) -> String, n: usize, with_model: bool) {
    let (small, large) = (make(n), make(4 * n));
    // Other processes can stall a measurement; a real quadratic blow-up fails every attempt.
    let mut ratios = Vec::new();
    for _ in 0..4 {
        let t1 = timed(&small, with_model).max(Duration::from_millis(1));
        let t2 = timed(&large, with_model);
        assert!(t2 < Duration::from_secs(30), "{name}: {t2:?}");
        let ratio = t2.as_secs_f64() / t1.as_secs_f64();
        if ratio < 10.0 {
            return;
        }
        ratios.push(ratio);
    }
    panic!("{name}: 4x the input took {ratios:.1?}x the time");
}

#[test]
fn pathological_inputs_parse_in_linear_time() {
    let _serial = serial();
    // Sizes are chosen so that even the small input is past the CPU caches: a cache-sized input parses
    // faster per byte, which would look like superlinear growth.
    assert_linear("long line", |n| format!("FROM a\nRUN {}\n", "x ".repeat(n)), 250_000);
    assert_linear(
        "long ENV line",
        |n| format!("FROM a\nENV {}\n", "k=v ".repeat(n)),
        25_000,
    );
    assert_linear(
        "long flags line",
        |n| format!("FROM a\nRUN {}x\n", "--mount=type=cache,target=/c ".repeat(n)),
        25_000,
    );
    assert_linear(
        "continuations",
        |n| format!("FROM a\nRUN a \\\n{}b\n", "  c \\\n".repeat(n)),
        25_000,
    );
    assert_linear(
        "heredocs",
        |n| format!("FROM a\n{}", "RUN <<EOF\nbody\nEOF\n".repeat(n)),
        2_500,
    );
    assert_linear(
        "markers on one line",
        |n| {
            let mut text = String::from("FROM a\nRUN cat");
            for i in 0..n {
                text.push_str(&format!(" <<E{i}"));
            }
            text.push('\n');
            for i in 0..n {
                text.push_str(&format!("E{i}\n"));
            }
            text
        },
        2_500,
    );
    assert_linear_with(
        "ENV chain",
        |n| {
            let mut text = String::from("FROM a\nENV V0=x\n");
            // Each value refers to the previous variable but stays short, so output size is linear.
            (1..n).for_each(|i| text.push_str(&format!("ENV V{i}=${{V{}:+y}}\n", i - 1)));
            text
        },
        2_000,
        true,
    );
    assert_linear_with(
        "many stages",
        |n| {
            let mut text = String::from("FROM a AS s0\n");
            (1..n).for_each(|i| text.push_str(&format!("FROM s{} AS s{i}\nCOPY --from=s0 a b\n", i - 1)));
            text
        },
        2_000,
        true,
    );
    assert_linear("nested JSON", |n| format!("FROM a\nCMD {}\n", "[".repeat(n)), 50_000);
    assert_linear("comments", |n| "# c\n".repeat(n) + "FROM a\n", 50_000);
    assert_linear(
        "unterminated quotes",
        |n| format!("FROM a\nRUN <<EOF {}\n", "\"'".repeat(n)),
        50_000,
    );
}
