//! Line diff of original vs rewritten text, aligned for a side-by-side view, with word-level changes inside
//! changed lines. Written here rather than taken from a crate: Myers' algorithm is ~80 lines, and every crate
//! costs wasm bytes (the diff crates were not measured; see docs/size-budget.md for how to measure one).

use std::ops::Range;

use crate::analysis::{DiffKind, DiffRow, DiffSegment};

/// Beyond this many differing lines or words, the rest of a block is shown as replaced, which keeps the
/// time bounded (Myers is O((N+M)·D)) on inputs that share almost nothing.
const MAX_EDIT_DISTANCE: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Shortest edit script between `a` and `b` (Myers 1986), after trimming the common prefix and suffix.
fn myers<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    match middle(a_mid, b_mid) {
        Some(mid) => ops.extend(mid.into_iter().map(|op| match op {
            Op::Same(i, j) => Op::Same(i + prefix, j + prefix),
            Op::Delete(i) => Op::Delete(i + prefix),
            Op::Insert(j) => Op::Insert(j + prefix),
        })),
        None => {
            ops.extend((prefix..prefix + a_mid.len()).map(Op::Delete));
            ops.extend((prefix..prefix + b_mid.len()).map(Op::Insert));
        }
    }
    ops.extend((0..suffix).map(|k| Op::Same(a.len() - suffix + k, b.len() - suffix + k)));
    ops
}

/// Myers' greedy forward search with the traces kept for the backtrack; `None` past [`MAX_EDIT_DISTANCE`].
fn middle<T: PartialEq>(a: &[T], b: &[T]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m).min(MAX_EDIT_DISTANCE as isize);
    let offset = max + 1;
    let mut v = vec![0isize; 2 * offset as usize + 1];
    // Round `d` reads and writes only diagonals -d..=d, so the backtrack needs only that window of `v` as it
    // was before the round (not a copy of all of `v` per round: that copying was most of the diff's time).
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = None;
    'search: for d in 0..=max {
        trace.push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && v[(offset + k - 1) as usize] < v[(offset + k + 1) as usize]);
            let mut x = if down {
                v[(offset + k + 1) as usize]
            } else {
                v[(offset + k - 1) as usize] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(offset + k) as usize] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'search;
            }
            k += 2;
        }
    }
    let d_final = found?;
    let (mut x, mut y) = (n, m);
    let mut ops = Vec::new();
    for d in (1..=d_final).rev() {
        let window = &trace[d as usize];
        let v = |k: isize| window[(k + d) as usize];
        let k = x - y;
        let down = k == -d || (k != d && v(k - 1) < v(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = v(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Same(x as usize, y as usize));
        }
        if down {
            y -= 1;
            ops.push(Op::Insert(y as usize));
        } else {
            x -= 1;
            ops.push(Op::Delete(x as usize));
        }
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        ops.push(Op::Same(x as usize, y as usize));
    }
    ops.reverse();
    Some(ops)
}

/// Slides a block of only deleted (or only inserted) lines up to the block of changes before it, where the
/// equal lines between them allow it (GNU diff's boundary shifting). Of two equally short scripts Myers may
/// pick the one that keeps a blank line between a joined RUN and the removal of the RUN it absorbed; shown
/// that way, the removal sits apart from the edit that caused it, and the diff names no rule for it.
fn join_blocks<T: PartialEq>(ops: &mut [Op], old: &[T], new: &[T]) {
    let mut i = 0;
    let mut previous_block_end = None;
    while i < ops.len() {
        if matches!(ops[i], Op::Same(..)) {
            i += 1;
            continue;
        }
        let end = ops[i..]
            .iter()
            .position(|op| matches!(op, Op::Same(..)))
            .map_or(ops.len(), |p| i + p);
        if let Some(gap_start) = previous_block_end {
            slide_up(&mut ops[gap_start..end], i - gap_start, old, new);
        }
        previous_block_end = Some(end);
        i = end;
    }
}

