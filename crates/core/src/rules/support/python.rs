//! Helpers shared by the Python and security rules: what runs Python, paths, users. (Stage chains, the
//! image's command and user, and variables in scope are on [`crate::model::Model`].)

use crate::model::Stage;
use crate::shell::basename;

pub use crate::model::truthy;
pub use crate::shell::{is_python, venv_created};

/// Servers and tools that run a Python application.
const PYTHON_SERVERS: &[&str] = &[
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "celery",
    "flask",
    "django-admin",
    "streamlit",
    "fastapi",
    "granian",
    "waitress-serve",
    "uwsgi",
    "gradio",
    "panel",
    "dramatiq",
    "rq",
    "huey_consumer",
];

/// Whether the words run a Python application (a script, a module, or a Python server), not just an
/// interactive interpreter.
pub fn runs_python_app(words: &[String]) -> bool {
    let mut rest = words;
    // Launchers: `exec`, `uv run`, `poetry run`, `pipenv run`, `sh -c "..."` (split already).
    loop {
        match rest.first().map(|w| basename(w)) {
            Some("exec" | "tini" | "dumb-init" | "--" | "sh" | "bash" | "-c" | "/bin/sh") => rest = &rest[1..],
            Some("uv" | "poetry" | "pipenv" | "pdm" | "hatch") if rest.get(1).is_some_and(|w| w == "run") => {
                rest = &rest[2..];
                while rest.first().is_some_and(|w| w.starts_with('-')) {
                    rest = &rest[1..];
                }
            }
            _ => break,
        }
    }
    let Some(program) = rest.first().map(|w| basename(w)) else {
        return false;
    };
    if is_python(program) {
        return rest[1..].iter().any(|w| !w.starts_with('-') || w == "-m");
    }
    program.ends_with(".py") || PYTHON_SERVERS.contains(&program)
}

/// A path with trailing slashes and `/.` removed, for comparisons.
pub fn norm(path: &str) -> &str {
    let mut p = path;
    loop {
        let q = p.trim_end_matches("/.").trim_end_matches('/');
        if q == p || q.is_empty() {
            return if q.is_empty() && path.starts_with('/') { "/" } else { q };
        }
        p = q;
    }
}

/// `inner` is `outer` or lies under it.
pub fn under(inner: &str, outer: &str) -> bool {
    let (inner, outer) = (norm(inner), norm(outer));
    outer == "/" || inner == outer || (inner.starts_with(outer) && inner.as_bytes().get(outer.len()) == Some(&b'/'))
}

/// The user part of a USER value is root.
pub fn is_root_user(value: &str) -> bool {
    matches!(value.split(':').next().unwrap_or("").trim(), "root" | "0")
}

/// Display name of a stage: its name, or its index.
pub fn stage_label(stage: &Stage) -> String {
    stage.name.clone().unwrap_or_else(|| stage.index.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(runs_python_app(&w("python app.py")));
        assert!(runs_python_app(&w("uv run --frozen gunicorn app:app")));
        assert!(runs_python_app(&w("python -m http.server")));
        assert!(!runs_python_app(&w("python3")));
        assert!(!runs_python_app(&w("bash")));
        assert!(under("/opt/venv/bin", "/opt/venv/"));
        assert!(!under("/opt/venv2", "/opt/venv"));
        assert!(under("/x", "/"));
        assert!(is_root_user("0:0") && is_root_user("root") && !is_root_user("app"));
        assert!(truthy("True") && !truthy("0"));
    }
}

/// Where a `pip install` puts packages, as far as the text shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PipTarget {
    /// A virtual environment: activated, first on PATH, named by VIRTUAL_ENV, or called by its path.
    Venv,
    /// `--target`, `--prefix` or `--root`: a directory of the caller's choosing.
    Elsewhere,
    /// `--user`: the user's site-packages under `~/.local`.
    User,
    /// The interpreter's own site-packages.
    System,
}

/// Where the pip command `command` (of `script`, in instruction `index`) installs.
pub fn pip_target(
    model: &crate::model::Model,
    index: usize,
    script: &crate::shell::Script,
    command: &crate::shell::Command,
) -> PipTarget {
    let Some(pip) = command.program.pip() else {
        return PipTarget::System;
    };
    if pip.args.has(&["--target", "-t", "--prefix", "--root"]) {
        return PipTarget::Elsewhere;
    }
    let activated = script.before(command.id).any(|c| {
        matches!(c.name(), "source" | ".") && c.args().first().is_some_and(|a| a.value.ends_with("bin/activate"))
    });
    let scope = model.scope(index);
    let path = scope.get("PATH").unwrap_or_default();
    let venv_on_path = path.split(':').any(|dir| {
        let dir = dir.trim_end_matches('/');
        dir.ends_with("/bin") && !SYSTEM_BIN_DIRS.contains(&dir) && !dir.ends_with("/.local/bin")
    });
    let by_path = command
        .program_word()
        .is_some_and(|w| w.value.contains('/') && !SYSTEM_BIN_DIRS.iter().any(|d| w.value.starts_with(d)));
    if activated || venv_on_path || by_path || scope.get("VIRTUAL_ENV").is_some() {
        PipTarget::Venv
    } else if pip.user {
        PipTarget::User
    } else {
        PipTarget::System
    }
}

const SYSTEM_BIN_DIRS: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];
