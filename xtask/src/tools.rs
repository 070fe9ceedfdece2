//! Installs the tools the build and the tests need, each only when missing or at the wrong version.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, run, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Enough to build the release bundle.
    Build,
    /// Also a browser and its driver, for the tests.
    Browser,
}

pub fn ensure_all(need: Need) -> Result {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_npm_packages()?;
    if need >= Need::Browser {
        ensure_buildkit_parser()?;
        ensure_chromium()?;
        ensure_valgrind()?;
    }
    Ok(())
}

/// A command with `node_modules/.bin` (wasm-opt from npm binaryen) and cargo's bin dir first on PATH, so trunk
/// finds the pinned tools instead of downloading them.
pub fn command(program: &str) -> Command {
    let mut paths = vec![root().join("node_modules/.bin"), cargo_bin()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let mut command = Command::new(program);
    command
        .current_dir(root())
        .env("PATH", std::env::join_paths(paths).expect("paths have no separators"));
    command
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// First line of `program --version`, or `None` when the program is missing.
fn version_of(program: &str) -> Option<String> {
    let output = command(program).arg("--version").output().ok()?;
    output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    })
}

fn ensure_wasm_target() -> Result {
    let output = command("rustup").args(["target", "list", "--installed"]).output();
    if output.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l.trim() == "wasm32-unknown-unknown")
    }) {
        return Ok(());
    }
    println!("setup: adding the wasm32-unknown-unknown target");
    run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_trunk() -> Result {
    if version_of("trunk").is_some_and(|v| v.split_whitespace().nth(1) == Some(TRUNK_VERSION)) {
        return Ok(());
    }
    println!("setup: installing trunk {TRUNK_VERSION} (about 10 minutes, once)");
    // Without LTO and with parallel codegen trunk builds twice as fast; its speed does not matter to us.
    run(command("cargo")
        .args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"])
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))
}

/// wasm-bindgen-cli must equal the `wasm-bindgen` crate version in Cargo.lock, or the bindings do not match.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn ensure_wasm_bindgen() -> Result {
    let version = locked_wasm_bindgen_version()?;
    let have = |program| version_of(program).is_some_and(|v| v.split_whitespace().nth(1) == Some(version.as_str()));
    if have("wasm-bindgen") && have("wasm-bindgen-test-runner") {
        return Ok(());
    }
    println!("setup: installing wasm-bindgen-cli {version} (about 4 minutes, once)");
    run(command("cargo").args(["install", "wasm-bindgen-cli", "--version", &version, "--force"]))
}

fn ensure_npm_packages() -> Result {
    let root = root();
    let installed = root.join("node_modules/.package-lock.json");
    let fresh = |a: &PathBuf, b: &PathBuf| {
        let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        matches!((modified(a), modified(b)), (Some(a), Some(b)) if a >= b)
    };
    if fresh(&installed, &root.join("package-lock.json")) {
        return Ok(());
    }
    println!("setup: installing npm packages (binaryen for wasm-opt, esbuild, playwright-core)");
    run(command("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// BuildKit's own parser (PyPI `dockerfile`, Go code in a wheel): the tests check rewrites against it.
pub const BUILDKIT_PARSER: &str = "dockerfile==3.4.0";

fn ensure_buildkit_parser() -> Result {
    if command("python3")
        .args(["-c", "import dockerfile"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Ok(());
    }
    println!("setup: installing BuildKit's parser for Python ({BUILDKIT_PARSER})");
    run(command("python3").args(["-m", "pip", "install", "--quiet", BUILDKIT_PARSER]))
}

fn ensure_chromium() -> Result {
    ensure_apt_packages(&[CHROMIUM, CHROMEDRIVER], &["chromium", "chromium-driver"])
}

/// valgrind counts the instructions of an analysis for `cargo xtask scaling`.
pub fn ensure_valgrind() -> Result {
    ensure_apt_packages(&[VALGRIND], &["valgrind"])
}

pub const VALGRIND: &str = "/usr/bin/valgrind";

/// Installs Debian `packages` unless every file of `provides` is there already.
fn ensure_apt_packages(provides: &[&str], packages: &[&str]) -> Result {
    if provides.iter().all(|p| std::path::Path::new(p).exists()) {
        return Ok(());
    }
    println!("setup: installing Debian's {}", packages.join(", "));
    let as_root = |args: &[&str]| {
        let is_root = command("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0"));
        let mut command = if is_root { command(args[0]) } else { command("sudo") };
        if !is_root {
            command.arg(args[0]);
        }
        command.args(&args[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    run(&mut as_root(&["apt-get", "update"]))?;
    let mut install = vec!["apt-get", "install", "-y", "--no-install-recommends"];
    install.extend(packages);
    run(&mut as_root(&install))
}