/// `ops` is `gap` Same ops followed by a block; if the block is all deletions (or all insertions) and each
/// line of the gap equals the block's line as far from its end, the block moves before the gap.
fn slide_up<T: PartialEq>(ops: &mut [Op], gap: usize, old: &[T], new: &[T]) {
    let block = &ops[gap..];
    let len = block.len();
    let deleted = |op: &Op| if let Op::Delete(a) = op { Some(*a) } else { None };
    let inserted = |op: &Op| if let Op::Insert(b) = op { Some(*b) } else { None };
    let (first, lines, on_old): (usize, &[T], bool) =
        if let Some(first) = block.iter().map(deleted).collect::<Option<Vec<_>>>() {
            (first[0], old, true)
        } else if let Some(first) = block.iter().map(inserted).collect::<Option<Vec<_>>>() {
            (first[0], new, false)
        } else {
            return;
        };
    if gap > first || (1..=gap).any(|t| lines[first - t] != lines[first + len - t]) {
        return;
    }
    let moved: Vec<Op> = ops[..gap]
        .iter()
        .map(|op| match *op {
            Op::Same(a, b) if on_old => Op::Same(a + len, b),
            Op::Same(a, b) => Op::Same(a, b + len),
            other => other,
        })
        .collect();
    for (k, op) in ops[..len].iter_mut().enumerate() {
        *op = if on_old {
            Op::Delete(first - gap + k)
        } else {
            Op::Insert(first - gap + k)
        };
    }
    ops[len..].copy_from_slice(&moved);
}

/// Lines with their line endings, so that a changed ending shows as a change.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Aligned rows: equal lines side by side, and within each block of deletions and insertions, pairs as
/// changed rows (with word-level segments) and the remainder as removed or added rows.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffRow> {
    let (old_lines, new_lines) = (lines(old), lines(new));
    let mut ops = myers(&old_lines, &new_lines);
    join_blocks(&mut ops, &old_lines, &new_lines);
    let mut rows = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        if let Op::Same(a, b) = ops[i] {
            let text = old_lines[a].trim_end_matches(['\n', '\r']).to_string();
            rows.push(DiffRow {
                kind: DiffKind::Same,
                old_line: Some(a as u32 + 1),
                new_line: Some(b as u32 + 1),
                old: vec![DiffSegment {
                    text: text.clone(),
                    changed: false,
                }],
                new: vec![DiffSegment { text, changed: false }],
                groups: Vec::new(),
            });
            i += 1;
            continue;
        }
        let block_end = ops[i..]
            .iter()
            .position(|op| matches!(op, Op::Same(..)))
            .map_or(ops.len(), |p| i + p);
        let deleted: Vec<usize> = ops[i..block_end]
            .iter()
            .filter_map(|op| if let Op::Delete(a) = op { Some(*a) } else { None })
            .collect();
        let inserted: Vec<usize> = ops[i..block_end]
            .iter()
            .filter_map(|op| if let Op::Insert(b) = op { Some(*b) } else { None })
            .collect();
        let old_block: Vec<&str> = deleted.iter().map(|&a| old_lines[a]).collect();
        let new_block: Vec<&str> = inserted.iter().map(|&b| new_lines[b]).collect();
        for (x, y) in pair_by_content(&old_block, &new_block) {
            let (a, b) = (x.map(|x| deleted[x]), y.map(|y| inserted[y]));
            let old_text = a.map(|a| old_lines[a]);
            let new_text = b.map(|b| new_lines[b]);
            let (old_segments, new_segments) = match (old_text, new_text) {
                (Some(o), Some(n)) => word_diff(o, n),
                (Some(o), None) => (vec![segment(o, true)], Vec::new()),
                (None, Some(n)) => (Vec::new(), vec![segment(n, true)]),
                (None, None) => unreachable!("k is below one of the lengths"),
            };
            rows.push(DiffRow {
                kind: match (a, b) {
                    (Some(_), Some(_)) => DiffKind::Changed,
                    (Some(_), None) => DiffKind::Removed,
                    _ => DiffKind::Added,
                },
                old_line: a.map(|a| a as u32 + 1),
                new_line: b.map(|b| b as u32 + 1),
                old: old_segments,
                new: new_segments,
                groups: Vec::new(),
            });
        }
        i = block_end;
    }
    rows
}

