//! Workshop lessons: a lesson pack format, its validation, and the goal checker shared by the web UI and the CLI.
//!
//! A pack is JSON (documented in `docs/lessons.md`) that front ends read with [`LessonPack::from_json`]: the
//! core's own JSON reader ([`crate::json`]) and a hand-written reader per type of the pack (`read`), so errors
//! name the path and position of the value. The types are `Serialize` (a pack written out reads back the
//! same) but deliberately not `Deserialize`: serde's derived readers cost the wasm several times the code of
//! `read`. A lesson gives a starting Dockerfile that fails its [`Goal`]; the learner edits it until
//! [`check_goal`] reports every check met.
//!
//! ```
//! use dflab_core::lessons::{check_goal, Check, Goal};
//! use dflab_core::{analyze, Options};
//!
//! let goal = Goal { checks: vec![Check::NoFindings(vec!["Y001".into()])] };
//! let analysis = analyze("FROM python:3.12-slim\nRUN pip install flask\n", &Options::default());
//! let report = check_goal(&goal, &analysis);
//! assert!(!report.passed);
//! assert!(report.checks[0].message.starts_with("1 finding of Y001 remains: line 2"));
//! ```

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis::{Analysis, ContextFiles, DiffRow, Options, Severity};
use crate::layers::format_range;
use crate::rules;

mod read;

/// The only `format` a pack may declare; bumped on any incompatible change of the pack shape.
pub const FORMAT_VERSION: u32 = 1;

/// A set of lessons shipped or loaded together (e.g. `static/lessons/python.json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LessonPack {
    /// Must be [`FORMAT_VERSION`].
    pub format: u32,
    pub title: String,
    pub lessons: Vec<Lesson>,
}

/// One exercise: a starting Dockerfile, the goal it fails, hints, and a solution that meets the goal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lesson {
    /// Stable identifier, unique in its pack (used in URLs and by `dflab lesson check`).
    pub id: String,
    pub title: String,
    /// One or two sentences: the situation the learner starts from.
    pub summary: String,
    /// The practice the lesson teaches, in one sentence.
    pub practice: String,
    /// The starting Dockerfile; it must fail the goal.
    pub start: String,
    /// Build-context files the Dockerfile is analysed with (and the learner may edit).
    /// Empty when left out.
    #[serde(skip_serializing_if = "LessonContext::is_empty")]
    pub context: LessonContext,
    pub goal: Goal,
    /// Revealed one at a time, from the gentlest nudge to the near-answer; none when left out.
    pub hints: Vec<String>,
    /// A Dockerfile that meets the goal; shown as a diff against `start`.
    pub solution: String,
    /// Context files of the solution when they differ from `context` (e.g. a lesson about `.dockerignore`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solution_context: Option<LessonContext>,
}

/// Build-context files, keyed by their file name in JSON; each maps to a field of [`ContextFiles`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LessonContext {
    #[serde(rename = "requirements.txt", skip_serializing_if = "Option::is_none")]
    pub requirements_txt: Option<String>,
    #[serde(rename = "pyproject.toml", skip_serializing_if = "Option::is_none")]
    pub pyproject_toml: Option<String>,
    #[serde(rename = ".dockerignore", skip_serializing_if = "Option::is_none")]
    pub dockerignore: Option<String>,
}

impl LessonPack {
    /// Reads a pack from untrusted JSON text. The error is one message: `not valid JSON: ...` or
    /// `not a lesson pack: ...`, with the path and position of the problem (`not a lesson pack:
    /// lessons[1].goal[0]: unknown variant `no_warnings`, expected one of ... at line 9, column 18`). A pack
    /// that reads may still be unusable: see [`validate_pack`].
    pub fn from_json(text: &str) -> Result<LessonPack, String> {
        read::pack_from_text(text).map_err(|error| {
            let kind = if error.is_syntax() {
                "not valid JSON"
            } else {
                "not a lesson pack"
            };
            format!("{kind}: {error}")
        })
    }
}

