//! Line diff of original vs rewritten text, aligned for a side-by-side view.

use crate::analysis::{DiffKind, DiffRow, DiffSegment};

/// Aligns the two texts line by line. Placeholder until the rewriter lands: rows are paired by position,
/// which is exact while the rewrite changes no line count.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffRow> {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    (0..old_lines.len().max(new_lines.len()))
        .map(|i| {
            let (o, n) = (old_lines.get(i), new_lines.get(i));
            let kind = match (o, n) {
                (Some(a), Some(b)) if a == b => DiffKind::Same,
                (Some(_), Some(_)) => DiffKind::Changed,
                (Some(_), None) => DiffKind::Removed,
                _ => DiffKind::Added,
            };
            let changed = kind != DiffKind::Same;
            let segment = |line: Option<&&str>| {
                line.map(|t| {
                    vec![DiffSegment {
                        text: t.to_string(),
                        changed,
                    }]
                })
            };
            DiffRow {
                kind,
                old_line: o.map(|_| i as u32 + 1),
                new_line: n.map(|_| i as u32 + 1),
                old: segment(o).unwrap_or_default(),
                new: segment(n).unwrap_or_default(),
                groups: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_are_all_same_rows() {
        let rows = line_diff("FROM a\nRUN b\n", "FROM a\nRUN b\n");
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.kind == DiffKind::Same));
        assert_eq!((rows[1].old_line, rows[1].new_line), (Some(2), Some(2)));
    }

    #[test]
    fn marks_changed_and_added_rows() {
        let rows = line_diff("FROM a\n", "FROM b\nUSER app\n");
        assert_eq!(rows[0].kind, DiffKind::Changed);
        assert_eq!(rows[1].kind, DiffKind::Added);
        assert_eq!(rows[1].old_line, None);
    }
}
