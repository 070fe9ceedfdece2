use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C017",
    name: "copy-ignored-file",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    hadolint: &[],
    buildkit: &["CopyIgnoredFile"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "COPY or ADD names a source that `.dockerignore` excludes from the build context (checked when \
                  the `.dockerignore` is provided).",
        why: "Excluded files never reach the builder, so the instruction fails with \"not found\" or, with a \
              wildcard or directory, silently copies less than you expect. Either stop ignoring the file or stop \
              copying it.",
        bad: "FROM python:3.12-slim\nCOPY .env /app/\n",
        good: "FROM python:3.12-slim\nCOPY app.py /app/\n",
        source: "Docker docs, build checks: CopyIgnoredFile; Docker docs, \".dockerignore files\".",
    },
    check,
};

/// `text` matches the glob `pattern` (`*` and `?` within one path segment, `**` across segments).
fn glob(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| glob(rest, &path[skip..])),
        Some((first, rest)) => {
            !path.is_empty() && segment(first.as_bytes(), path[0].as_bytes()) && glob(rest, &path[1..])
        }
    }
}

fn segment(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| segment(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && segment(rest, &text[1..]),
        Some((b'\\', rest)) if !rest.is_empty() => {
            !text.is_empty() && text[0] == rest[0] && segment(&rest[1..], &text[1..])
        }
        Some((c, rest)) => !text.is_empty() && text[0] == *c && segment(rest, &text[1..]),
    }
}

fn clean(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    parts.join("/")
}

/// The last pattern deciding `path` (or a directory above it), if it excludes the path.
fn excluded_by<'a>(patterns: &[(bool, &'a str)], path: &str) -> Option<&'a str> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut verdict = None;
    for (negated, pattern) in patterns {
        let pattern_segments: Vec<&str> = pattern.split('/').collect();
        let matches = (1..=segments.len()).any(|n| glob(&pattern_segments, &segments[..n]));
        if matches {
            verdict = if *negated { None } else { Some(*pattern) };
        }
    }
    verdict
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(ignore) = model.options.context.dockerignore.as_deref() else {
        return;
    };
    let patterns: Vec<(bool, String)> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix('!') {
            Some(rest) => (true, clean(rest.trim())),
            None => (false, clean(l)),
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let patterns: Vec<(bool, &str)> = patterns.iter().map(|(n, p)| (*n, p.as_str())).collect();
    for instruction in &model.instructions {
        let Some(copy) = instruction.as_copy() else { continue };
        if copy.from.is_some() || !copy.heredocs.is_empty() {
            continue;
        }
        for source in &copy.sources {
            let value = source.value.as_str();
            if value.contains(['$', '*', '?', '[']) || value.contains("://") || value.starts_with("git@") {
                continue;
            }
            let path = clean(value);
            if path.is_empty() || path.starts_with("..") {
                continue;
            }
            if let Some(pattern) = excluded_by(&patterns, &path) {
                hits.push(Hit::new(
                    source.span,
                    format!("`{value}` is excluded by the `.dockerignore` pattern `{pattern}`, so it is not in the build context"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::Options;
    use crate::rules::testing::hits_with;

    fn flagged(source: &str, ignore: &str) -> Vec<String> {
        let mut options = Options::default();
        options.context.dockerignore = Some(ignore.into());
        hits_with(&RULE, source, &options)
            .into_iter()
            .map(|h| source[h.span.start..h.span.end].to_string())
            .collect()
    }

    #[test]
    fn fires_on_ignored_sources() {
        let source = "FROM a\nCOPY .env ./config/settings.py /app/\nCOPY docs/readme.md /d/\n";
        assert_eq!(flagged(source, ".env\nconfig\n"), [".env", "./config/settings.py"]);
        assert_eq!(flagged(source, "**/*.md\n"), ["docs/readme.md"]);
        assert_eq!(flagged(source, "*\n!config\n"), [".env", "docs/readme.md"]);
    }

    #[test]
    fn quiet_without_dockerignore_or_match() {
        let source = "FROM a\nCOPY . /app\nCOPY --from=b /x /y\nCOPY app.py /app/\n";
        assert!(flagged(source, "*.md\n.git\n").is_empty());
        assert!(crate::rules::testing::check(&RULE, "FROM a\nCOPY .env /app/\n").is_empty());
    }
}
