use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::run_commands::{is_context_copy, text};
use crate::shell::Program;
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

/// What a `.dockerignore` should exclude before the whole context is copied, in any project: the history
/// and local secrets. With a `.dockerignore` written, these are not asked for again: `.git` is in the
/// context only when the context is the repository's root, which the file does not show, and a missing
/// `.env` is S005's finding.
const ANY_PROJECT: [&str; 2] = [".git", ".env"];
/// What a Python project makes locally that must not reach the image.
const PYTHON: [&str; 2] = [".venv", "__pycache__"];
/// What a Node project makes locally (built for the host's platform).
const NODE: [&str; 1] = ["node_modules"];

/// Which ecosystems each stage's own commands use, as (Python, Node), in one pass over the commands (a pass
/// per COPY would be quadratic in a long file).
fn stage_ecosystems(model: &Model) -> Vec<(bool, bool)> {
    let mut found = vec![(false, false); model.build.stages.len()];
    for cmd in model.commands() {
        let Some(slot) = model.build.stage_of(cmd.index).and_then(|s| found.get_mut(s)) else {
            continue;
        };
        match &cmd.command.program {
            Program::Pip(_) | Program::Uv(_) | Program::Poetry(_) | Program::Pipenv(_) => slot.0 = true,
            Program::Node(_) => slot.1 = true,
            _ => {}
        }
    }
    found
}

/// The local folders of the ecosystems the stage of instruction `at` builds with: Python when its base is a
/// Python image or its chain runs pip, uv, Poetry or Pipenv; Node when its base is a Node image or its chain
/// runs npm, Yarn or pnpm.
fn ecosystem_folders(model: &Model, ecosystems: &[(bool, bool)], at: usize) -> Vec<&'static str> {
    let Some(stage) = model.build.stage_of(at).map(|s| &model.build.stages[s]) else {
        return Vec::new();
    };
    let base = match model.root_base(stage) {
        crate::model::Base::Image { reference, .. } => reference.to_ascii_lowercase(),
        _ => String::new(),
    };
    let (mut python, mut node) = (base.contains("python") || base.contains("astral-sh/uv"), base.contains("node"));
    for member in model.stage_chain(stage) {
        let (p, n) = ecosystems.get(member.index).copied().unwrap_or_default();
        python |= p;
        node |= n;
    }
    let mut folders = Vec::new();
    if python {
        folders.extend(PYTHON);
    }
    if node {
        folders.extend(NODE);
    }
    folders
}

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

/// The `expected` entries the `.dockerignore` text does not exclude.
fn missing(dockerignore: &str, expected: &[&'static str]) -> Vec<&'static str> {
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
    expected
        .iter()
        .copied()
        .filter(|name| !patterns.iter().any(|p| wildcard(p.as_bytes(), name.as_bytes())))
        .collect()
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let image = model.image_stages();
    let ecosystems = stage_ecosystems(model);
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
        let folders = ecosystem_folders(model, &ecosystems, index);
        let missing = match &model.options.context.dockerignore {
            Some(text) => missing(text, &folders),
            None => ANY_PROJECT.iter().copied().chain(folders).collect(),
        };
        if missing.is_empty() {
            continue;
        }
        let names = missing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
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
            ["`COPY . .` copies the whole context: unless a `.dockerignore` excludes them, `.git`, `.env`, `.venv`, `__pycache__` may be copied into the image"]
        );
        // a builder's files stay in that stage, not the image
        assert_eq!(
            check(&RULE, "FROM python AS build\nCOPY . .\nFROM python\nCOPY --from=build /app /app\n"),
            ["`COPY . .` copies the whole context: unless a `.dockerignore` excludes them, `.git`, `.env`, `.venv`, `__pycache__` may be copied into this build stage and its cache"]
        );
        assert_eq!(flagged(&RULE, "FROM python\nADD ./ /app\n"), ["./"]);
        let found = hits_with(&RULE, "FROM python\nCOPY . .\n", &with_ignore(".git\n**/__pycache__\n"));
        assert_eq!(
            found[0].message,
            "`COPY . .` copies the whole context and `.dockerignore` does not exclude `.venv`"
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
        assert_eq!(missing(".*\n", &super::PYTHON), ["__pycache__"]);
    }

    /// microservices-demo's cartservice (.NET) and paymentservice (Node) have their own `.dockerignore`:
    /// Python's folders are not theirs to exclude, `.git` is outside their sub-folder context, and a
    /// missing `.env` is S005's finding.
    #[test]
    fn names_only_the_stage_ecosystem_folders() {
        let dotnet = "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /app\nCOPY . .\nRUN dotnet publish -o /out\n";
        assert!(hits_with(&RULE, dotnet, &with_ignore("**/bin/\n**/obj/\n")).is_empty());
        assert_eq!(
            check(&RULE, dotnet),
            ["`COPY . .` copies the whole context: unless a `.dockerignore` excludes them, `.git`, `.env` may be copied into the image"]
        );
        let node = "FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
        assert!(hits_with(&RULE, node, &with_ignore("node_modules\n")).is_empty());
        assert_eq!(
            hits_with(&RULE, node, &with_ignore("*.log\n"))[0].message,
            "`COPY . .` copies the whole context and `.dockerignore` does not exclude `node_modules`"
        );
    }

    #[test]
    fn quotes_the_instruction_as_written_on_one_line() {
        // A Windows path keeps its backslashes; the file's own escape character continues the line.
        let windows = check(
            &RULE,
            "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --chown=app . `\n    C:\\app\\\n",
        );
        assert!(windows[0].starts_with("`COPY --chown=app . C:\\app\\` copies the whole context"), "{windows:?}");
        // A backslash continuation and a comment line inside the instruction are not quoted.
        let continued = check(&RULE, "FROM python:3.12\nCOPY . \\\n  # the app\n  /app\n");
        assert!(continued[0].starts_with("`COPY . /app` copies"), "{continued:?}");
    }
}
