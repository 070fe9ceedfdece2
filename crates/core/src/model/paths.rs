//! Paths written by the layers of a stage, indexed by path so that "what did earlier layers write at, above
//! or below this path?" costs the depth of the path and the answers, not a walk of every earlier write.
//! Asked for each `rm`, `chown -R` or `COPY --from` of a stage, a walk made analysis quadratic in the
//! stage's length (issue #20).
//!
//! The index only narrows the candidates: callers still apply their own exact test (globs, trailing
//! slashes, `$HOME`), so the answers are the same as a walk's. A path the index cannot place (a variable,
//! a glob before its last component) is kept in a short list that every lookup returns.

use std::collections::BTreeMap;

use crate::syntax::{Arguments, Instruction, Keyword};

/// Items in the order they were written, each under a path.
#[derive(Clone, Debug)]
pub struct PathIndexed<T> {
    items: Vec<T>,
    /// Normalized path → positions of the items written exactly there.
    by_path: BTreeMap<String, Vec<usize>>,
    /// Positions of items whose path cannot be placed in the tree of paths.
    unplaced: Vec<usize>,
}

impl<T> Default for PathIndexed<T> {
    fn default() -> Self {
        PathIndexed {
            items: Vec::new(),
            by_path: BTreeMap::new(),
            unplaced: Vec::new(),
        }
    }
}

impl<T> PathIndexed<T> {
    pub fn push(&mut self, path: &str, item: T) {
        let position = self.items.len();
        self.items.push(item);
        match placed(path) {
            Some(key) => self.by_path.entry(key).or_default().push(position),
            None => self.unplaced.push(position),
        }
    }

    /// Every item, in the order written.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items that may have been written at `path`, at a directory above it or below it, in the order
    /// written: every item for which such a relation holds is among them (a superset, to be tested exactly).
    pub fn related(&self, path: &str) -> impl DoubleEndedIterator<Item = &T> {
        let mut positions = self.unplaced.clone();
        match query_key(path) {
            None => positions = (0..self.items.len()).collect(),
            Some(key) => {
                // The path itself and every directory above it, root included.
                let mut end = key.len();
                loop {
                    if let Some(found) = self.by_path.get(&key[..end]) {
                        positions.extend(found);
                    }
                    match key[..end].rfind('/') {
                        Some(slash) => end = slash,
                        None => break,
                    }
                }
                // Everything below it: keys starting with `key/` sort between `key/` and `key0`.
                let (low, high) = (format!("{key}/"), format!("{key}0"));
                for found in self.by_path.range(low..high).map(|(_, found)| found) {
                    positions.extend(found);
                }
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions.into_iter().map(|position| &self.items[position])
    }
}

/// The key of a written path: `/`-separated components without trailing `/`, `/.` or `/*` (the root is
/// the empty key), `$HOME` and `~` as `/root`. `None` when the path has a variable or a glob.
fn placed(path: &str) -> Option<String> {
    let path = home_spelled_out(path);
    if path.contains(['$', '*', '?', '[']) || !path.starts_with('/') {
        return None;
    }
    Some(trimmed(&path).to_string())
}

/// The key to look a queried path up by: up to the directory holding its first glob, so that everything
/// the glob can match is below the key. `None` (compare with everything) for variables and relative paths.
fn query_key(path: &str) -> Option<String> {
    let path = home_spelled_out(path);
    if path.contains('$') || !path.starts_with('/') {
        return None;
    }
    let path = match path.find(['*', '?', '[']) {
        Some(glob) => &path[..path[..glob].rfind('/').unwrap_or(0)],
        None => &path[..],
    };
    Some(trimmed(path).to_string())
}

fn home_spelled_out(path: &str) -> std::borrow::Cow<'_, str> {
    match path
        .strip_prefix("${HOME}")
        .or_else(|| path.strip_prefix("$HOME"))
        .or_else(|| path.strip_prefix('~'))
    {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/root{rest}").into(),
        _ => path.into(),
    }
}

fn trimmed(mut path: &str) -> &str {
    loop {
        let shorter = path
            .strip_suffix("/.")
            .or_else(|| path.strip_suffix("/*"))
            .or_else(|| path.strip_suffix('/'))
            .unwrap_or(path);
        if shorter.len() == path.len() {
            return path;
        }
        path = shorter;
    }
}

/// Joins `path` to the working directory; `None` when it cannot be known (variables, unknown WORKDIR).
pub fn resolve(path: &str, workdir: Option<&str>) -> Option<String> {
    if path.contains('$') || path.is_empty() {
        return None;
    }
    if path.starts_with('/') {
        return Some(path.to_string());
    }
    let base = workdir?.trim_end_matches('/');
    let rest = path.trim_start_matches("./");
    Some(match rest {
        "" | "." => format!("{base}/"),
        _ => format!("{base}/{rest}"),
    })
}

/// The WORKDIR in effect after `instruction`.
pub fn next_workdir(current: Option<String>, instruction: &Instruction) -> Option<String> {
    if instruction.keyword != Keyword::Workdir {
        return current;
    }
    match &instruction.arguments {
        Arguments::Text(word) => resolve(&word.value, current.as_deref().or(Some("/"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::PathIndexed;

    fn index(paths: &[&'static str]) -> PathIndexed<&'static str> {
        let mut index = PathIndexed::default();
        for path in paths {
            index.push(path, *path);
        }
        index
    }

    fn related(index: &PathIndexed<&'static str>, path: &str) -> Vec<&'static str> {
        index.related(path).copied().collect()
    }

    #[test]
    fn finds_the_path_the_directories_above_and_everything_below_in_written_order() {
        let index = index(&[
            "/app/src/main.py",
            "/app",
            "/app/src/",
            "/appendix",
            "/",
            "/var/lib/apt/lists",
            "/app/src/lib/x",
        ]);
        assert_eq!(
            related(&index, "/app/src"),
            ["/app/src/main.py", "/app", "/app/src/", "/", "/app/src/lib/x"]
        );
        assert_eq!(
            related(&index, "/app/src/lib/x/"),
            ["/app", "/app/src/", "/", "/app/src/lib/x"]
        );
        assert_eq!(related(&index, "/var/lib/apt/lists/*"), ["/", "/var/lib/apt/lists"]);
        assert_eq!(related(&index, "/").len(), 7, "the root holds everything");
    }

    #[test]
    fn globs_variables_and_home_are_never_missed() {
        let index = index(&[
            "/tmp/a",
            "/tmp/b/c",
            "/root/.cache/pip",
            "/opt/$NAME",
            "/srv/*.txt",
            "/tmp2",
        ]);
        assert_eq!(
            related(&index, "/tmp/a*"),
            ["/tmp/a", "/tmp/b/c", "/opt/$NAME", "/srv/*.txt"]
        );
        assert_eq!(
            related(&index, "~/.cache"),
            ["/root/.cache/pip", "/opt/$NAME", "/srv/*.txt"]
        );
        assert_eq!(
            related(&index, "$HOME/.cache/pip/http"),
            ["/root/.cache/pip", "/opt/$NAME", "/srv/*.txt"]
        );
        assert_eq!(related(&index, "$DIR/x").len(), 6, "a variable may be anything");
        assert_eq!(related(&index, "relative/path").len(), 6);
    }
}
