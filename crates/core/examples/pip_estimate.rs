//! Prints the size tables' estimate for `pip install <requirements>` as JSON (bytes), so
//! `scripts/accuracy/pip_accuracy.py` measures the real lookup code.
//!
//!     cargo run -q -p dflab-core --example pip_estimate -- flask "psycopg[binary]"

use dflab_core::layers::tables::{pip_basis, pip_estimate, SizeEstimate};

fn range(e: &SizeEstimate) -> serde_json::Value {
    serde_json::json!({ "low": e.low, "high": e.high })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let requirements: Vec<&str> = args.iter().map(String::as_str).collect();
    let e = pip_estimate(&requirements);
    let (python, platform, measured) = pip_basis().expect("the embedded knowledge pack");
    let out = serde_json::json!({
        "requirements": requirements,
        "install": range(&e.install),
        "bytecode": range(&e.bytecode),
        "cache": range(&e.cache),
        "unknown": e.install.unknown_packages,
        "distributions": e.distributions,
        "basis": { "python": python, "platform": platform, "measured": measured },
    });
    println!("{out}");
}