/// Beyond this many line pairs in one block of changes, lines are paired by position: the alignment below is
/// quadratic in the block.
const MAX_PAIRINGS: usize = 10_000;

/// How alike two lines must be ([`likeness`]) to be shown as one changed line.
const MIN_LIKENESS: f64 = 0.5;

/// The rows of one block of deleted lines `old` and inserted lines `new`, in order: `(Some, Some)` a line
/// changed into another, `(Some, None)` removed, `(None, Some)` added. Lines are paired by content, not position:
/// when several opt-ins remove, add and change lines in one place, a removed `USER` line must not be shown as
/// changed into an unrelated `RUN`. Two lines pair only if at least half their character pairs are shared
/// ([`MIN_LIKENESS`]); the pairing maximises the total likeness of the pairs, keeping both sides in order (a
/// weighted longest common subsequence).
fn pair_by_content(old: &[&str], new: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (old.len(), new.len());
    if n * m > MAX_PAIRINGS {
        return (0..n.max(m))
            .map(|k| ((k < n).then_some(k), (k < m).then_some(k)))
            .collect();
    }
    let old_pairs: Vec<Vec<(char, char)>> = old.iter().map(|line| bigrams(line)).collect();
    let new_pairs: Vec<Vec<(char, char)>> = new.iter().map(|line| bigrams(line)).collect();
    let alike: Vec<Vec<f64>> = old_pairs
        .iter()
        .map(|a| new_pairs.iter().map(|b| likeness(a, b)).collect())
        .collect();
    // best[i][j]: the best total likeness pairing old[i..] with new[j..].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let paired = if alike[i][j] >= MIN_LIKENESS {
                alike[i][j] + best[i + 1][j + 1]
            } else {
                0.0
            };
            best[i][j] = paired.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let mut rows = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && alike[i][j] >= MIN_LIKENESS && best[i][j] == alike[i][j] + best[i + 1][j + 1] {
            rows.push((Some(i), Some(j)));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || best[i][j] == best[i + 1][j]) {
            rows.push((Some(i), None));
            i += 1;
        } else {
            rows.push((None, Some(j)));
            j += 1;
        }
    }
    rows
}

/// The character pairs of a line, sorted, after dropping JSON punctuation and runs of blanks, so that a
/// shell-form line and its exec form (`CMD flask run` and `CMD ["flask", "run"]`), or `ENV A b` and `ENV A=b`,
/// come out alike.
fn bigrams(line: &str) -> Vec<(char, char)> {
    let mut chars: Vec<char> = Vec::with_capacity(line.len());
    for c in line.trim().chars().filter(|c| !matches!(c, '"' | '[' | ']' | ',')) {
        let blank = c.is_whitespace();
        if !(blank && chars.last().is_some_and(|last| last.is_whitespace())) {
            chars.push(if blank { ' ' } else { c });
        }
    }
    let mut pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.sort_unstable();
    pairs
}

/// Shared character pairs over all pairs (the Dice coefficient of the two multisets): 1 for the same text, 0
/// for nothing in common.
fn likeness(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

fn segment(text: &str, changed: bool) -> DiffSegment {
    DiffSegment {
        text: text.trim_end_matches(['\n', '\r']).to_string(),
        changed,
    }
}

/// Shell words and runs of blanks: the units a reader of a Dockerfile sees change (`--no-cache-dir` is one
/// unit, so an insertion never shows as a shifted `-no-cache-dir -`).
fn tokens(text: &str) -> Vec<&str> {
    let text = text.trim_end_matches(['\n', '\r']);
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let same_run = chars
            .peek()
            .is_some_and(|&(_, next)| next.is_whitespace() == c.is_whitespace());
        if !same_run {
            let end = i + c.len_utf8();
            tokens.push(&text[start..end]);
            start = end;
        }
    }
    tokens
}

