//! JSON shapes that make naive readers slow or deep: the test `hostile_input_gets_serde_jsons_verdict` checks
//! the verdicts on them, the example `json_bench` times them.

pub type Make = fn(usize) -> String;

/// Shapes that make naive JSON readers slow or deep, at about `n` bytes.
pub const HOSTILE_SHAPES: [(&str, Make); 7] = [
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
