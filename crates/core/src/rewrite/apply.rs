//! Applying fixes: all chosen fixes of a pass together, each atomically, conflicts resolved by a stable order,
//! while remembering which rule changed which bytes so that the diff can name its reasons.

use std::ops::Range;

use super::edit::{Edit, Fix};

/// Bytes of the current text that a change group wrote (an empty range marks a deletion point).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub range: Range<usize>,
    pub group: String,
}

#[derive(Clone)]
/// A fix on offer, with the change group it belongs to (the code of the rule that offers it).
pub struct Candidate {
    pub group: String,
    pub fix: Fix,
}

/// Chooses the fixes of one pass: in order of their first edit (then group id), a fix is taken only when
/// every edit is valid and none overlaps an edit already taken. The rest wait for the next pass, where
/// they are re-derived from the new text.
pub fn select(text: &str, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    let first = |c: &Candidate| c.fix.edits.iter().map(|e| e.range.start).min().unwrap_or(usize::MAX);
    crate::sort::sort_by(&mut candidates, |a, b| (first(a), &a.group).cmp(&(first(b), &b.group)));
    let mut taken = Taken::default();
    let mut chosen = Vec::new();
    for candidate in candidates {
        let edits = &candidate.fix.edits;
        let valid = !edits.is_empty()
            && edits.iter().all(|e| {
                e.range.start <= e.range.end
                    && text.is_char_boundary(e.range.start)
                    && text.is_char_boundary(e.range.end)
                    && e.range.end <= text.len()
            });
        // Insertions at one point do not clash (they are applied in group order); an insertion where a
        // replacement starts goes before it.
        let clashes = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let self_clash = edits
            .iter()
            .enumerate()
            .any(|(i, a)| edits[i + 1..].iter().any(|b| clashes(&a.range, &b.range)));
        if valid && !self_clash && !edits.iter().any(|e| taken.clashes(&e.range)) {
            for edit in edits {
                taken.insert(&edit.range);
            }
            chosen.push(candidate);
        }
    }
    chosen
}

/// The byte ranges taken by the fixes chosen so far, looked up in logarithmic time: a long file offers a fix
/// on most lines, and comparing each with every range taken made a pass quadratic (issue #20). The
/// standard library has no interval set; since taken ranges never clash, two ordered maps suffice.
#[derive(Default)]
struct Taken {
    /// Start → end of the non-empty ranges, which are disjoint (so ordered by end as well).
    spans: std::collections::BTreeMap<usize, usize>,
    /// Insertion points (empty ranges).
    points: std::collections::BTreeSet<usize>,
}

impl Taken {
    /// Whether `range` overlaps a taken range (`a.start < b.end && b.start < a.end`).
    fn clashes(&self, range: &Range<usize>) -> bool {
        let span_across = self
            .spans
            .range(..range.end)
            .next_back()
            .is_some_and(|(_, &end)| end > range.start);
        let point_inside = range.start < range.end && self.points.range(range.start + 1..range.end).next().is_some();
        span_across || point_inside
    }

    fn insert(&mut self, range: &Range<usize>) {
        if range.is_empty() {
            self.points.insert(range.start);
        } else {
            self.spans.insert(range.start, range.end);
        }
    }
}

/// Applies the chosen fixes to `text`, moving earlier regions to the new coordinates and adding a region for
/// every edit.
pub fn apply(text: &str, chosen: &[Candidate], regions: &mut Vec<Region>) -> String {
    let edits = in_text_order(chosen);
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut added = Vec::new();
    for (edit, group) in &edits {
        out.push_str(&text[cursor..edit.range.start]);
        let start = out.len();
        out.push_str(&edit.replacement);
        added.push(Region {
            range: start..out.len(),
            group: group.to_string(),
        });
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    let moves = Moves::new(&edits);
    for region in regions.iter_mut() {
        let start = moves.map(region.range.start);
        region.range = start..moves.map(region.range.end).max(start);
    }
    regions.extend(added);
    out
}

/// Every edit of the chosen fixes with its group, by position (insertions at one point in group order).
fn in_text_order(chosen: &[Candidate]) -> Vec<(&Edit, &str)> {
    let mut edits: Vec<(&Edit, &str)> = chosen
        .iter()
        .flat_map(|c| c.fix.edits.iter().map(move |e| (e, c.group.as_str())))
        .collect();
    crate::sort::sort_by(&mut edits, |(a, ga), (b, gb)| {
        (a.range.start, a.range.end, ga).cmp(&(b.range.start, b.range.end, gb))
    });
    edits
}

/// How the applied edits (sorted, none clashing) move offsets of the old text: each offset is mapped by a
/// binary search, since a long file has an earlier region for most lines (a walk of the edits per region
/// was quadratic).
struct Moves<'e> {
    edits: &'e [(&'e Edit, &'e str)],
    /// The change in length made by the edits before each one.
    shift_before: Vec<isize>,
}

impl<'e> Moves<'e> {
    fn new(edits: &'e [(&'e Edit, &'e str)]) -> Self {
        let mut shift = 0;
        let shift_before = edits
            .iter()
            .map(|(edit, _)| {
                let before = shift;
                shift += edit.replacement.len() as isize - edit.range.len() as isize;
                before
            })
            .collect();
        Moves { edits, shift_before }
    }

