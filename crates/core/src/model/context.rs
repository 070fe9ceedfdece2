//! The build context as the builder receives it: the files the caller listed (when it did), minus what
//! `.dockerignore` excludes. COPY and ADD can only read what is left.

use crate::analysis::ContextFiles;

/// What the context holds for a COPY/ADD source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Files reach the builder under this source.
    Present,
    /// Every file under it is excluded by `.dockerignore` (the pattern that decides).
    Excluded(String),
    /// No file of the context matches.
    Missing,
    /// The file list is not known.
    Unknown,
}

#[derive(Debug, Default)]
pub struct BuildContext {
    /// `.dockerignore` patterns in order, `true` for a `!` exception.
    patterns: Vec<(bool, String)>,
    /// The context's files, relative, cleaned and sorted; `None` when not given.
    files: Option<Vec<String>>,
}

/// `a/./b/` -> `a/b`; `.` and `/` -> ``.
pub fn clean(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    parts.join("/")
}

impl BuildContext {
    pub fn new(context: &ContextFiles) -> BuildContext {
        let patterns = context
            .dockerignore
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| match l.strip_prefix('!') {
                Some(rest) => (true, clean(rest.trim())),
                None => (false, clean(l)),
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        let files = context.files.as_ref().map(|files| {
            let mut files: Vec<String> = files.iter().map(|f| clean(f)).filter(|f| !f.is_empty()).collect();
            files.sort_unstable();
            files.dedup();
            files
        });
        BuildContext { patterns, files }
    }

    pub fn has_dockerignore(&self) -> bool {
        !self.patterns.is_empty()
    }

    /// The last pattern deciding `path` (or a directory above it), if it excludes the path.
    pub fn excluded_by(&self, path: &str) -> Option<&str> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut verdict = None;
        for (negated, pattern) in &self.patterns {
            let pattern_segments: Vec<&str> = pattern.split('/').collect();
            let matches = (1..=segments.len()).any(|n| glob(&pattern_segments, &segments[..n]));
            if matches {
                verdict = if *negated { None } else { Some(pattern.as_str()) };
            }
        }
        verdict
    }

    /// What reaches the builder for the COPY/ADD source `source` (as written, relative to the context).
    pub fn source(&self, source: &str) -> Source {
        let Some(files) = &self.files else {
            return Source::Unknown;
        };
        let path = clean(source);
        if path.is_empty() || path.starts_with("..") {
            return Source::Present;
        }
        let pattern: Vec<&str> = path.split('/').collect();
        let wildcard = path.contains(['*', '?', '[']);
        let mut matched = None;
        let mut candidates: Box<dyn Iterator<Item = &String>> = if wildcard {
            Box::new(files.iter())
        } else {
            // The file itself and everything under it, as one sorted run.
            let start = files.partition_point(|f| f.as_str() < path.as_str());
            let prefix = path.clone();
            Box::new(
                files[start..]
                    .iter()
                    .take_while(move |f| f.starts_with(prefix.as_str())),
            )
        };
        for file in candidates.by_ref() {
            let segments: Vec<&str> = file.split('/').collect();
            let inside = if wildcard {
                (1..=segments.len()).any(|n| glob(&pattern, &segments[..n]))
            } else {
                *file == path || file.as_bytes().get(path.len()) == Some(&b'/')
            };
            if !inside {
                continue;
            }
            match self.excluded_by(file) {
                None => return Source::Present,
                Some(pattern) => matched = Some(pattern.to_string()),
            }
        }
        match matched {
            Some(pattern) => Source::Excluded(pattern),
            None => Source::Missing,
        }
    }
}

/// `path` matches the glob `pattern`, segment by segment (`*` and `?` within one segment, `**` across).
fn glob(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| glob(rest, &path[skip..])),
        Some((first, rest)) => {
            !path.is_empty() && segment(first.as_bytes(), path[0].as_bytes()) && glob(rest, &path[1..])
        }
    }
}

/// One segment against a pattern of `*`, `?`, `\x` and literal bytes, in O(pattern × text): the classic
/// backtracking matcher is exponential on patterns like `*a*a*a*b` (a `.dockerignore` is user input).
fn segment(pattern: &[u8], text: &[u8]) -> bool {
    // `reachable[j]`: the pattern read so far can match `text[..j]`.
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    let mut at = 0;
    while at < pattern.len() {
        let (token, width) = match pattern[at] {
            b'\\' if at + 1 < pattern.len() => (Some(pattern[at + 1]), 2),
            b'*' => {
                // `*` extends any reachable prefix to every longer one.
                for j in 1..=text.len() {
                    reachable[j] |= reachable[j - 1];
                }
                at += 1;
                continue;
            }
            b'?' => (None, 1),
            byte => (Some(byte), 1),
        };
        for j in (1..=text.len()).rev() {
            reachable[j] = reachable[j - 1] && token.is_none_or(|t| text[j - 1] == t);
        }
        reachable[0] = false;
        at += width;
    }
    reachable[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(files: &[&str], ignore: &str) -> BuildContext {
        BuildContext::new(&ContextFiles {
            dockerignore: Some(ignore.into()),
            files: Some(files.iter().map(|f| f.to_string()).collect()),
            ..ContextFiles::default()
        })
    }

    #[test]
    fn sources_are_found_excluded_or_missing() {
        let ctx = context(
            &[
                "app.py",
                "config/settings.ini",
                "config/local.env",
                ".env",
                "src/pkg/__init__.py",
            ],
            "*.env\nconfig/*.env\n",
        );
        assert_eq!(ctx.source("app.py"), Source::Present);
        assert_eq!(ctx.source("./config"), Source::Present);
        assert_eq!(ctx.source("src/"), Source::Present);
        assert_eq!(ctx.source("*.py"), Source::Present);
        assert_eq!(ctx.source(".env"), Source::Excluded("*.env".into()));
        assert_eq!(ctx.source("requirements.txt"), Source::Missing);
        assert_eq!(ctx.source("app"), Source::Missing, "a prefix of a name is not the name");
        assert_eq!(ctx.source("*.txt"), Source::Missing);
        assert_eq!(ctx.source("."), Source::Present);
        let unknown = BuildContext::new(&ContextFiles::default());
        assert_eq!(unknown.source("anything"), Source::Unknown);
    }

    #[test]
    fn segments_match_like_globs_without_backtracking() {
        assert!(segment(b"*.py", b"app.py"));
        assert!(segment(b"a?c", b"abc"));
        assert!(!segment(b"a?c", b"ac"));
        assert!(segment(b"\\*x", b"*x"));
        assert!(segment(b"*", b""));
        assert!(!segment(b"*a*a*a*a*a*a*a*a*a*a*b", &[b'a'; 4000]));
    }
}