/// Segments of both sides of a changed line, adjacent runs of the same kind merged.
fn word_diff(old: &str, new: &str) -> (Vec<DiffSegment>, Vec<DiffSegment>) {
    let (a, b) = (tokens(old), tokens(new));
    let (mut old_segments, mut new_segments) = (Vec::new(), Vec::new());
    let push = |segments: &mut Vec<DiffSegment>, text: &str, changed: bool| match segments.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => segments.push(DiffSegment {
            text: text.to_string(),
            changed,
        }),
    };
    for op in myers(&a, &b) {
        match op {
            Op::Same(i, j) => {
                push(&mut old_segments, a[i], false);
                push(&mut new_segments, b[j], false);
            }
            Op::Delete(i) => push(&mut old_segments, a[i], true),
            Op::Insert(j) => push(&mut new_segments, b[j], true),
        }
    }
    (old_segments, new_segments)
}

/// Byte range of each line (1-based `n` is at index `n - 1`) of `text`, endings included.
pub fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut start = 0;
    lines(text)
        .into_iter()
        .map(|line| {
            let range = start..start + line.len();
            start = range.end;
            range
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(rows: &[DiffRow]) -> Vec<DiffKind> {
        rows.iter().map(|r| r.kind).collect()
    }

    fn changed_text(segments: &[DiffSegment]) -> Vec<&str> {
        segments.iter().filter(|s| s.changed).map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn identical_texts_are_all_same_rows() {
        let rows = line_diff("FROM a\nRUN b\n", "FROM a\nRUN b\n");
        assert_eq!(kinds(&rows), [DiffKind::Same, DiffKind::Same]);
        assert_eq!((rows[1].old_line, rows[1].new_line), (Some(2), Some(2)));
    }

    #[test]
    fn a_changed_line_shows_the_inserted_words() {
        let rows = line_diff(
            "FROM python:3.12\nRUN apt-get install curl\nCMD x\n",
            "FROM python:3.12\nRUN apt-get install --no-install-recommends curl\nCMD x\n",
        );
        assert_eq!(kinds(&rows), [DiffKind::Same, DiffKind::Changed, DiffKind::Same]);
        assert!(changed_text(&rows[1].old).is_empty());
        assert_eq!(changed_text(&rows[1].new), ["--no-install-recommends "]);
        let flags = line_diff(
            "RUN apt-get install -y curl\n",
            "RUN apt-get install --no-install-recommends -y curl\n",
        );
        assert_eq!(
            changed_text(&flags[0].new),
            ["--no-install-recommends "],
            "whole words, not a shifted `-`"
        );
        let rebuilt: String = rows[1].new.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(rebuilt, "RUN apt-get install --no-install-recommends curl");
    }

    /// The case of issue #17: opt-ins that remove, add and change lines in one place. A removed line pairs with
    /// no unrelated line, and a changed line pairs with its own rewrite, wherever it sits in the block.
    #[test]
    fn lines_pair_by_content_not_by_position() {
        let rows = line_diff(
            "FROM python:3.12
USER app
RUN pip install -r requirements.txt
CMD x
",
            "FROM python:3.12
RUN useradd --uid 10001 app
RUN pip install --no-cache-dir -r requirements.txt
USER 10001
CMD x
",
        );
        let pairs: Vec<(DiffKind, Option<u32>, Option<u32>)> =
            rows.iter().map(|r| (r.kind, r.old_line, r.new_line)).collect();
        assert_eq!(
            pairs,
            [
                (DiffKind::Same, Some(1), Some(1)),
                (DiffKind::Removed, Some(2), None),
                (DiffKind::Added, None, Some(2)),
                (DiffKind::Changed, Some(3), Some(3)),
                (DiffKind::Added, None, Some(4)),
                (DiffKind::Same, Some(4), Some(5)),
            ]
        );
        assert_eq!(changed_text(&rows[3].new), ["--no-cache-dir "]);
        // A line rewritten whole still pairs with its rewrite: its exec form, `ENV A=b` for `ENV A b`.
        let exec = line_diff(
            "CMD flask run
",
            "CMD [\"flask\", \"run\"]
",
        );
        assert_eq!(kinds(&exec), [DiffKind::Changed]);
        assert_eq!(kinds(&line_diff("ENV FOO bar\n", "ENV FOO=bar\n")), [DiffKind::Changed]);
        // Lines with no word in common are a removal and an addition.
        assert_eq!(
            kinds(&line_diff(
                "USER app
",
                "HEALTHCHECK NONE
"
            )),
            [DiffKind::Removed, DiffKind::Added]
        );
    }

    #[test]
    fn inserted_and_removed_lines_keep_the_rest_aligned() {
        let rows = line_diff("A\nB\nC\nD\n", "A\nC\nX\nD\nE\n");
        assert_eq!(
            kinds(&rows),
            [
                DiffKind::Same,
                DiffKind::Removed,
                DiffKind::Same,
                DiffKind::Added,
                DiffKind::Same,
                DiffKind::Added
            ]
        );
        assert_eq!((rows[2].old_line, rows[2].new_line), (Some(3), Some(2)));
        assert_eq!(rows[5].new_line, Some(5));
    }

    #[test]
    fn a_removal_joins_the_change_before_it_across_equal_lines() {
        // The script Myers chose for a public Dockerfile (jessfraz/dockerfiles, browsh) whose `RUN wget` was
        // joined into the apt RUN before it: the removal of `RUN wget` and a blank line came after the kept
        // blank line, apart from the change that caused it, and the diff named no rule for it.
        let old = ["install \\", "&& rm", "", "RUN wget", "", "# c"];
        let new = ["install && \\", "wget", "", "# c"];
        let mut ops = vec![
            Op::Delete(0),
            Op::Delete(1),
            Op::Insert(0),
            Op::Insert(1),
            Op::Same(2, 2),
            Op::Delete(3),
            Op::Delete(4),
            Op::Same(5, 3),
        ];
        join_blocks(&mut ops, &old, &new);
        assert_eq!(
            ops,
            [
                Op::Delete(0),
                Op::Delete(1),
                Op::Insert(0),
                Op::Insert(1),
                Op::Delete(2),
                Op::Delete(3),
                Op::Same(4, 2),
                Op::Same(5, 3),
            ]
        );
    }

    #[test]
    fn a_block_stays_where_the_lines_between_differ() {
        let old = ["a", "", "b", "c"];
        let new = ["x", "", "c"];
        let mut ops = vec![
            Op::Delete(0),
            Op::Insert(0),
            Op::Same(1, 1),
            Op::Delete(2),
            Op::Same(3, 2),
        ];
        let before = ops.clone();
        join_blocks(&mut ops, &old, &new);
        assert_eq!(ops, before);
    }

    #[test]
    fn every_line_of_both_sides_appears_once_in_order() {
        let old = "a\nb\nc\nd\ne\nf\n";
        let new = "x\nb\nc\ny\nz\nf\ng\n";
        let rows = line_diff(old, new);
        let old_lines: Vec<u32> = rows.iter().filter_map(|r| r.old_line).collect();
        let new_lines: Vec<u32> = rows.iter().filter_map(|r| r.new_line).collect();
        assert_eq!(old_lines, (1..=6).collect::<Vec<_>>());
        assert_eq!(new_lines, (1..=7).collect::<Vec<_>>());
    }

    #[test]
    fn texts_with_nothing_in_common_stay_bounded() {
        let old: String = (0..5000).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..5000).map(|i| format!("new {i}\n")).collect();
        let rows = line_diff(&old, &new);
        assert_eq!(rows.len(), 5000);
        assert!(rows.iter().all(|r| r.kind == DiffKind::Changed));
    }

    #[test]
    fn myers_finds_the_shortest_script() {
        let a: Vec<char> = "ABCABBA".chars().collect();
        let b: Vec<char> = "CBABAC".chars().collect();
        let edits = myers(&a, &b).iter().filter(|op| !matches!(op, Op::Same(..))).count();
        assert_eq!(edits, 5, "the classic example from Myers' paper has D = 5");
    }
}
