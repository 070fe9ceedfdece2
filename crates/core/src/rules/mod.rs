//! The rule registry. A rule is one file holding its metadata, explanation, check and tests; the catalog
//! (CLI `rules`/`explain`, the web catalog page, docs) is generated from [`ALL`], so text cannot drift.

mod base;

use serde::Serialize;

use crate::analysis::{FixAvailability, Severity};
use crate::span::Span;
use crate::syntax::Dockerfile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Base,
    Cache,
    Packages,
    Python,
    Security,
    Correctness,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Base => "base",
            Category::Cache => "cache",
            Category::Packages => "packages",
            Category::Python => "python",
            Category::Security => "security",
            Category::Correctness => "correctness",
        }
    }
}

/// Why a practice matters, with examples and where it comes from: shown by `dflab explain` and the web UI.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Explanation {
    pub summary: &'static str,
    pub why: &'static str,
    pub bad: &'static str,
    pub good: &'static str,
    pub source: &'static str,
}

/// One best practice: its identity, equivalents in other tools, explanation and check.
#[derive(Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub hadolint: &'static [&'static str],
    pub buildkit: &'static [&'static str],
    pub trivy: &'static [&'static str],
    pub fix: FixAvailability,
    pub explanation: Explanation,
    #[serde(skip)]
    pub check: fn(&Context, &mut Vec<Hit>),
}

/// What a rule sees.
pub struct Context<'a> {
    pub source: &'a str,
    pub dockerfile: &'a Dockerfile,
}

/// A rule's report of one instance: where, and a message naming it.
pub struct Hit {
    pub span: Span,
    pub message: String,
}

/// Every rule, in catalog order.
pub static ALL: &[&Rule] = &[&base::untagged_image::RULE];

/// Finds a rule by code, name or an equivalent id (`DL3006`), case-insensitively.
pub fn lookup(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| {
        rule.code.eq_ignore_ascii_case(id)
            || rule.name.eq_ignore_ascii_case(id)
            || rule
                .hadolint
                .iter()
                .chain(rule.buildkit)
                .chain(rule.trivy)
                .any(|other| other.eq_ignore_ascii_case(id))
    })
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Messages the rule reports for `source`, in order.
    pub fn check(rule: &Rule, source: &str) -> Vec<String> {
        let dockerfile = crate::syntax::parse(source);
        let mut hits = Vec::new();
        (rule.check)(
            &Context {
                source,
                dockerfile: &dockerfile,
            },
            &mut hits,
        );
        hits.into_iter().map(|hit| hit.message).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not kebab-case",
                rule.name
            );
            let e = &rule.explanation;
            for (field, text) in [
                ("summary", e.summary),
                ("why", e.why),
                ("bad", e.bad),
                ("good", e.good),
                ("source", e.source),
            ] {
                assert!(!text.trim().is_empty(), "{} has an empty {field}", rule.code);
            }
        }
    }

    #[test]
    fn lookup_accepts_code_name_and_equivalents() {
        let rule = ALL[0];
        assert!(std::ptr::eq(lookup(&rule.code.to_lowercase()).unwrap(), rule));
        assert!(std::ptr::eq(lookup(rule.name).unwrap(), rule));
        if let Some(dl) = rule.hadolint.first() {
            assert!(std::ptr::eq(lookup(dl).unwrap(), rule));
        }
        assert!(lookup("no-such-rule").is_none());
    }
}
