//! The build context as `docker build` sees it: by default the folder of the Dockerfile (`--context DIR`
//! names another; `--no-context` reads none). The analysis gets the list of its files (so that a COPY of
//! something absent is an error) and the files that sharpen rules and estimates: `requirements.txt`,
//! `pyproject.toml` and `.dockerignore`.

use std::path::{Path, PathBuf};

use dflab_core::ContextFiles;

use crate::cli::ContextArgs;

/// The context folder of the Dockerfile at `path` (`-` is standard input: no folder unless `--context`).
pub fn folder(path: &str, args: &ContextArgs) -> Option<PathBuf> {
    if args.no_context {
        return None;
    }
    if let Some(dir) = &args.context {
        return Some(PathBuf::from(dir));
    }
    if path == "-" {
        return None;
    }
    let parent = Path::new(path).parent().map(Path::to_path_buf).unwrap_or_default();
    Some(if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent
    })
}

/// Beyond this many files the list is not given: the answer would cost more than it is worth.
const MAX_FILES: usize = 200_000;

/// The context files the analysis reads from `folder`.
pub fn files(folder: &Path) -> ContextFiles {
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).ok();
    ContextFiles {
        requirements_txt: read("requirements.txt"),
        pyproject_toml: read("pyproject.toml"),
        dockerignore: read(".dockerignore"),
        files: list(folder),
        ..ContextFiles::default()
    }
}

/// Every file under `folder`, relative and `/`-separated (`.git` left out, as the builder's context
/// transfer of most projects does); `None` when the folder cannot be read or holds too many.
fn list(folder: &Path) -> Option<Vec<String>> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        for entry in std::fs::read_dir(folder.join(&relative)).ok()?.flatten() {
            let name = entry.file_name();
            let path = relative.join(&name);
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => {
                    if name != ".git" {
                        stack.push(path);
                    }
                }
                Ok(_) => files.push(path.to_string_lossy().replace('\\', "/")),
                Err(_) => {}
            }
            if files.len() > MAX_FILES {
                return None;
            }
        }
    }
    Some(files)
}

/// The context files for the Dockerfile at `path`, as the flags say. The ignore file is `--dockerignore`,
/// else BuildKit's Dockerfile-specific `<Dockerfile>.dockerignore` beside it, else the context's own.
pub fn for_dockerfile(path: &str, args: &ContextArgs) -> Result<ContextFiles, String> {
    let mut context = folder(path, args).map(|dir| files(&dir)).unwrap_or_default();
    if path != "-" {
        context.dockerfile_path = Some(path.to_string());
    }
    if let Some(file) = &args.dockerignore {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        context.dockerignore = Some(text);
    } else if path != "-" && !args.no_context {
        if let Ok(text) = std::fs::read_to_string(format!("{path}.dockerignore")) {
            context.dockerignore = Some(text);
        }
    }
    Ok(context)
}
