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
    let mut taken: Vec<Range<usize>> = Vec::new();
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
        if valid && !self_clash && !edits.iter().any(|e| taken.iter().any(|t| clashes(&e.range, t))) {
            taken.extend(edits.iter().map(|e| e.range.clone()));
            chosen.push(candidate);
        }
    }
    chosen
}

/// Applies the chosen fixes to `text`, moving earlier regions to the new coordinates and adding a region for
/// every edit.
pub fn apply(text: &str, chosen: &[Candidate], regions: &mut Vec<Region>) -> String {
    let mut edits: Vec<(&Edit, &str)> = chosen
        .iter()
        .flat_map(|c| c.fix.edits.iter().map(move |e| (e, c.group.as_str())))
        .collect();
    crate::sort::sort_by(&mut edits, |(a, ga), (b, gb)| {
        (a.range.start, a.range.end, ga).cmp(&(b.range.start, b.range.end, gb))
    });
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
    for region in regions.iter_mut() {
        region.range =
            map(region.range.start, &edits)..map(region.range.end, &edits).max(map(region.range.start, &edits));
    }
    regions.extend(added);
    out
}

/// Where an offset of the old text lands in the new one; offsets inside a replaced range go to its end.
fn map(offset: usize, edits: &[(&Edit, &str)]) -> usize {
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
