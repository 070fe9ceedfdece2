//! The verification corpus (`tests/builds/`): each case is a project folder (Dockerfile and build context) that
//! `dflab verify` builds as it is and as rewritten, on the engine of [`crate::docker`]. A case passes when every
//! difference between the two images is one the applied fixes declare and the rewrite still builds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use serde_json::Value;

use crate::docker::Engine;
use crate::{root, Result};

/// One verification run of a case.
pub struct Outcome {
    pub case: String,
    pub mode: &'static str,
    pub report: Option<Value>,
    pub passed: bool,
    pub message: String,
}

/// The case folders: every folder of `tests/builds/` with a Dockerfile, in name order.
pub fn cases() -> Result<Vec<PathBuf>> {
    let dir = root().join("tests/builds");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("Dockerfile").is_file())
        .collect();
    cases.sort();
    if cases.is_empty() {
        return Err(format!("no cases in {}", dir.display()));
    }
    Ok(cases)
}

/// Verifies every case with each of `modes` (`--opt-in` values; empty for safe fixes only), `jobs` at a time.
pub fn run_all(engine: &Engine, dflab: &Path, modes: &[&'static str], jobs: usize) -> Result<Vec<Outcome>> {
    let work: Mutex<Vec<(PathBuf, &'static str)>> = Mutex::new(
        cases()?
            .into_iter()
            .flat_map(|case| modes.iter().map(move |mode| (case.clone(), *mode)))
            .rev()
            .collect(),
    );
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let Some((case, mode)) = work.lock().expect("not poisoned").pop() else {
                    break;
                };
                let outcome = verify(engine, dflab, &case, mode);
                println!(
                    "verify {:<40} {:<8} {}",
                    outcome.case,
                    if mode.is_empty() { "safe" } else { mode },
                    if outcome.passed {
                        "ok".to_string()
                    } else {
                        format!("FAILED: {}", outcome.message)
                    }
                );
                outcomes.lock().expect("not poisoned").push(outcome);
            });
        }
    });
    let mut outcomes = outcomes.into_inner().expect("not poisoned");
    outcomes.sort_by(|a, b| (&a.case, a.mode).cmp(&(&b.case, b.mode)));
    Ok(outcomes)
}

fn verify(engine: &Engine, dflab: &Path, case: &Path, mode: &'static str) -> Outcome {
    let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let mut command = Command::new(dflab);
    command.args(["verify", "--format", "json", "--network", "host", "--builtin-frontend"]);
    if !mode.is_empty() {
        command.args(["--opt-in", mode]);
    }
    command.arg(case);
    engine.with_env(&mut command);
    let output = match command.output() {
        Ok(output) => output,
        Err(e) => {
            return Outcome {
                case: name,
                mode,
                report: None,
                passed: false,
                message: format!("dflab did not start: {e}"),
            }
        }
    };
    let report: Option<Value> = serde_json::from_slice(&output.stdout).ok();
    // A case whose Dockerfile is broken on purpose (the fix repairs it) says so in its `expect` file; every
    // other case must build as written, or a rewrite that "builds the same" proves nothing.
    let expect = std::fs::read_to_string(case.join("expect")).unwrap_or_default();
    let before_should_fail = expect.lines().any(|l| l.starts_with("before fails"));
    let mut message = match &report {
        Some(report) => report["undeclared"]
            .as_array()
            .map(|lines| lines.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; "))
            .unwrap_or_default(),
        None => String::from_utf8_lossy(&output.stderr).trim().to_string(),
    };
    if let Some(report) = &report {
        let built = |which: &str| report[which]["built"].as_bool().unwrap_or(false);
        if built("before") == before_should_fail {
            message = format!(
                "the original {}: {}",
                if before_should_fail {
                    "builds, but `expect` says it fails"
                } else {
                    "does not build"
                },
                report["before"]["error"].as_str().unwrap_or("")
            );
        } else if !built("after") && (!before_should_fail || mode == "all") {
            // A file broken on purpose must be repaired with every fix applied; safe fixes alone may not.
            message = format!(
                "the rewrite does not build: {}",
                report["after"]["error"].as_str().unwrap_or("")
            );
        }
    }
    let passed = output.status.success() && report.is_some() && message.is_empty();
    Outcome {
        case: name,
        mode,
        report,
        passed,
        message,
    }
}

/// `docs/verification.md`: per case and mode, the outcome, the differences and the layer sizes.
pub fn write_doc(outcomes: &[Outcome]) -> Result {
    let mut doc = String::from(
        "# Verification against real builds\n\n\
         Generated by `cargo xtask verify --all` (do not edit): every case of `tests/builds/` built by `dflab verify` \
         as it is and as rewritten, with safe fixes only and with `--opt-in all`, on Docker Engine 26.1 with the \
         stand-in base images of `tests/builds/base-images/`. A difference is *declared* when an applied fix's \
         effects (`Rule::effects`) cover it; a case fails on any undeclared difference or a rewrite that does not \
         build.\n\n",
    );
    let passed = outcomes.iter().filter(|o| o.passed).count();
    doc.push_str(&format!(
        "{passed} of {} runs pass.\n\n| case | fixes | outcome | applied | config changes | file changes (declared) | layers: real / estimate |\n|---|---|---|---|---|---|---|\n",
        outcomes.len()
    ));
    for outcome in outcomes {
        let report = outcome.report.as_ref();
        let list = |key: &str, field: &str| {
            report
                .and_then(|r| r[key].as_array())
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| i[field].as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        let files = report.and_then(|r| r["files"].as_array());
        let file_changes = files.map_or(0, Vec::len);
        let declared = files.map_or(0, |f| {
            f.iter()
                .filter(|f| f["declared_by"].as_array().is_some_and(|d| !d.is_empty()))
                .count()
        });
        let layers = report
            .and_then(|r| r["layers"]["after"].as_array())
            .map(|layers| {
                layers
                    .iter()
                    .map(|l| {
                        format!(
                            "L{} {} {} / {}–{}",
                            l["line"],
                            l["instruction"].as_str().unwrap_or(""),
                            l["real"].as_u64().map_or("?".into(), human),
                            l["estimate_low"].as_u64().map_or("?".into(), human),
                            l["estimate_high"].as_u64().map_or("?".into(), human)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            })
            .unwrap_or_default();
        doc.push_str(&format!(
            "| {} | {} | {} | {} | {} | {file_changes} ({declared}) | {layers} |\n",
            outcome.case,
            if outcome.mode.is_empty() { "safe" } else { "all opt-ins" },
            if outcome.passed {
                "ok".to_string()
            } else {
                format!("**failed**: {}", outcome.message.replace('|', "\\|"))
            },
            list("applied", "id"),
            list("config", "field"),
        ));
    }
    let path = root().join("docs/verification.md");
    std::fs::write(&path, doc).map_err(|e| format!("{}: {e}", path.display()))
}

fn human(bytes: u64) -> String {
    match bytes {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / 1_048_576.0),
        n if n >= 1 << 10 => format!("{:.0} KB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}
