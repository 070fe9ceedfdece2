//! `cargo xtask scaling`: the work `analyze` does per line must not grow with the file (issue #20).
//!
//! Each shape of `crates/core/examples/scaling_bench.rs` (one stage of ENV, COPY, RUN, comment or mixed
//! lines) is analysed at 4,000 and 32,000 lines under valgrind, which counts the instructions executed.
//! Unlike a timing, the count does not depend on the machine's load or caches, so the check can fail only
//! when the analysis itself does more work per line: it fails when a shape's instructions per line at
//! 32k exceed 1.5 times those at 4k (a scan of the stage per instruction makes that ratio about 8).

use crate::tools::{self, VALGRIND};
use crate::{root, run, Result};

const SHAPES: &[&str] = &["ENV", "COPY", "RUN", "comment", "mixed"];
const SMALL: usize = 4_000;
const LARGE: usize = 32_000;
const MOST_GROWTH: f64 = 1.5;

pub fn check() -> Result {
    println!("\n==> scaling: instructions per line of `analyze`, {SMALL} and {LARGE} lines (valgrind)");
    tools::ensure_valgrind()?;
    run(tools::command("cargo").args([
        "build",
        "--profile",
        "native",
        "-p",
        "dflab-core",
        "--example",
        "scaling_bench",
    ]))?;
    let bench = root().join("target/native/examples/scaling_bench");
    let mut too_much = Vec::new();
    println!("| shape | per line at {SMALL} | per line at {LARGE} | growth |");
    println!("|---|---:|---:|---:|");
    for shape in SHAPES {
        let started = std::time::Instant::now();
        let small = instructions(&bench, shape, SMALL, None)? as f64 / SMALL as f64;
        // A quadratic regression would keep valgrind busy for many minutes: give up on the large run once it
        // has taken far longer than linear growth allows, and say so.
        let patience = (started.elapsed() * 20).max(std::time::Duration::from_secs(60));
        let large = instructions(&bench, shape, LARGE, Some(patience))? as f64 / LARGE as f64;
        let growth = large / small;
        println!("| {shape} | {small:.0} | {large:.0} | {growth:.2}× |");
        if growth > MOST_GROWTH {
            too_much.push(format!("{shape}: {growth:.2}×"));
        }
    }
    if too_much.is_empty() {
        println!("<== scaling: ok (each at most {MOST_GROWTH}×)");
        Ok(())
    } else {
        Err(format!(
            "scaling: the work per line grows with the file (at most {MOST_GROWTH}× allowed): {}",
            too_much.join(", ")
        ))
    }
}

/// Instructions executed by one analysis of a generated file, as valgrind counts them; an error when it
/// runs longer than `patience`.
fn instructions(
    bench: &std::path::Path,
    shape: &str,
    lines: usize,
    patience: Option<std::time::Duration>,
) -> Result<u64> {
    let mut child = tools::command(VALGRIND)
        .args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"])
        .arg(bench)
        .args(["--once", shape, &lines.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("valgrind: {e}"))?;
    let started = std::time::Instant::now();
    while child.try_wait().map_err(|e| format!("valgrind: {e}"))?.is_none() {
        if patience.is_some_and(|patience| started.elapsed() > patience) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "scaling: {shape} × {lines} ran over {:.0} s under valgrind, far beyond linear growth from the \
                 smaller file: the analysis is superlinear",
                started.elapsed().as_secs_f64()
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let output = child.wait_with_output().map_err(|e| format!("valgrind: {e}"))?;
    let report = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("valgrind on {shape} × {lines} failed:\n{report}"));
    }
    report
        .lines()
        .find_map(|line| line.split("I   refs:").nth(1))
        .map(|count| count.trim().replace(',', ""))
        .and_then(|count| count.parse().ok())
        .ok_or_else(|| format!("valgrind printed no instruction count for {shape} × {lines}:\n{report}"))
}
