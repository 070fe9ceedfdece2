//! The rewriter: fixes contributed by rules, applied as text edits on spans of the lossless tree.
//!
//! Safe fixes are always applied; opt-in fixes only when [`Options::opt_in`] names their rule (or `all`).
//! Each pass applies every chosen fix that does not clash with an earlier one ([`apply::select`]), then the
//! text is parsed and checked again, until no fix applies (a fixpoint) or [`MAX_PASSES`] is reached. A pass
//! that would make BuildKit reject the file is retried fix by fix, dropping the fixes that break it. Bytes
//! outside the edited spans are never touched, so comments, blank lines, indentation, continuations, the
//! escape character and heredoc bodies stay as written.

mod apply;
pub mod diff;
mod dockerignore;
mod edit;

use std::collections::BTreeMap;

use crate::analysis::{ChangeGroup, FixAvailability, Rewrite};
use crate::model::Model;
use crate::syntax::{self, Dockerfile};
pub use apply::Candidate;
use apply::Region;
pub use edit::{Edit, Effect, Fix};

/// Enough for fixes that enable other fixes (e.g. a merged `apt-get update` whose install then gets `-y`);
/// a rewrite that has not settled by then stops rather than loop.
pub const MAX_PASSES: usize = 8;

/// Where the rewriter gets its fixes (the rules, which it does not know by name).
pub trait FixSource {
    /// Every fix offered for the text of `model`, safe or opt-in, chosen or not.
    fn offers(&self, model: &Model) -> Vec<Candidate>;
    /// Whether the user chose the opt-in fixes of this rule (by code).
    fn opted_in(&self, rule: &str) -> bool;
}

/// Rewrites the Dockerfile of `model`; `first_pass` is what `fixes` offers for it, which the caller already
/// has. Also returns the parse of the rewritten text when it differs from the original, for the caller's
/// "after" views (each pass parses its result once, and that parse is reused).
pub fn rewrite(model: &Model, first_pass: &[Candidate], fixes: &dyn FixSource) -> (Rewrite, Option<Dockerfile>) {
    let (source, options) = (model.source, model.options);
    let mut groups: BTreeMap<String, ChangeGroup> = BTreeMap::new();
    for offer in first_pass {
        add_group(&mut groups, offer);
    }
    let originally_rejected = model.tree.rejected().is_some();
    let mut text = source.to_string();
    let mut tree: Option<Dockerfile> = None;
    let mut regions: Vec<Region> = Vec::new();
    for pass in 0..MAX_PASSES {
        let candidates = match &tree {
            Some(current) if pass > 0 => wanted(fixes.offers(&Model::new(current, options)), fixes),
            _ => wanted(first_pass.to_vec(), fixes),
        };
        let chosen = apply::select(&text, candidates);
        if chosen.is_empty() {
            break;
        }
        // A fix can first be offered in a later pass (e.g. once two RUNs are joined): its group is listed too.
        for offer in &chosen {
            add_group(&mut groups, offer);
        }
        let mut next_regions = regions.clone();
        let mut next = apply::apply(&text, &chosen, &mut next_regions);
        let mut next_tree = syntax::parse(&next);
        if !originally_rejected && next_tree.rejected().is_some() {
            (next, next_regions) = one_by_one(&text, chosen, &regions);
            next_tree = syntax::parse(&next);
        }
        if next == text {
            break;
        }
        text = next;
        tree = Some(next_tree);
        regions = next_regions;
    }
    for region in &regions {
        if let Some(group) = groups.get_mut(&region.group) {
            group.applied = true;
        }
    }
    let mut diff = diff::line_diff(source, &text);
    tag_rows(&mut diff, &text, &regions);
    let dockerignore = dockerignore::suggest(model.tree, options);
    (
        Rewrite {
            text,
            changes: groups.into_values().collect(),
            diff,
            dockerignore,
        },
        tree,
    )
}

fn add_group(groups: &mut BTreeMap<String, ChangeGroup>, offer: &Candidate) {
    groups.entry(offer.group.clone()).or_insert_with(|| ChangeGroup {
        id: offer.group.clone(),
        rules: vec![offer.group.clone()],
        title: offer.fix.title.clone(),
        fix: offer.fix.safety,
        applied: false,
        warning: offer.fix.warning.clone(),
        withheld: None,
    });
}

/// The fixes a pass may apply: safe ones, and opt-in ones the user asked for.
fn wanted(mut offers: Vec<Candidate>, fixes: &dyn FixSource) -> Vec<Candidate> {
    offers.retain(|offer| match offer.fix.safety {
        FixAvailability::Safe => true,
        FixAvailability::OptIn => fixes.opted_in(&offer.group),
        FixAvailability::None => false,
    });
    offers
}

