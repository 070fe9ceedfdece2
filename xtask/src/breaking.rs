//! The build-breaking suite (`tests/builds/breaking/`): each case's `Dockerfile` must really fail the way its
//! `expect` file says (`fails: build`, `start` or `health`) and its `Dockerfile.fixed` must really build and
//! run, on the engine of [`crate::docker`]. That the analysis reports the error on the breaking line is
//! checked without Docker by `crates/core/tests/breaking_builds.rs`; this proves the cases themselves.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::docker::Engine;
use crate::{root, Result};

/// How a case's Dockerfile fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fails {
    Build,
    /// Builds, but the container exits with an error (or cannot be created) at start.
    Start,
    /// Builds and starts, but its HEALTHCHECK never passes.
    Health,
}

pub struct Outcome {
    pub case: String,
    pub passed: bool,
    pub message: String,
}

fn cases() -> Result<Vec<PathBuf>> {
    let dir = root().join("tests/builds/breaking");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("Dockerfile").is_file())
        .collect();
    cases.sort();
    Ok(cases)
}

fn fails(case: &Path) -> Result<Fails> {
    let expect = std::fs::read_to_string(case.join("expect")).map_err(|e| format!("{}/expect: {e}", case.display()))?;
    let kind = expect
        .lines()
        .find_map(|line| line.strip_prefix("fails:"))
        .map(str::trim)
        .ok_or_else(|| format!("{}/expect has no `fails:` line", case.display()))?;
    match kind {
        "build" => Ok(Fails::Build),
        "start" => Ok(Fails::Start),
        "health" => Ok(Fails::Health),
        other => Err(format!("{}/expect: unknown `fails: {other}`", case.display())),
    }
}

/// Runs every case, `jobs` at a time, and prints one line per case.
pub fn run_all(engine: &Engine, jobs: usize) -> Result<Vec<Outcome>> {
    let work = Mutex::new(cases()?.into_iter().rev().collect::<Vec<_>>());
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let Some(case) = work.lock().expect("not poisoned").pop() else {
                    break;
                };
                let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
                let (passed, message) = match check(engine, &case, &name) {
                    Ok(()) => (true, String::new()),
                    Err(message) => (false, message),
                };
                println!(
                    "breaking {name:<40} {}",
                    if passed {
                        "ok".to_string()
                    } else {
                        format!("FAILED: {message}")
                    }
                );
                outcomes.lock().expect("not poisoned").push(Outcome {
                    case: name,
                    passed,
                    message,
                });
            });
        }
    });
    let mut outcomes = outcomes.into_inner().expect("not poisoned");
    outcomes.sort_by(|a, b| a.case.cmp(&b.case));
    Ok(outcomes)
}

fn check(engine: &Engine, case: &Path, name: &str) -> Result {
    let fails = fails(case)?;
    let broken = format!("dflab-breaking/{name}:broken");
    let fixed = format!("dflab-breaking/{name}:fixed");
    let result = (|| {
        let built = build(engine, case, "Dockerfile", &broken);
        match (fails, built) {
            (Fails::Build, Ok(())) => return Err("the Dockerfile builds, but `expect` says it fails".to_string()),
            (Fails::Build, Err(_)) => {}
            (_, Err(e)) => return Err(format!("the Dockerfile does not build: {e}")),
            (Fails::Start, Ok(())) => {
                if starts(engine, &broken, name)? {
                    return Err("the container starts, but `expect` says it fails".to_string());
                }
            }
            (Fails::Health, Ok(())) => {
                if healthy(engine, &broken, name)? {
                    return Err("the container becomes healthy, but `expect` says it does not".to_string());
                }
            }
        }
        build(engine, case, "Dockerfile.fixed", &fixed).map_err(|e| format!("Dockerfile.fixed does not build: {e}"))?;
        match fails {
            Fails::Build => Ok(()),
            Fails::Start if starts(engine, &fixed, name)? => Ok(()),
            Fails::Start => Err("the fixed container does not start".to_string()),
            Fails::Health if healthy(engine, &fixed, name)? => Ok(()),
            Fails::Health => Err("the fixed container does not become healthy".to_string()),
        }
    })();
    for image in [&broken, &fixed] {
        let _ = engine
            .docker()
            .args(["image", "rm", "--force", image])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    result
}

fn build(engine: &Engine, case: &Path, file: &str, tag: &str) -> Result {
    let output = engine
        .docker()
        .args([
            "buildx",
            "build",
            "--load",
            "--progress",
            "plain",
            "--network",
            "host",
            "--tag",
            tag,
            "--file",
        ])
        .arg(case.join(file))
        .arg(case)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("docker buildx did not start: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr
            .lines()
            .rfind(|l| l.contains("ERROR"))
            .unwrap_or("build failed")
            .trim()
            .to_string())
    }
}

/// Starts the image (no network) and watches it: `true` when it is still running after a few seconds or
/// exited with status 0, `false` when it could not be created or exited with an error.
fn starts(engine: &Engine, image: &str, name: &str) -> Result<bool> {
    let container = format!("dflab-breaking-{name}-{}", std::process::id());
    let run = engine
        .docker()
        .args(["run", "--detach", "--network", "none", "--name", &container, image])
        .output()
        .map_err(|e| e.to_string())?;
    let started = run.status.success();
    let mut outcome = started;
    if started {
        let deadline = Instant::now() + Duration::from_secs(6);
        while Instant::now() < deadline {
            let (running, code) = state(engine, &container, "{{.State.Running}} {{.State.ExitCode}}");
            if running != "true" {
                outcome = code == "0";
                break;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }
    remove(engine, &container);
    Ok(outcome)
}

/// Starts the image and waits for its health status: `true` once healthy, `false` once unhealthy.
fn healthy(engine: &Engine, image: &str, name: &str) -> Result<bool> {
    let container = format!("dflab-breaking-{name}-{}", std::process::id());
    let run = engine
        .docker()
        .args(["run", "--detach", "--network", "none", "--name", &container, image])
        .output()
        .map_err(|e| e.to_string())?;
    if !run.status.success() {
        remove(engine, &container);
        return Err(format!(
            "the container does not start: {}",
            String::from_utf8_lossy(&run.stderr).trim()
        ));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut outcome = Err("no health status within 60 s".to_string());
    while Instant::now() < deadline {
        let (status, _) = state(engine, &container, "{{.State.Health.Status}} -");
        match status.as_str() {
            "healthy" => {
                outcome = Ok(true);
                break;
            }
            "unhealthy" => {
                outcome = Ok(false);
                break;
            }
            _ => std::thread::sleep(Duration::from_millis(500)),
        }
    }
    remove(engine, &container);
    outcome
}

fn state(engine: &Engine, container: &str, format: &str) -> (String, String) {
    let output = engine
        .docker()
        .args(["inspect", "--format", format, container])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let (first, second) = output.split_once(' ').unwrap_or((&output, ""));
    (first.to_string(), second.to_string())
}

fn remove(engine: &Engine, container: &str) {
    let _ = engine
        .docker()
        .args(["rm", "--force", container])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}
