//! A suggested `.dockerignore` for builds that copy the whole context: what a Python project should never
//! send to the builder (history, virtualenvs, caches, secrets).

use crate::analysis::Options;
use crate::syntax::Dockerfile;

/// Entries every Python build context should exclude, with the reason shown as a comment.
const ENTRIES: &[(&str, &str)] = &[
    (".git", "version control history: large, and may hold secrets"),
    (".venv", "local virtualenvs: built for another machine"),
    ("venv", ""),
    ("__pycache__", "bytecode caches"),
    ("*.pyc", ""),
    (".pytest_cache", "test and tool caches"),
    (".mypy_cache", ""),
    (".ruff_cache", ""),
    (".env", "secrets: pass them at run time, never bake them into layers"),
    ("*.pem", ""),
    (
        "Dockerfile*",
        "the build files themselves (changes to them need not rebuild the app layer)",
    ),
    (".dockerignore", ""),
];

/// Suggests a `.dockerignore` when the Dockerfile copies the whole build context (`COPY . ...`) and the
/// user's `.dockerignore` (if given) misses any of the entries; the suggestion keeps the user's lines.
pub fn suggest(tree: &Dockerfile, options: &Options) -> Option<String> {
    let copies_context = tree.instructions().filter_map(|i| i.as_copy()).any(|copy| {
        copy.from.is_none()
            && copy
                .sources
                .iter()
                .any(|s| matches!(s.value.as_str(), "." | "./" | "*" | "./*"))
    });
    if !copies_context {
        return None;
    }
    let existing = options.context.dockerignore.as_deref().unwrap_or("");
    let has = |entry: &str| {
        existing
            .lines()
            .map(|l| l.trim().trim_start_matches("**/").trim_end_matches('/'))
            .any(|l| l == entry)
    };
    let missing: Vec<&(&str, &str)> = ENTRIES.iter().filter(|(entry, _)| !has(entry)).collect();
    if missing.is_empty() {
        return None;
    }
    let mut out = String::from(existing.trim_end());
    if !out.is_empty() {
        out.push_str("\n\n# Added by Dockerfile Lab\n");
    }
    for (entry, why) in missing {
        if !why.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") && !out.ends_with("Lab\n") {
                out.push('\n');
            }
            out.push_str(&format!("# {why}\n"));
        }
        out.push_str(entry);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ContextFiles;
    use crate::syntax;

    fn suggest(source: &str, options: &Options) -> Option<String> {
        super::suggest(&syntax::parse(source), options)
    }

    #[test]
    fn suggested_only_when_the_whole_context_is_copied() {
        assert!(suggest("FROM python:3.12\nCOPY app.py /app/\n", &Options::default()).is_none());
        assert!(suggest("FROM python:3.12\nCOPY --from=build . /app\n", &Options::default()).is_none());
        let suggestion = suggest("FROM python:3.12\nCOPY . /app\n", &Options::default()).unwrap();
        for entry in [".git", ".venv", "__pycache__", ".env"] {
            assert!(
                suggestion.lines().any(|l| l == entry),
                "{entry} missing from\n{suggestion}"
            );
        }
    }

    #[test]
    fn keeps_the_users_lines_and_adds_only_what_is_missing() {
        let mut options = Options {
            context: ContextFiles {
                dockerignore: Some("node_modules\n.git/\n".into()),
                ..ContextFiles::default()
            },
            ..Options::default()
        };
        let suggestion = suggest("FROM python:3.12\nCOPY . .\n", &options).unwrap();
        assert!(suggestion.starts_with("node_modules\n.git/\n"));
        assert_eq!(
            suggestion.lines().filter(|l| l.trim_end_matches('/') == ".git").count(),
            1
        );
        let complete: String = ENTRIES.iter().map(|(e, _)| format!("{e}\n")).collect();
        options.context.dockerignore = Some(complete);
        assert!(suggest("FROM python:3.12\nCOPY . .\n", &options).is_none());
    }
}
