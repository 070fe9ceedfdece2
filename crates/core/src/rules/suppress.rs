//! Suppression comments, honoured for the rules they name:
//!
//! - `# hadolint ignore=DL3008,DL3009` before an instruction, `# hadolint global ignore=...` anywhere;
//! - `# check=skip=JSONArgsRecommended,StageNameCasing` (BuildKit's parser directive; `skip=all` skips every
//!   BuildKit check);
//! - `# trivy:ignore:AVD-DS-0002` (or `DS002`) before an instruction;
//! - our own `# dflab ignore=B001,apt-no-install-recommends` before an instruction, `# dflab global ignore=...`.
//!
//! A comment before an instruction covers the next instruction only, as hadolint and Trivy do.

use super::Rule;
use crate::span::Span;
use crate::syntax::{Dockerfile, ItemKind};

#[derive(Default)]
pub struct Suppressions {
    global: Vec<String>,
    /// Skip every rule with a BuildKit equivalent.
    skip_all_buildkit: bool,
    /// (instruction span, ids) pairs.
    local: Vec<(Span, Vec<String>)>,
}

impl Suppressions {
    pub fn read(tree: &Dockerfile) -> Self {
        let mut suppressions = Suppressions::default();
        for directive in tree.directives.iter().filter(|d| d.name == "check") {
            for setting in directive.value.split(';') {
                if let Some(list) = setting.trim().strip_prefix("skip=") {
                    for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                        if id.eq_ignore_ascii_case("all") {
                            suppressions.skip_all_buildkit = true;
                        } else {
                            suppressions.global.push(id.to_string());
                        }
                    }
                }
            }
        }
        let mut pending: Vec<String> = Vec::new();
        for item in &tree.items {
            match &item.kind {
                ItemKind::Comment => {
                    let text = tree.text(item.span).trim().trim_start_matches('#').trim();
                    match parse_comment(text) {
                        Some((true, ids)) => suppressions.global.extend(ids),
                        Some((false, ids)) => pending.extend(ids),
                        None => {}
                    }
                }
                ItemKind::Instruction(instruction) if !pending.is_empty() => {
                    suppressions
                        .local
                        .push((instruction.span, std::mem::take(&mut pending)));
                }
                _ => {}
            }
        }
        suppressions
    }

    /// Whether a hit of `rule` at `span` is suppressed.
    pub fn covers(&self, rule: &Rule, span: Span) -> bool {
        if self.skip_all_buildkit && !rule.buildkit.is_empty() {
            return true;
        }
        let names = |ids: &[String]| ids.iter().any(|id| names_rule(id, rule));
        names(&self.global)
            || self
                .local
                .iter()
                .any(|(at, ids)| at.start <= span.start && span.start < at.end.max(at.start + 1) && names(ids))
    }
}

/// `(global, ids)` of a suppression comment's text (without the `#`).
fn parse_comment(text: &str) -> Option<(bool, Vec<String>)> {
    let split = |list: &str| {
        list.split(',')
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .collect()
    };
    if let Some(rest) = text.strip_prefix("trivy:ignore:") {
        return Some((false, vec![rest.split_whitespace().next().unwrap_or("").to_string()]));
    }
    let rest = text
        .strip_prefix("hadolint")
        .or_else(|| text.strip_prefix("dflab"))?
        .trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, rest),
    };
    let list = rest.strip_prefix("ignore=")?;
    Some((global, split(list.split_whitespace().next().unwrap_or(""))))
}

/// Whether `id` names the rule: its code or name, or an equivalent id. Trivy ids match in any of their
/// spellings (`DS002`, `DS-0002`, `AVD-DS-0002`).
fn names_rule(id: &str, rule: &Rule) -> bool {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    same(id, rule.code)
        || same(id, rule.name)
        || rule.hadolint.iter().chain(rule.buildkit).any(|other| same(id, other))
        || rule
            .trivy
            .iter()
            .any(|other| trivy_number(id).is_some_and(|n| Some(n) == trivy_number(other)))
}

fn trivy_number(id: &str) -> Option<u32> {
    let upper = id.to_ascii_uppercase();
    let rest = upper.strip_prefix("AVD-").unwrap_or(&upper).strip_prefix("DS")?;
    rest.trim_start_matches('-').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_comment_form() {
        assert_eq!(
            parse_comment("hadolint ignore=DL3008,DL3009"),
            Some((false, vec!["DL3008".into(), "DL3009".into()]))
        );
        assert_eq!(
            parse_comment("hadolint global ignore=DL3006"),
            Some((true, vec!["DL3006".into()]))
        );
        assert_eq!(
            parse_comment("dflab ignore=B001 because"),
            Some((false, vec!["B001".into()]))
        );
        assert_eq!(
            parse_comment("trivy:ignore:AVD-DS-0001"),
            Some((false, vec!["AVD-DS-0001".into()]))
        );
        assert_eq!(parse_comment("just a comment"), None);
    }

    #[test]
    fn trivy_ids_match_in_every_spelling() {
        assert_eq!(trivy_number("AVD-DS-0002"), Some(2));
        assert_eq!(trivy_number("DS002"), Some(2));
        assert_eq!(trivy_number("ds-0002"), Some(2));
        assert_eq!(trivy_number("DL3008"), None);
    }
}
