//! Findings as Markdown, for an issue or a pull-request comment: `dflab check --format markdown` and the page's
//! "Copy as Markdown" buttons print the same text.
//!
//! Written for GitHub-flavoured Markdown (what GitHub, GitLab and Gitea render): a table of findings, each rule
//! explained once below it in a collapsed `<details>`. A finding's message is already Markdown (code in
//! backticks); everything else that comes from the user's file (paths, source lines) is escaped or fenced.

use crate::analysis::{Analysis, Diagnostic, Finding, FixAvailability, Severity};
use crate::rules;

/// The rule id under which syntax errors are reported: BuildKit rejects the file, so it cannot build.
pub const SYNTAX_ERROR: &str = "syntax-error";

/// One checked file, as a report sees it.
pub struct ReportFile<'a> {
    /// The path as the user named it (shown in code spans).
    pub path: &'a str,
    pub source: &'a str,
    /// Syntax errors first, then the rules' findings ([`reported_findings`]).
    pub findings: &'a [Finding],
}

/// What `check` reports for one analysis: BuildKit's syntax errors as findings (so every format and
/// `--fail-on` treat them alike), then the rules' findings. Parser warnings are left out, since each has a rule
/// of its own (e.g. C012 for empty continuation lines).
pub fn reported_findings(analysis: &Analysis) -> Vec<Finding> {
    let mut findings: Vec<Finding> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(syntax_error)
        .collect();
    findings.extend(analysis.findings.iter().cloned());
    findings
}

fn syntax_error(diagnostic: &Diagnostic) -> Finding {
    Finding {
        rule: SYNTAX_ERROR.into(),
        name: SYNTAX_ERROR.into(),
        category: "syntax".into(),
        severity: Severity::Error,
        message: format!("{} (BuildKit rejects the file)", diagnostic.message),
        span: diagnostic.span,
        fix: FixAvailability::None,
        hadolint: Vec::new(),
        buildkit: Vec::new(),
        trivy: Vec::new(),
        stage_note: None,
    }
}

/// The whole report: a heading with the counts, one table per file, and each rule that fired explained once.
pub fn report(files: &[ReportFile]) -> String {
    let all: Vec<&Finding> = files.iter().flat_map(|f| f.findings).collect();
    let mut out = String::new();
    let subject = match files {
        [one] => format!("in {}", code_span(one.path)),
        _ => format!("in {} files", files.len()),
    };
    if all.is_empty() {
        out.push_str(&format!("### Dockerfile Lab: no problems found {subject}\n"));
        return out;
    }
    out.push_str(&format!(
        "### Dockerfile Lab: {} {subject}\n\n{}\n",
        plural(all.len(), "problem"),
        counts(&all)
    ));
    for file in files.iter().filter(|f| !f.findings.is_empty()) {
        if files.len() > 1 {
            out.push_str(&format!("\n#### {}\n", code_span(file.path)));
        }
        out.push_str("\n| Severity | Line | Rule | Finding |\n|---|---|---|---|\n");
        for finding in file.findings {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                finding.severity.as_str(),
                finding.span.line,
                rule_label(finding),
                table_cell(&with_stage_note(finding))
            ));
        }
    }
    let mut explained: Vec<&str> = Vec::new();
    let mut why = String::new();
    for finding in &all {
        if explained.contains(&finding.rule.as_str()) {
            continue;
        }
        explained.push(&finding.rule);
        if let Some(rule) = rules::lookup(&finding.rule) {
            why.push_str(&format!(
                "- **{} {}**: {} {}\n",
                rule.code,
                code_span(rule.name),
                rule.explanation.summary,
                rule.explanation.why
            ));
        }
    }
    if !why.is_empty() {
        out.push_str(&format!(
            "\n<details><summary>Why these rules</summary>\n\n{why}\n</details>\n"
        ));
    }
    out
}

/// One finding on its own: what, where (with the source lines), why, and its ids in other tools.
pub fn finding(path: &str, source: &str, finding: &Finding) -> String {
    let mut out = format!(
        "**{} {}** · {} line {}\n\n{}\n",
        finding.severity.as_str(),
        rule_label(finding),
        code_span(path),
        finding.span.line,
        single_paragraph(&with_stage_note(finding))
    );
    let lines: Vec<&str> = source
        .lines()
        .skip(finding.span.line.saturating_sub(1) as usize)
        .take((finding.span.end_line.max(finding.span.line) - finding.span.line + 1).min(12) as usize)
        .collect();
    if !lines.is_empty() {
        out.push_str(&fenced("dockerfile", &lines.join("\n")));
    }
    if let Some(rule) = rules::lookup(&finding.rule) {
        out.push_str(&format!("\n{} {}\n", rule.explanation.summary, rule.explanation.why));
    }
    let equivalents: Vec<String> = [
        ("hadolint", &finding.hadolint),
        ("BuildKit", &finding.buildkit),
        ("Trivy", &finding.trivy),
    ]
    .into_iter()
    .filter(|(_, ids)| !ids.is_empty())
    .map(|(tool, ids)| format!("{tool} {}", ids.join(", ")))
    .collect();
    if !equivalents.is_empty() {
        out.push_str(&format!("\nAlso known as: {}.\n", equivalents.join("; ")));
    }
    out
}

