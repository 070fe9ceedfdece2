use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{is_context_copy, text};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "L002",
    name: "context-copy-without-dockerignore",
    category: Category::Cache,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`COPY . .` copies the whole build context; without a `.dockerignore` that includes `.git`, \
                  virtual environments, caches and `.env` files.",
        why: "Everything in the context ends up in the layer: the `.git` history (often larger than the code), a \
              local `.venv` built for another platform, `__pycache__` files that break the cache on every run, \
              and `.env` files with secrets that anyone with the image can read. A `.dockerignore` keeps them \
              out and makes the context upload and the cache faster.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ ./src/\n",
        source: "Docker docs, \"Build context\" (.dockerignore files).",
    },
    check,
};

/// What a `.dockerignore` should exclude before the whole context is copied.
const EXPECTED: [&str; 4] = [".git", ".venv", "__pycache__", ".env"];

/// `*` matches any run of characters, `?` one character.
fn wildcard(pattern: &[u8], name: &[u8]) -> bool {
    match (pattern.first(), name.first()) {
        (None, None) => true,
        (Some(b'*'), _) => wildcard(&pattern[1..], name) || (!name.is_empty() && wildcard(pattern, &name[1..])),
        (Some(b'?'), Some(_)) => wildcard(&pattern[1..], &name[1..]),
        (Some(p), Some(n)) if p == n => wildcard(&pattern[1..], &name[1..]),
        _ => false,
    }
}

/// The expected entries the `.dockerignore` text does not exclude.
fn missing(dockerignore: &str) -> Vec<&'static str> {
    let patterns: Vec<String> = dockerignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .map(|l| {
            let mut p = l.trim_start_matches('/').trim_end_matches('/');
            while let Some(rest) = p.strip_prefix("**/").or_else(|| p.strip_prefix("*/")) {
                p = rest;
            }
            p.trim_end_matches("/**").to_string()
        })
        .collect();
    EXPECTED
        .into_iter()
        .filter(|name| !patterns.iter().any(|p| wildcard(p.as_bytes(), name.as_bytes())))
        .collect()
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let missing = match &model.options.context.dockerignore {
        Some(text) => missing(text),
        None => EXPECTED.to_vec(),
    };
    if missing.is_empty() {
        return;
    }
    let names = missing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let image = model.image_stages();
    for (index, instruction) in model
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| is_context_copy(i))
    {
        let Some(copy) = instruction.as_copy() else { continue };
        let Some(source) = copy
            .sources
            .iter()
            .find(|s| matches!(s.value.as_str(), "." | "./" | "*" | "./*" | "./."))
        else {
            continue;
        };
        let written = text(model, instruction.span.start..instruction.span.end);
        let into = match model.build.stage_of(index) {
            Some(stage) if !image.contains(&stage) => "this build stage and its cache",
            _ => "the image",
        };
        let message = match &model.options.context.dockerignore {
            None => format!(
                "`{written}` copies the whole context: unless a `.dockerignore` excludes them, {names} may be \
                 copied into {into}"
            ),
            Some(_) => format!("`{written}` copies the whole context and `.dockerignore` does not exclude {names}"),
        };
        hits.push(Hit::new(source.span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::{missing, RULE};
    use crate::analysis::Options;
    use crate::rules::testing::{assert_quiet, check, flagged, hits_with};

    fn with_ignore(text: &str) -> Options {
        let mut options = Options::default();
        options.context.dockerignore = Some(text.into());
        options
    }

    #[test]
    fn fires_without_dockerignore() {
        assert_eq!(
            check(&RULE, "FROM python\nCOPY . .\n"),
            ["`COPY . .` copies the whole context: unless a `.dockerignore` excludes them, `.git`, `.venv`, `__pycache__`, `.env` may be copied into the image"]
        );
        // a builder's files stay in that stage, not the image
        assert_eq!(
            check(&RULE, "FROM python AS build\nCOPY . .\nFROM python\nCOPY --from=build /app /app\n"),
            ["`COPY . .` copies the whole context: unless a `.dockerignore` excludes them, `.git`, `.venv`, `__pycache__`, `.env` may be copied into this build stage and its cache"]
        );
        assert_eq!(flagged(&RULE, "FROM python\nADD ./ /app\n"), ["./"]);
        let found = hits_with(&RULE, "FROM python\nCOPY . .\n", &with_ignore(".git\n**/__pycache__\n"));
        assert_eq!(
            found[0].message,
            "`COPY . .` copies the whole context and `.dockerignore` does not exclude `.venv`, `.env`"
        );
    }

    #[test]
    fn quiet_with_a_complete_dockerignore_or_narrow_copies() {
        let complete = with_ignore("# local\n.git/\n.venv\n**/__pycache__/\n.env*\n");
        assert!(hits_with(&RULE, "FROM python\nCOPY . .\n", &complete).is_empty());
        assert!(hits_with(&RULE, "FROM python\nCOPY . .\n", &with_ignore("*\n!src\n")).is_empty());
        assert_quiet(
            &RULE,
            &[
                "FROM python\nCOPY src/ ./src/\n",
                "FROM python\nCOPY --from=build /app .\n",
                "FROM python\nCOPY requirements.txt .\n",
            ],
        );
        assert_eq!(missing(".*\n"), ["__pycache__"]);
    }
}
