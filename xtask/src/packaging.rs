//! How Python users get `dflab`, checked as they would use it: the wheel (`pyproject.toml`, built by maturin)
//! installed into a fresh virtualenv, the pre-commit hooks of `.pre-commit-hooks.yaml` run by pre-commit
//! itself, and the GitHub Action, the Pages workflow and the documented example workflow validated against
//! the GitHub schemas `check-jsonschema` vendors (they cannot run here).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use crate::{root, run, tools, Result};

/// The Python tools, pinned, in a virtualenv of their own under `target/` (never the machine's Python): the
/// packaging tools, and the documentation site generators the recipes of `docs/recipes/` are tested with
/// (`tests/e2e/recipes.test.mjs` runs them from this virtualenv).
const PYTHON_TOOLS: &[&str] = &[
    "maturin==1.16.0",
    "pre-commit==4.7.0",
    "check-jsonschema==0.39.0",
    "mkdocs-material==9.8.2",
    "sphinx==9.0.4",
    "furo==2025.12.19",
    "myst-parser==5.2.0",
];

/// The fixtures: a file with no warning, and one `docker build` rejects.
const CLEAN: &str = "tests/packaging/clean.Dockerfile";
const BROKEN: &str = "tests/packaging/Dockerfile.broken";

pub fn check() -> Result {
    println!("\n==> packaging (the wheel, pre-commit hooks, GitHub workflows)");
    let started = Instant::now();
    let venv = python_tools()?;
    let wheel = build_wheel(&venv)?;
    check_wheel(&wheel)?;
    check_pre_commit_hooks(&venv)?;
    check_workflows(&venv)?;
    println!("<== packaging: ok in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

fn target() -> PathBuf {
    root().join("target/packaging")
}

fn bin(venv: &Path, program: &str) -> PathBuf {
    venv.join("bin").join(program)
}

/// `target/packaging/tools`: a virtualenv with [`PYTHON_TOOLS`], made or updated only when a pin changed.
pub fn python_tools() -> Result<PathBuf> {
    let venv = target().join("tools");
    let stamp = venv.join("dflab-pins.txt");
    let pins = PYTHON_TOOLS.join("\n");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == pins) {
        return Ok(venv);
    }
    println!("setup: installing {} into {}", PYTHON_TOOLS.join(", "), venv.display());
    let _ = std::fs::remove_dir_all(&venv);
    run(tools::command("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(bin(&venv, "pip"))
        .args(["install", "--quiet"])
        .args(PYTHON_TOOLS))?;
    std::fs::write(&stamp, pins).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(venv)
}

/// `maturin build` from the root's pyproject.toml into an emptied `target/packaging/wheels`.
fn build_wheel(venv: &Path) -> Result<PathBuf> {
    let out = target().join("wheels");
    let _ = std::fs::remove_dir_all(&out);
    run(tools::command(&bin(venv, "maturin").to_string_lossy())
        .args(["build", "--quiet", "--out"])
        .arg(&out))?;
    let wheels: Vec<PathBuf> = std::fs::read_dir(&out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "whl"))
        .collect();
    match wheels.as_slice() {
        [wheel] => Ok(wheel.clone()),
        _ => Err(format!("maturin built {} wheels, expected one", wheels.len())),
    }
}

/// Installs the wheel alone into a fresh virtualenv and runs `dflab` from there, as `pip install dflab` would.
fn check_wheel(wheel: &Path) -> Result {
    let venv = target().join("wheel-venv");
    let _ = std::fs::remove_dir_all(&venv);
    run(tools::command("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(bin(&venv, "pip"))
        .args(["install", "--quiet", "--no-index"])
        .arg(wheel))?;
    let dflab = bin(&venv, "dflab");
    let version = output(Command::new(&dflab).arg("--version"))?;
    let expected = format!("dflab {}", env!("CARGO_PKG_VERSION"));
    expect(
        version.status.code() == Some(0) && stdout(&version).trim() == expected,
        "dflab --version",
        &version,
    )?;
    let clean = output(
        Command::new(&dflab)
            .args(["check", "--no-context"])
            .arg(root().join(CLEAN)),
    )?;
    expect(
        clean.status.code() == Some(0),
        "the wheel's dflab check on a clean file exits 0",
        &clean,
    )?;
    let broken = output(
        Command::new(&dflab)
            .args(["check", "--no-context"])
            .arg(root().join(BROKEN)),
    )?;
    expect(
        broken.status.code() == Some(1) && stdout(&broken).contains("error[syntax-error]"),
        "the wheel's dflab check on a broken file exits 1 with the syntax error",
        &broken,
    )?;
    println!(
        "    wheel {}: installs, prints `{expected}`, passes the clean file, fails the broken one",
        file_name(wheel)
    );
    Ok(())
}

/// Runs the hooks with pre-commit itself, configured as `docs/github-action.md` tells users (its
/// `.pre-commit-config.yaml` block, with this checkout as the repository and its HEAD as the revision), in a
/// scratch git repository holding the fixtures under the names the hooks must match. pre-commit installs the hook
/// as a user's machine does: `pip install` of the repository, built by maturin.
fn check_pre_commit_hooks(venv: &Path) -> Result {
    let pre_commit = bin(venv, "pre-commit");
    run(Command::new(&pre_commit)
        .args(["validate-manifest"])
        .arg(root().join(".pre-commit-hooks.yaml")))?;
    let head = output(Command::new("git").args(["rev-parse", "HEAD"]).current_dir(root()))?;
    expect(
        head.status.success(),
        "the checkout is a git repository (pre-commit clones it)",
        &head,
    )?;
    let head = stdout(&head).trim().to_string();
    let uncommitted = !Command::new("git")
        .args([
            "diff",
            "--quiet",
            "HEAD",
            "--",
            ".pre-commit-hooks.yaml",
            "pyproject.toml",
            "crates",
        ])
        .current_dir(root())
        .status()
        .is_ok_and(|s| s.success());
    if uncommitted {
        println!("    note: pre-commit installs the hooks from HEAD ({head}); uncommitted changes are not in this run");
    }
    let documented = extract_yaml_block(&root().join("docs/github-action.md"), "id: dflab-fix")?;
    let config = documented
        .replace("https://github.com/OWNER/dockerfile-lab", &root().to_string_lossy())
        .replace("rev: v0.1.0", &format!("rev: {head}"));

    let scratch = target().join("pre-commit-project");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("services/api")).map_err(|e| e.to_string())?;
    std::fs::write(scratch.join(".pre-commit-config.yaml"), config).map_err(|e| e.to_string())?;
    let copy =
        |from: &str, to: &str| std::fs::copy(root().join(from), scratch.join(to)).map_err(|e| format!("{from}: {e}"));
    copy(CLEAN, "Dockerfile")?;
    copy(CLEAN, "services/api/api.Dockerfile")?;
    // Not a Dockerfile by name: the hook must not read it, though it would fail it.
    copy(BROKEN, "notes.txt")?;
    let git = |args: &[&str]| run(Command::new("git").args(args).current_dir(&scratch));
    git(&["init", "--quiet"])?;
    git(&["add", "."])?;
    let run_hook = |hook: &str| -> Result<Output> {
        // tools::command puts cargo on PATH: pip builds the hook's environment with maturin, which runs cargo.
        let mut command = tools::command(&pre_commit.to_string_lossy());
        command
            .args(["run", hook, "--all-files", "--color", "never"])
            .current_dir(&scratch)
            // The hook's environment (one per revision) and its compile stay under target/ for the next run,
            // in a target folder of their own: built from pre-commit's clone of HEAD into the workspace's
            // target/, the `native` profile's fingerprints pointed at that clone, and later builds of the
            // working tree were taken as fresh and ran the committed code.
            .env("PRE_COMMIT_HOME", target().join("pre-commit-home"))
            .env("CARGO_TARGET_DIR", target().join("pre-commit-cargo"));
        output(&mut command)
    };
    let passed = run_hook("dflab-check")?;
    expect(
        passed.status.success(),
        "pre-commit's dflab-check passes the clean files",
        &passed,
    )?;
    copy(BROKEN, "services/api/Dockerfile.dev")?;
    git(&["add", "."])?;
    let failed = run_hook("dflab-check")?;
    expect(
        !failed.status.success()
            && stdout(&failed).contains("Dockerfile.dev:4:1")
            && !stdout(&failed).contains("notes.txt"),
        "pre-commit's dflab-check fails `Dockerfile.dev` (and never reads notes.txt)",
        &failed,
    )?;
    let fixed = run_hook("dflab-fix")?;
    let rewritten = std::fs::read_to_string(scratch.join("services/api/Dockerfile.dev")).map_err(|e| e.to_string())?;
    expect(
        !fixed.status.success()
            && stdout(&fixed).contains("files were modified by this hook")
            && rewritten.contains("\nCOPY . .\n"),
        "pre-commit's dflab-fix rewrites `COPY. .` as `COPY . .` and reports the file modified",
        &fixed,
    )?;
    git(&["add", "."])?;
    let settled = run_hook("dflab-fix")?;
    expect(
        settled.status.success(),
        "a second dflab-fix run changes nothing",
        &settled,
    )?;
    println!(
        "    pre-commit (the documented configuration): dflab-check passes clean files and fails a broken one; dflab-fix applies the safe fix once"
    );
    Ok(())
}

/// The Action, the Pages workflow and the example workflow of `docs/github-action.md` against GitHub's schemas.
fn check_workflows(venv: &Path) -> Result {
    let example = extract_yaml_block(&root().join("docs/github-action.md"), "name: dflab")?;
    let example_path = target().join("example-workflow.yml");
    std::fs::write(&example_path, example).map_err(|e| e.to_string())?;
    let check_jsonschema = bin(venv, "check-jsonschema");
    run(Command::new(&check_jsonschema)
        .args(["--builtin-schema", "vendor.github-actions"])
        .arg(root().join("action.yml")))?;
    run(Command::new(&check_jsonschema)
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(root().join(".github/workflows/pages.yml"))
        .arg(&example_path))?;
    println!("    action.yml, .github/workflows/pages.yml and the documented workflow match GitHub's schemas");
    Ok(())
}

/// The first ```yaml block of a Markdown file that contains `marker`.
fn extract_yaml_block(path: &Path, marker: &str) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.split("```yaml\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```").map(|(block, _)| block))
        .find(|block| block.contains(marker))
        .map(|block| format!("{block}\n"))
        .ok_or_else(|| format!("{}: no ```yaml block with `{marker}`", path.display()))
}

fn output(command: &mut Command) -> Result<Output> {
    command
        .output()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn expect(ok: bool, what: &str, output: &Output) -> Result {
    if ok {
        return Ok(());
    }
    Err(format!(
        "{what}: not so (exit {:?})\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