/// "C021 `pipe-without-pipefail`", or just "`syntax-error`" for what has no code of its own.
fn rule_label(finding: &Finding) -> String {
    if finding.rule == finding.name {
        code_span(&finding.name)
    } else {
        format!("{} {}", finding.rule, code_span(&finding.name))
    }
}

/// "1 error, 2 warnings."
fn counts(findings: &[&Finding]) -> String {
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ]
    .into_iter()
    .map(|(severity, word)| (findings.iter().filter(|f| f.severity == severity).count(), word))
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| plural(n, word))
    .collect();
    format!("{}.", parts.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Text from the user's file as an inline code span: a fence longer than any run of backticks inside it, and
/// padded with spaces where it starts or ends with one (CommonMark, "Code spans").
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let fence = "`".repeat(longest_run(&text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A fenced code block that no line of `text` can close early.
fn fenced(language: &str, text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    format!("\n{fence}{language}\n{text}\n{fence}\n")
}

fn longest_run(text: &str, of: char) -> usize {
    let (mut longest, mut current) = (0, 0);
    for c in text.chars() {
        current = if c == of { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

/// The message, followed by what its stage is for when it is not an image that ships.
fn with_stage_note(finding: &Finding) -> String {
    match &finding.stage_note {
        Some(note) => format!("{} ({note})", finding.message),
        None => finding.message.clone(),
    }
}

/// A message (Markdown with code spans) as one paragraph with no raw HTML: line breaks become spaces and `<`
/// outside code spans is escaped, so a message quoting the file cannot open a tag.
fn single_paragraph(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_code = false;
    for c in message.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '<' if !in_code => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    out
}

/// A message inside a table cell: one paragraph, and `|` escaped (GitHub honours `\|` inside code spans in
/// tables too).
fn table_cell(message: &str) -> String {
    single_paragraph(message).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Options};

    fn checked(source: &str) -> Vec<Finding> {
        reported_findings(&analyze(source, &Options::default()))
    }

    #[test]
    fn report_lists_every_finding_in_a_table_and_explains_each_rule_once() {
        let source = "FROM python\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n";
        let findings = checked(source);
        assert!(findings.len() >= 3, "{findings:?}");
        let text = report(&[ReportFile {
            path: "Dockerfile",
            source,
            findings: &findings,
        }]);
        assert!(text.starts_with(&format!(
            "### Dockerfile Lab: {} problems in `Dockerfile`\n",
            findings.len()
        )));
        let rows = text
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Severity"))
            .count();
        assert_eq!(rows, findings.len());
        let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        let explained = text.lines().filter(|l| l.starts_with("- **")).count();
        assert_eq!(explained, rules.len());
    }

    #[test]
    fn a_clean_file_says_so() {
        let text = report(&[ReportFile {
            path: "app/Dockerfile",
            source: "",
            findings: &[],
        }]);
        assert_eq!(text, "### Dockerfile Lab: no problems found in `app/Dockerfile`\n");
    }

    #[test]
    fn a_syntax_error_is_reported_as_a_finding_first() {
        let source = "FROM python:3.12-slim\nCOPY. .\n";
        let findings = checked(source);
        assert_eq!(findings[0].rule, SYNTAX_ERROR);
        assert_eq!(findings[0].span.line, 2);
    }

    #[test]
    fn text_from_the_file_cannot_break_the_markdown() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(table_cell("a | b `c|d` <script>"), "a \\| b `c\\|d` &lt;script>");
        let f = Finding {
            rule: "C001".into(),
            name: "x".into(),
            category: "correctness".into(),
            severity: Severity::Warning,
            message: "m".into(),
            span: crate::span::Span {
                line: 1,
                end_line: 1,
                ..Default::default()
            },
            fix: FixAvailability::None,
            hadolint: vec![],
            buildkit: vec![],
            trivy: vec![],
            stage_note: None,
        };
        let text = finding("Dockerfile", "RUN echo ```\n", &f);
        assert!(text.contains("\n````dockerfile\nRUN echo ```\n````\n"), "{text}");
    }

    #[test]
    fn one_finding_quotes_its_lines_and_explains_its_rule() {
        let source = "FROM python:3.12-slim\nRUN pip install flask\n";
        let findings = checked(source);
        let pip = findings
            .iter()
            .find(|f| f.span.line == 2)
            .expect("a finding on the pip line");
        let text = finding("Dockerfile", source, pip);
        assert!(text.starts_with(&format!(
            "**{} {} `{}`** · `Dockerfile` line 2\n",
            pip.severity.as_str(),
            pip.rule,
            pip.name
        )));
        assert!(text.contains("```dockerfile\nRUN pip install flask\n```"), "{text}");
        let rule = rules::lookup(&pip.rule).expect("a registered rule");
        assert!(text.contains(rule.explanation.why), "{text}");
    }
}