/// Applies fixes one at a time, keeping each only if BuildKit still accepts the result.
fn one_by_one(text: &str, chosen: Vec<Candidate>, regions: &[Region]) -> (String, Vec<Region>) {
    let mut text = text.to_string();
    let mut regions = regions.to_vec();
    for candidate in chosen {
        let Some(candidate) = apply::select(&text, vec![candidate]).pop() else {
            continue;
        };
        let mut trial_regions = regions.clone();
        let trial = apply::apply(&text, std::slice::from_ref(&candidate), &mut trial_regions);
        if syntax::parse(&trial).rejected().is_none() {
            text = trial;
            regions = trial_regions;
        }
    }
    (text, regions)
}

/// Tags each diff row with the groups whose edits touch its new line; a removed line, having none, looks at
/// the gap where it was: the new text from the start of the line before its block of changed rows to the start
/// of the line after it (lines are paired by content inside a block, so the new lines a removal sits between
/// need not be its neighbours in the block).
fn tag_rows(rows: &mut [crate::analysis::DiffRow], text: &str, regions: &[Region]) {
    use crate::analysis::DiffKind;
    let lines = diff::line_ranges(text);
    let new_range = |row: &crate::analysis::DiffRow| row.new_line.map(|n| lines[n as usize - 1].clone());
    // For each row, the start of the last `Same` line before it and of the first `Same` line after it.
    let mut gap_start = vec![0; rows.len()];
    let mut start = 0;
    for (i, row) in rows.iter().enumerate() {
        gap_start[i] = start;
        if let (DiffKind::Same, Some(range)) = (row.kind, new_range(row)) {
            start = range.start;
        }
    }
    let mut gap_end = vec![text.len(); rows.len()];
    let mut end = text.len();
    for (i, row) in rows.iter().enumerate().rev() {
        gap_end[i] = end;
        if let (DiffKind::Same, Some(range)) = (row.kind, new_range(row)) {
            end = range.start;
        }
    }
    // Regions by start, with the furthest end reached so far: the regions overlapping a row are found by
    // walking back from the last one starting before the row's end (a scan of all regions per row was
    // quadratic in a long file's changes).
    let mut by_start: Vec<&Region> = regions.iter().collect();
    crate::sort::sort_by(&mut by_start, |a, b| a.range.start.cmp(&b.range.start));
    let furthest_end: Vec<usize> = by_start
        .iter()
        .scan(0, |furthest, region| {
            *furthest = (*furthest).max(region.range.end);
            Some(*furthest)
        })
        .collect();
    for (i, row) in rows.iter_mut().enumerate() {
        if row.kind == DiffKind::Same {
            continue;
        }
        let range = new_range(row).unwrap_or(gap_start[i]..gap_end[i]);
        let starting_before_end = by_start.partition_point(|r| r.range.start <= range.end);
        let mut groups: Vec<String> = (0..starting_before_end)
            .rev()
            .take_while(|&k| furthest_end[k] >= range.start)
            .map(|k| by_start[k])
            .filter(|r| range.start <= r.range.end)
            .map(|r| r.group.clone())
            .collect();
        crate::sort::sort(&mut groups);
        groups.dedup();
        row.groups = groups;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite_of(source: &str) -> Rewrite {
        crate::analyze(source, &crate::Options::default()).rewrite
    }

    #[test]
    fn a_file_without_fixes_is_returned_unchanged() {
        let source = "# keep me\nFROM python:3.12-slim\n\nCMD [\"python\", \"app.py\"]\n";
        let rewrite = rewrite_of(source);
        assert_eq!(rewrite.text, source);
        assert!(rewrite
            .changes
            .iter()
            .all(|group| !group.applied && group.fix == FixAvailability::OptIn));
        assert!(rewrite
            .diff
            .iter()
            .all(|row| row.kind == crate::analysis::DiffKind::Same));
    }

    #[test]
    fn rows_are_tagged_with_the_groups_that_touched_them() {
        let text = "FROM a\nRUN b -y\nCMD c\n";
        let mut rows = diff::line_diff("FROM a\nRUN b\nCMD c\n", text);
        tag_rows(
            &mut rows,
            text,
            &[Region {
                range: 12..15,
                group: "P001".into(),
            }],
        );
        assert_eq!(rows[1].groups, ["P001"]);
        assert!(rows[0].groups.is_empty() && rows[2].groups.is_empty());
    }
}