    /// Where an offset of the old text lands in the new one; offsets inside a replaced range go to its end,
    /// insertions at the offset itself go before it.
    fn map(&self, offset: usize) -> usize {
        // Edits are sorted by (start, end), so those wholly before the offset (and insertions at it) come first.
        let before = self.edits.partition_point(|(edit, _)| {
            edit.range.start < offset || (edit.range.is_empty() && edit.range.start == offset)
        });
        // Edits never clash, so only the last of them can contain the offset.
        if let Some(last) = before.checked_sub(1) {
            let edit = self.edits[last].0;
            if offset < edit.range.end {
                return (edit.range.start as isize + self.shift_before[last]) as usize + edit.replacement.len();
            }
        }
        let shift = match before.checked_sub(1) {
            Some(last) => {
                let edit = self.edits[last].0;
                self.shift_before[last] + edit.replacement.len() as isize - edit.range.len() as isize
            }
            None => 0,
        };
        (offset as isize + shift) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(group: &str, edits: Vec<Edit>) -> Candidate {
        Candidate {
            group: group.into(),
            fix: Fix::safe(group, edits),
        }
    }

    #[test]
    fn overlapping_fixes_yield_to_the_earlier_one_and_fixes_are_atomic() {
        let text = "RUN apt-get install curl\n";
        let chosen = select(
            text,
            vec![
                candidate("B", vec![Edit::insert(20, "-y "), Edit::replace(4..11, "apt-get")]),
                candidate("A", vec![Edit::insert(20, "--no-install-recommends ")]),
                candidate("C", vec![Edit::replace(0..3, "run")]),
                candidate("D", vec![Edit::replace(2..6, "x")]),
            ],
        );
        let groups: Vec<&str> = chosen.iter().map(|c| c.group.as_str()).collect();
        // C starts first; D overlaps C and waits; insertions at one point (A, B) both go, in group order.
        assert_eq!(groups, ["C", "B", "A"]);
        let mut regions = Vec::new();
        assert_eq!(
            apply(text, &chosen, &mut regions),
            "run apt-get install --no-install-recommends -y curl\n"
        );
    }

    /// The walk over every edit that `Moves::map` replaced, kept as the reference it must agree with.
    fn map_by_walking(offset: usize, edits: &[(&Edit, &str)]) -> usize {
        let mut shift: isize = 0;
        for (edit, _) in edits {
            if edit.range.start >= offset && !(edit.range.is_empty() && edit.range.start == offset) {
                break;
            }
            if offset < edit.range.end {
                return (edit.range.start as isize + shift) as usize + edit.replacement.len();
            }
            shift += edit.replacement.len() as isize - edit.range.len() as isize;
        }
        (offset as isize + shift) as usize
    }

    #[test]
    fn selection_and_moved_offsets_agree_with_comparing_every_pair() {
        let text = "x".repeat(64);
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        for _ in 0..2_000 {
            let candidates = (0..next(8))
                .map(|i| {
                    let start = next(64);
                    let end = if next(3) == 0 { start } else { (start + next(6)).min(64) };
                    candidate(&format!("G{i}"), vec![Edit::replace(start..end, "y".repeat(next(4)))])
                })
                .collect::<Vec<_>>();
            let chosen = select(&text, candidates.clone());
            // The ranges taken agree with comparing every pair of ranges.
            let mut taken: Vec<Range<usize>> = Vec::new();
            let mut by_first = candidates;
            crate::sort::sort_by(&mut by_first, |a, b| {
                (a.fix.edits[0].range.start, &a.group).cmp(&(b.fix.edits[0].range.start, &b.group))
            });
            let mut chosen_by_pairs = Vec::new();
            for candidate in by_first {
                let range = &candidate.fix.edits[0].range;
                if !taken.iter().any(|t| range.start < t.end && t.start < range.end) {
                    taken.push(range.clone());
                    chosen_by_pairs.push(candidate.group);
                }
            }
            let chosen_groups: Vec<&str> = chosen.iter().map(|c| c.group.as_str()).collect();
            assert_eq!(chosen_groups, chosen_by_pairs);
            let edits = in_text_order(&chosen);
            let moves = Moves::new(&edits);
            for offset in 0..=64 {
                assert_eq!(
                    moves.map(offset),
                    map_by_walking(offset, &edits),
                    "offset {offset} with {edits:?}"
                );
            }
        }
    }

    #[test]
    fn invalid_edits_are_refused() {
        let text = "FROM é\n";
        let inside_char = candidate("X", vec![Edit::replace(6..6, "x")]);
        let past_end = candidate("Y", vec![Edit::replace(5..99, "x")]);
        assert!(select(text, vec![inside_char, past_end]).is_empty());
    }

    #[test]
    fn apply_tracks_regions_through_later_passes() {
        let mut regions = Vec::new();
        let first = select("a b c\n", vec![candidate("G1", vec![Edit::replace(2..3, "BB")])]);
        let text = apply("a b c\n", &first, &mut regions);
        assert_eq!(text, "a BB c\n");
        let second = select(&text, vec![candidate("G2", vec![Edit::insert(0, ">> ")])]);
        let text = apply(&text, &second, &mut regions);
        assert_eq!(text, ">> a BB c\n");
        assert_eq!(
            regions,
            [
                Region {
                    range: 5..7,
                    group: "G1".into()
                },
                Region {
                    range: 0..3,
                    group: "G2".into()
                }
            ]
        );
        assert_eq!(&text[regions[0].range.clone()], "BB");
    }
}