impl LessonContext {
    pub fn is_empty(&self) -> bool {
        self == &LessonContext::default()
    }

    /// The analysis options for a Dockerfile built with these context files (every default rule runs).
    pub fn options(&self) -> Options {
        Options {
            context: ContextFiles {
                requirements_txt: self.requirements_txt.clone(),
                pyproject_toml: self.pyproject_toml.clone(),
                dockerignore: self.dockerignore.clone(),
                ..ContextFiles::default()
            },
            ..Options::default()
        }
    }
}

impl Lesson {
    /// The context files the solution is checked with.
    pub fn solution_context(&self) -> &LessonContext {
        self.solution_context.as_ref().unwrap_or(&self.context)
    }

    /// The solution as a diff against the start, in the rows of the rewrite's diff view.
    pub fn solution_diff(&self) -> Vec<DiffRow> {
        crate::rewrite::diff::line_diff(&self.start, &self.solution)
    }

    /// Analyses the learner's Dockerfile with the given context files (usually `lesson.context`, as edited
    /// by the learner) and checks the goal: the one call a front end needs. Suppression comments are ignored
    /// (see [`without_suppressions`]), so a goal cannot be met by silencing the rule it names; the analysis
    /// returned is of that text, whose spans are those of `source`.
    pub fn check(&self, source: &str, context: &LessonContext) -> (Analysis, GoalReport) {
        let analysis = crate::analyze(&without_suppressions(source), &context.options());
        let report = check_goal(&self.goal, &analysis);
        (analysis, report)
    }
}

