//! The vocabulary of changes: a [`Fix`] is text edits on byte spans of the Dockerfile (as rust-analyzer's
//! text edits), contributed by rules and applied by the rewriter.

use std::ops::Range;

use serde::Serialize;

use crate::analysis::FixAvailability;

/// Text edits that resolve a hit, applied together by the rewriter.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// What the fix does, e.g. "add `--no-install-recommends`".
    pub title: String,
    /// `Safe` or `OptIn`.
    pub safety: FixAvailability,
    /// For opt-in fixes: the one-line warning of what changes in the image.
    pub warning: Option<String>,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix the rewriter may apply by default.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title.into(), FixAvailability::Safe, None, edits)
    }

    /// A fix applied only when asked for, with the one-line warning of what changes in the image.
    pub fn opt_in(title: impl Into<String>, warning: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title.into(), FixAvailability::OptIn, Some(warning.into()), edits)
    }

    fn new(title: String, safety: FixAvailability, warning: Option<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title,
            safety,
            warning,
            edits,
        }
    }
}

/// Replace the bytes `range` of the Dockerfile with `replacement` (an empty range inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            range: at..at,
            replacement: text.into(),
        }
    }

    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Self {
        Edit {
            range,
            replacement: text.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit {
            range,
            replacement: String::new(),
        }
    }
}

/// What applying a rule's fix may change in the built image besides the Dockerfile's text. Declared once per
/// rule next to its fix ([`crate::rules::Rule::effects`]) and checked against real builds by `dflab verify`:
/// a fix that changes anything it does not declare is a bug, and a safe fix declares nothing that changes what
/// the application sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "what", rename_all = "kebab-case")]
pub enum Effect {
    /// These paths, and everything under them, may be missing or different: caches, package lists, logs.
    /// `~` stands for any user's home (`/root` or `/home/<name>`), `*` for one path segment.
    Paths(&'static [&'static str]),
    /// The OS packages installed may differ (e.g. recommended packages left out): files anywhere the package
    /// manager writes (`/usr`, `/etc`, `/var/lib/dpkg`...).
    Packages,
    /// The Python packages installed may differ (e.g. development dependencies left out): files in
    /// `site-packages` and the scripts of their environment's `bin`.
    PythonPackages,
    /// The owner and group of files may change (not their content).
    Ownership,
    /// These fields of the image config may change, named as `docker image inspect` names them in `Config`
    /// (`Cmd`, `Entrypoint`, `User`, `Env`, `Labels`...).
    Config(&'static [&'static str]),
    /// The image may differ in any way: the fix restructures it (only opt-in fixes declare this).
    Anything,
}
