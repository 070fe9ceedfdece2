use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "S005",
    name: "dockerignore-misses-secrets",
    category: Category::Security,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary:
            "`COPY . .` copies the whole context, and the provided `.dockerignore` does not exclude `.env` or `.git`.",
        why: "Copying the whole build context takes every file that `.dockerignore` does not exclude. A local \
              `.env` with credentials, or the `.git` directory with the full history (and any secret ever \
              committed), then ends up in a layer anyone who pulls the image can read. Add `.env` and `.git` \
              to `.dockerignore`. dflab only checks this when you provide the `.dockerignore`.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ ./src/\n",
        source: "Docker docs, \".dockerignore files\" and \"Build context\".",
    },
    check,
};

/// Go `filepath.Match` on one path segment pattern (`*`, `?`, no classes).
fn segment_match(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            segment_match(&pattern[1..], text) || (!text.is_empty() && segment_match(pattern, &text[1..]))
        }
        (Some(b'?'), Some(_)) => segment_match(&pattern[1..], &text[1..]),
        (Some(p), Some(t)) if p == t => segment_match(&pattern[1..], &text[1..]),
        _ => false,
    }
}

/// A `.dockerignore` pattern matches `path` or a parent of it (`**` spans directories).
fn pattern_matches(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.first() {
        None => true,
        Some(&"**") => (0..=path.len()).any(|k| pattern_matches(&pattern[1..], &path[k..])),
        Some(p) => {
            !path.is_empty()
                && segment_match(p.as_bytes(), path[0].as_bytes())
                && pattern_matches(&pattern[1..], &path[1..])
        }
    }
}

/// Whether the `.dockerignore` text excludes `path` (last matching line wins, `!` re-includes).
pub fn ignored(dockerignore: &str, path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    let mut excluded = false;
    for line in dockerignore.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negate, pattern) = match line.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let pattern = pattern
            .trim_start_matches("./")
            .trim_start_matches('/')
            .trim_end_matches('/');
        let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        if !parts.is_empty() && pattern_matches(&parts, &segments) {
            excluded = !negate;
        }
    }
    excluded
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(dockerignore) = model.options.context.dockerignore.as_deref() else {
        return;
    };
    let missing: Vec<&str> = [".env", ".git"]
        .into_iter()
        .filter(|path| !ignored(dockerignore, path))
        .collect();
    if missing.is_empty() {
        return;
    }
    for instruction in &model.instructions {
        let Some(copy) = instruction.as_copy() else { continue };
        if copy.from.is_some() {
            continue;
        }
        for source in &copy.sources {
            if matches!(source.value.as_str(), "." | "./" | "*" | "./*" | "/") {
                let list = missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(" and ");
                hits.push(Hit::new(
                    source.span,
                    format!(
                        "`{}` copies the whole context, and `.dockerignore` does not exclude {list}",
                        source.value
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ignored, RULE};
    use crate::analysis::Options;
    use crate::rules::testing::{check, hits_with};

    fn with(dockerignore: &str, source: &str) -> Vec<String> {
        let mut options = Options::default();
        options.context.dockerignore = Some(dockerignore.into());
        hits_with(&RULE, source, &options)
            .into_iter()
            .map(|h| h.message)
            .collect()
    }

    #[test]
    fn matcher() {
        assert!(ignored(".env\n.git\n", ".env"));
        assert!(ignored("**/.env*\n", ".env"));
        assert!(ignored(".*\n", ".git"));
        assert!(ignored("/.git/\n", ".git"));
        assert!(!ignored(".env\n!.env\n", ".env"));
        assert!(!ignored("# .env\nnode_modules\n", ".env"));
    }

    #[test]
    fn fires_when_the_dockerignore_misses_secrets() {
        assert_eq!(
            with("node_modules\n.git\n", "FROM python:3.12\nCOPY . .\n"),
            ["`.` copies the whole context, and `.dockerignore` does not exclude `.env`"]
        );
        assert_eq!(with("", "FROM python:3.12\nCOPY ./ /app/\n").len(), 1);
    }

    #[test]
    fn quiet_without_dockerignore_or_when_excluded() {
        assert!(check(&RULE, "FROM python:3.12\nCOPY . .\n").is_empty());
        assert!(with(".env\n.git\n", "FROM python:3.12\nCOPY . .\n").is_empty());
        assert!(with("", "FROM python:3.12\nCOPY src/ /app/\n").is_empty());
        assert!(with("", "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b . .\n").is_empty());
    }
}