/// `source` with every suppression comment (`# hadolint ...`, `# dflab ...`, `# trivy:ignore...`,
/// `# check=skip=...`) blanked to `#` and spaces of the same byte length, so that every byte offset and line
/// of the analysis stays that of `source`.
pub fn without_suppressions(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim_start();
        let suppressing = trimmed.strip_prefix('#').is_some_and(|body| {
            let body = body.trim_start().to_ascii_lowercase();
            body.starts_with("hadolint")
                || body.starts_with("dflab")
                || body.starts_with("trivy:ignore")
                || body
                    .strip_prefix("check")
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        if suppressing {
            let indent = text.len() - trimmed.len();
            out.push_str(&text[..indent]);
            out.push('#');
            out.extend(std::iter::repeat_n(' ', trimmed.len() - 1));
            out.push_str(&line[text.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// What the learner must reach: every check must hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Goal {
    pub checks: Vec<Check>,
}

/// One condition on the [`Analysis`] of the learner's Dockerfile. In JSON, an object with one key:
/// `{ "no_findings": ["Y001"] }`. Unknown keys are an error naming the known ones (see `read`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// None of these rules reports anything (rule codes, names, or hadolint/BuildKit/Trivy ids).
    NoFindings(Vec<String>),
    /// At most `count` findings at `severity` or above, from any rule.
    MaxFindings { severity: Severity, count: usize },
    /// The estimated final image is at most this many megabytes (10^6 bytes), upper bound of the range.
    /// Fails when the estimate is unknown.
    FinalImageUnderMb(u64),
    /// The final stage contains this instruction (keyword, any case).
    HasInstruction(String),
    /// `true`: the final stage switches to a user other than root (a `USER` instruction, and no S001 finding).
    UserNotRoot(bool),
    /// The Dockerfile has at least this many build stages (`FROM` instructions).
    MinStages(usize),
}

impl Check {
    /// What the check asks for, for listing goals before any attempt.
    pub fn describe(&self) -> String {
        match self {
            Check::NoFindings(ids) => {
                let names: Vec<String> = ids.iter().map(|id| rule_label(id)).collect();
                format!("no findings of {}", names.join(", "))
            }
            Check::MaxFindings { severity, count: 0 } => {
                format!("no findings of severity {} or above", severity.as_str())
            }
            Check::MaxFindings { severity, count } => format!(
                "at most {} of severity {} or above",
                plural(*count, "finding", "findings"),
                severity.as_str()
            ),
            Check::FinalImageUnderMb(mb) => format!("final image estimated under {mb} MB"),
            Check::HasInstruction(keyword) => format!("the final stage has a {} instruction", keyword_upper(keyword)),
            Check::UserNotRoot(true) => "the final image runs as a non-root user".into(),
            Check::UserNotRoot(false) => "the final image runs as root".into(),
            Check::MinStages(n) => format!("at least {n} build stages"),
        }
    }
}

/// `Y001 (pip-no-cache-dir)` for known rules, the id as written otherwise.
fn rule_label(id: &str) -> String {
    match rules::lookup(id) {
        Some(rule) => format!("{} ({})", rule.code, rule.name),
        None => id.to_string(),
    }
}

/// The outcome of every check of a goal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalReport {
    /// The file parses and every check passed.
    pub passed: bool,
    pub checks: Vec<CheckResult>,
    /// Why BuildKit rejects the file (`line N: message`), if it does. A file that does not build meets no goal,
    /// whatever its checks say: one stray character can hide the very finding a check looks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syntax_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    pub check: Check,
    /// [`Check::describe`].
    pub description: String,
    pub passed: bool,
    /// What was found: why it passed, or what remains to fix (with line numbers).
    pub message: String,
}

/// Checks every condition of `goal` against an analysis (made with the lesson's context files).
pub fn check_goal(goal: &Goal, analysis: &Analysis) -> GoalReport {
    let checks: Vec<CheckResult> = goal
        .checks
        .iter()
        .map(|check| {
            let (passed, message) = evaluate(check, analysis);
            CheckResult {
                check: check.clone(),
                description: check.describe(),
                passed,
                message,
            }
        })
        .collect();
    let syntax_error = analysis
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::Severity::Error)
        .map(|d| format!("line {}: {}", d.span.line, d.message));
    GoalReport {
        passed: syntax_error.is_none() && checks.iter().all(|c| c.passed),
        checks,
        syntax_error,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `line 3` or `lines 3, 7`, each line once.
fn lines(lines: impl Iterator<Item = u32>) -> String {
    // A sorted insert rather than a set: a handful of lines, and no set or sort code in the web bundle.
    let mut sorted: Vec<u32> = Vec::new();
    for line in lines {
        let at = sorted.partition_point(|&l| l < line);
        if sorted.get(at) != Some(&line) {
            sorted.insert(at, line);
        }
    }
    let lines: Vec<String> = sorted.iter().map(|l| l.to_string()).collect();
    format!(
        "{} {}",
        if lines.len() == 1 { "line" } else { "lines" },
        lines.join(", ")
    )
}

fn final_stage(analysis: &Analysis) -> Option<usize> {
    analysis.instructions.iter().filter_map(|i| i.stage).max()
}

fn evaluate(check: &Check, analysis: &Analysis) -> (bool, String) {
    match check {
        Check::NoFindings(ids) => {
            let mut remaining = Vec::new();
            for id in ids {
                let Some(rule) = rules::lookup(id) else {
                    return (false, format!("unknown rule `{id}` in the goal (see `dflab rules`)"));
                };
                let found: Vec<_> = analysis.findings.iter().filter(|f| f.rule == rule.code).collect();
                if let Some(first) = found.first() {
                    remaining.push(format!(
                        "{} of {} {}: {} ({})",
                        plural(found.len(), "finding", "findings"),
                        rule.code,
                        if found.len() == 1 { "remains" } else { "remain" },
                        lines(found.iter().map(|f| f.span.line)),
                        first.message
                    ));
                }
            }
            if remaining.is_empty() {
                (true, "none found".into())
            } else {
                (false, remaining.join("; "))
            }
        }
        Check::MaxFindings { severity, count } => {
            let found: Vec<_> = analysis.findings.iter().filter(|f| f.severity >= *severity).collect();
            if found.len() <= *count {
                (
                    true,
                    format!(
                        "{} of severity {} or above",
                        plural(found.len(), "finding", "findings"),
                        severity.as_str()
                    ),
                )
            } else {
                let listed: Vec<String> = found
                    .iter()
                    .map(|f| format!("{} line {}", f.rule, f.span.line))
                    .collect();
                (
                    false,
                    format!(
                        "{} of severity {} or above (at most {count} allowed): {}",
                        plural(found.len(), "finding", "findings"),
                        severity.as_str(),
                        listed.join(", ")
                    ),
                )
            }
        }
        Check::FinalImageUnderMb(mb) => match analysis.layers.before.total {
            None => (
                false,
                "the final image size is unknown (a base image or a layer could not be estimated); \
                 use a base image the estimator knows, such as python:3.12-slim"
                    .into(),
            ),
            Some(total) => {
                let limit = mb.saturating_mul(1_000_000);
                let estimate = format_range(total);
                if total.high <= limit {
                    (true, format!("estimated {estimate}"))
                } else {
                    (false, format!("estimated {estimate}, over {mb} MB"))
                }
            }
        },
        Check::HasInstruction(keyword) => {
            let keyword = keyword_upper(keyword);
            let last = final_stage(analysis);
            let found: Vec<_> = analysis
                .instructions
                .iter()
                .filter(|i| i.keyword == keyword && i.stage == last)
                .collect();
            match found.first() {
                Some(first) => (true, format!("{keyword} on line {}", first.span.line)),
                None => (false, format!("the final stage has no {keyword} instruction")),
            }
        }
        Check::UserNotRoot(expected) => {
            let last = final_stage(analysis);
            let user_lines: Vec<u32> = analysis
                .instructions
                .iter()
                .filter(|i| i.keyword == "USER" && i.stage == last)
                .map(|i| i.span.line)
                .collect();
            let root = analysis.findings.iter().find(|f| f.rule == "S001");
            let (not_root, message) = match (root, user_lines.last()) {
                (Some(f), _) => (false, format!("line {}: {}", f.span.line, f.message)),
                (None, None) => (
                    false,
                    "the final stage has no USER instruction, so it runs as root".to_string(),
                ),
                (None, Some(line)) => (true, format!("USER on line {line}")),
            };
            (not_root == *expected, message)
        }
        Check::MinStages(n) => {
            let stages = final_stage(analysis).map_or(0, |s| s + 1);
            let message = plural(stages, "stage", "stages");
            (stages >= *n, message)
        }
    }
}

/// Problems of a pack that was read: one message per problem, empty when the pack is sound. Checks the
/// format version, ids (non-empty, unique, URL-safe), required text, goals (non-empty, known and enabled
/// rules), and that `start` and `solution` parse.
pub fn validate_pack(pack: &LessonPack) -> Vec<String> {
    let mut problems = Vec::new();
    if pack.format != FORMAT_VERSION {
        problems.push(format!(
            "unsupported pack format {} (this version reads format {FORMAT_VERSION})",
            pack.format
        ));
    }
    if pack.title.trim().is_empty() {
        problems.push("the pack has an empty title".into());
    }
    if pack.lessons.is_empty() {
        problems.push("the pack has no lessons".into());
    }
    let mut seen = BTreeSet::new();
    for (index, lesson) in pack.lessons.iter().enumerate() {
        let name = if lesson.id.is_empty() {
            format!("lesson #{}", index + 1)
        } else {
            format!("lesson `{}`", lesson.id)
        };
        let mut problem = |text: String| problems.push(format!("{name}: {text}"));
        if lesson.id.is_empty() {
            problem("empty id".into());
        } else if !lesson
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problem("the id may only contain a-z, 0-9 and `-`".into());
        }
        if !lesson.id.is_empty() && !seen.insert(lesson.id.as_str()) {
            problem("duplicate id".into());
        }
        for (field, text) in [
            ("title", &lesson.title),
            ("summary", &lesson.summary),
            ("practice", &lesson.practice),
            ("start", &lesson.start),
            ("solution", &lesson.solution),
        ] {
            if text.trim().is_empty() {
                problem(format!("empty {field}"));
            }
        }
        if lesson.hints.iter().any(|h| h.trim().is_empty()) {
            problem("an empty hint".into());
        }
        if lesson.goal.checks.is_empty() {
            problem("the goal has no checks".into());
        }
        for check in &lesson.goal.checks {
            match check {
                Check::NoFindings(ids) => {
                    if ids.is_empty() {
                        problem("`no_findings` lists no rule".into());
                    }
                    for id in ids {
                        match rules::lookup(id) {
                            None => problem(format!("unknown rule `{id}` in `no_findings`")),
                            Some(rule) if !rule.enabled => problem(format!(
                                "rule `{id}` ({}) is off by default, so `no_findings` would always pass",
                                rule.code
                            )),
                            Some(_) => {}
                        }
                    }
                }
                Check::HasInstruction(keyword)
                    if keyword.trim().is_empty() || keyword.contains(char::is_whitespace) =>
                {
                    problem(format!("`has_instruction` needs one keyword, not `{keyword}`"))
                }
                Check::FinalImageUnderMb(0) => problem("`final_image_under_mb` of 0 can never pass".into()),
                Check::MinStages(0) => problem("`min_stages` of 0 always passes".into()),
                _ => {}
            }
        }
        for (field, text) in [("start", &lesson.start), ("solution", &lesson.solution)] {
            if text.trim().is_empty() {
                continue;
            }
            let tree = crate::syntax::parse(text);
            if let Some(reason) = tree.rejected() {
                problem(format!(
                    "{field} would be rejected by BuildKit: line {}: {}",
                    reason.span.line, reason.message
                ));
            }
        }
    }
    problems
}

/// A `has_instruction` keyword in upper case, as instruction keywords are compared. Keywords are ASCII;
/// beyond ASCII only the letters whose Unicode upper case is ASCII are mapped (so `ſ`, `ı`, `ß` and the
/// Latin ligatures match as `str::to_uppercase` would have them), other characters are kept as they are:
/// no Unicode case tables in the wasm for a keyword that could not match an instruction anyway.
fn keyword_upper(keyword: &str) -> String {
    let mut out = String::with_capacity(keyword.len());
    for c in keyword.chars() {
        match c {
            'ı' => out.push('I'),
            'ſ' => out.push('S'),
            'ß' => out.push_str("SS"),
            'ﬀ' => out.push_str("FF"),
            'ﬁ' => out.push_str("FI"),
            'ﬂ' => out.push_str("FL"),
            'ﬃ' => out.push_str("FFI"),
            'ﬄ' => out.push_str("FFL"),
            'ﬅ' | 'ﬆ' => out.push_str("ST"),
            c => out.push(c.to_ascii_uppercase()),
        }
    }
    out
}

#[cfg(test)]
mod case_tests {
    #[test]
    fn keyword_upper_agrees_with_unicode_where_the_result_is_ascii() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let unicode = c.to_uppercase().to_string();
            if unicode.is_ascii() {
                assert_eq!(super::keyword_upper(&c.to_string()), unicode, "{c:?}");
            }
        }
        assert_eq!(super::keyword_upper("healthcheck"), "HEALTHCHECK");
    }

    #[test]
    fn stage_key_agrees_with_unicode_where_the_result_is_ascii() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let unicode = c.to_lowercase().to_string();
            if unicode.is_ascii() {
                assert_eq!(crate::model::stage_key(&c.to_string()), unicode, "{c:?}");
            }
        }
    }

    #[test]
    fn rule_texts_have_no_letters_beyond_ascii() {
        // The web catalog's search folds case in ASCII (plus the Kelvin sign): exact only while this holds.
        for rule in crate::rules::ALL {
            let e = &rule.explanation;
            for text in [rule.code, rule.name, rule.category.as_str(), e.summary, e.why, e.source]
                .into_iter()
                .chain(rule.hadolint.iter().copied())
                .chain(rule.buildkit.iter().copied())
                .chain(rule.trivy.iter().copied())
            {
                assert!(
                    !text.chars().any(|c| !c.is_ascii() && c.is_alphabetic()),
                    "{}: {text}",
                    rule.code
                );
            }
        }
    }
}
