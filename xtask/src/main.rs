//! Project tasks. The README's two commands:
//!
//! - `cargo xtask serve`: install what is missing, build the release bundle, serve it on 127.0.0.1:8080;
//! - `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! Both install missing tools idempotently and skip what is present, so a fresh machine with only Rust, Node,
//! Python and apt gets everything, and a set-up machine starts at once.

mod accuracy;
mod breaking;
mod budget;
mod docker;
mod packaging;
mod scaling;
mod tools;
mod verify;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
cargo xtask <task>

  serve     set up, build the release bundle and serve it on http://127.0.0.1:8080
  test      run every check: fmt, clippy (native + wasm32), native tests, the precision review, browser tests
            (wasm-bindgen-test),
            packaging (wheel, pre-commit, workflows), the scaling check, real builds, release build,
            end-to-end tests in headless Chromium (with the load budget at Slow 4G), and the bundle's sizes
  setup     only install missing tools (wasm32 target, trunk, wasm-bindgen-cli, npm packages, chromium,
            BuildKit's parser for Python)
  build     release bundle into dist/
  budget    print the gzip size of everything in dist/ (the load budget is an end-to-end test)
  core-size build the core alone as a wasm module (no UI) like the bundle and print its gzip size
  e2e       build, then run only the end-to-end tests
  docker    install and start a Docker engine (trixie's docker.io on this machine), build the stand-in base
            images, stop the engine
  scaling   count the instructions `analyze` executes per line at 4k and 32k lines (valgrind); fail when
            they grow more than 1.5×
  verify    build every case of tests/builds/ with `dflab verify --opt-in all` (--all: also with safe fixes
            only, and write docs/verification.md), then prove the build-breaking suite (tests/builds/breaking/:
            each Dockerfile fails as its `expect` says, each Dockerfile.fixed builds and runs)
  breaking  only the build-breaking suite
  precision check the precision review of real Dockerfiles (scripts/precision/review.py --check)
  packaging build the `dflab` wheel (maturin), install it into a fresh virtualenv and run it; run the
            pre-commit hooks with pre-commit; validate action.yml and the workflows against GitHub's schemas
";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "serve" => serve(),
        "test" => test_all(),
        "setup" => tools::ensure_all(tools::Need::Browser),
        "build" => tools::ensure_all(tools::Need::Build).and_then(|()| release_build()),
        "budget" => budget::check(&root().join("dist")),
        "core-size" => tools::ensure_all(tools::Need::Build).and_then(|()| budget::core_only()),
        "docker" => docker::start_with_base_images().map(drop),
        "scaling" => scaling::check(),
        "verify" => verify_builds(std::env::args().nth(2).as_deref() == Some("--all")),
        "breaking" => breaking_builds(),
        "packaging" => packaging::check(),
        "precision" => precision(),
        "e2e" => tools::ensure_all(tools::Need::Browser)
            .and_then(|()| release_build())
            .and_then(|()| e2e()),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask {task}: FAILED: {message}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

fn serve() -> Result {
    tools::ensure_all(tools::Need::Build)?;
    println!("\nServing the playground on http://127.0.0.1:8080 (Ctrl-C to stop)");
    run(tools::command("trunk").args([
        "serve",
        "--release",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
        "--no-autoreload",
    ]))
}

fn test_all() -> Result {
    tools::ensure_all(tools::Need::Browser)?;
    let cargo = || tools::command("cargo");
    step("format", cargo().args(["fmt", "--all", "--check"]))?;
    step(
        "clippy (native)",
        // With the web crate's build-time renderer (its `prerender` example), which scripts/post-build.mjs runs.
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            "dflab-web/prerender",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "clippy (wasm32)",
        cargo().args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "dflab-core",
            "-p",
            "dflab-web",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "native tests",
        cargo().args(["test", "--workspace", "--exclude", "dflab-web"]),
    )?;
    precision()?;
    // The web crate's own unit tests (reducers, pure helpers) are plain #[test]s, which the wasm test runner
    // below does not run; they need no browser.
    step(
        "web crate unit tests (native)",
        cargo().args(["test", "-p", "dflab-web", "--lib"]),
    )?;
    step(
        "browser tests (wasm-bindgen-test in headless Chromium)",
        cargo()
            .args(["test", "-p", "dflab-web", "--target", "wasm32-unknown-unknown"])
            .env("CHROMEDRIVER", tools::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .current_dir(root().join("crates/web")),
    )?;
    packaging::check()?;
    scaling::check()?;
    verify_builds(false)?;
    release_build()?;
    e2e()?;
    budget::check(&root().join("dist"))?;
    println!("\nAll checks passed.");
    Ok(())
}

/// The precision review (`docs/precision.md`): every sampled finding on the real files is judged, the
/// judgements are current, the findings fixed earlier stay gone, and precision is at least 0.98.
fn precision() -> Result {
    run(tools::command("cargo").args(["build", "--profile", "native", "-p", "dflab-cli"]))?;
    step(
        "precision review (scripts/precision/review.py --check)",
        tools::command("python3")
            .arg(root().join("scripts/precision/review.py"))
            .arg("--dflab")
            .arg(root().join("target/native/dflab"))
            .arg("--check"),
    )
}

/// Real builds: every case of `tests/builds/` verified by `dflab verify` on a local engine. `all` also runs
/// each case with safe fixes only and writes `docs/verification.md`.
fn verify_builds(all: bool) -> Result {
    println!("\n==> real builds (tests/builds/, dflab verify)");
    let started = Instant::now();
    run(tools::command("cargo").args(["build", "--profile", "native", "-p", "dflab-cli"]))?;
    let dflab = root().join("target/native/dflab");
    let engine = docker::start_with_base_images()?;
    let modes: &[&'static str] = if all { &["", "all"] } else { &["all"] };
    let outcomes = verify::run_all(&engine, &dflab, modes, 2)?;
    println!("\n==> the build-breaking suite (tests/builds/breaking/: each fails for real, its fix builds)");
    let breaking = breaking::run_all(&engine, 3)?;
    drop(engine);
    if all {
        verify::write_doc(&outcomes)?;
        accuracy::write_doc(&outcomes)?;
    }
    let accuracy = accuracy::check(&outcomes);
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed)
        .map(|o| {
            format!(
                "{} ({}): {}",
                o.case,
                if o.mode.is_empty() { "safe" } else { o.mode },
                o.message
            )
        })
        .chain(
            breaking
                .iter()
                .filter(|o| !o.passed)
                .map(|o| format!("breaking/{}: {}", o.case, o.message)),
        )
        .collect();
    let total = outcomes.len() + breaking.len();
    println!(
        "<== real builds: {} of {total} passed in {:.1}s ({} verified rewrites, {} breaking cases)",
        total - failed.len(),
        started.elapsed().as_secs_f64(),
        outcomes.len(),
        breaking.len()
    );
    if !failed.is_empty() {
        return Err(format!(
            "real builds: undeclared changes or broken builds:\n  {}",
            failed.join("\n  ")
        ));
    }
    accuracy
}

fn breaking_builds() -> Result {
    let engine = docker::start_with_base_images()?;
    let outcomes = breaking::run_all(&engine, 3)?;
    drop(engine);
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed)
        .map(|o| format!("{}: {}", o.case, o.message))
        .collect();
    println!(
        "<== breaking cases: {} of {} passed",
        outcomes.len() - failed.len(),
        outcomes.len()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("build-breaking suite:\n  {}", failed.join("\n  ")))
    }
}

fn release_build() -> Result {
    step(
        "release build (trunk, wasm-opt -Oz)",
        tools::command("trunk").args(["build", "--release"]),
    )
}

fn e2e() -> Result {
    // The documentation recipes' test builds real MkDocs and Sphinx sites with these.
    packaging::python_tools()?;
    step(
        "end-to-end tests (headless Chromium)",
        tools::command("node")
            .args(["--test", "--test-concurrency=1"])
            .args(e2e_test_files()?)
            .env("CHROMIUM", tools::CHROMIUM),
    )
}

/// Runs one named check, printing its name and duration.
fn step(name: &str, command: &mut Command) -> Result {
    println!("\n==> {name}");
    let started = Instant::now();
    let outcome = run(command);
    println!(
        "<== {name}: {} in {:.1}s",
        if outcome.is_ok() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    outcome.map_err(|e| format!("{name}: {e}"))
}

pub fn run(command: &mut Command) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} exited with {status}", command.get_program()))
    }
}

/// The end-to-end test files, `tests/e2e/*.test.mjs`, in name order.
fn e2e_test_files() -> Result<Vec<PathBuf>> {
    let dir = root().join("tests/e2e");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    Ok(files)
}
