//! Parser directives (`# syntax=`, `# escape=`, `# check=`): only in the comment lines at the very top.

pub(crate) const NAMES: [&str; 3] = ["syntax", "escape", "check"];

/// A directive line split into lower-cased name and value, with the value's byte range in `line`.
pub(crate) struct Parsed {
    pub name: String,
    pub value_start: usize,
    pub value_end: usize,
}

/// BuildKit's `#\s*name\s*=\s*value\s*` match on a line whose leading whitespace is already removed.
/// `None` means "not a directive", which ends the directive block.
pub(crate) fn parse_line(line: &str) -> Option<Parsed> {
    let after_hash = line.strip_prefix('#')?;
    let body = after_hash.trim_start_matches(char::is_whitespace);
    let offset = line.len() - body.len();
    let bytes = body.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = bytes
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    // RE2's \s is [\t\n\f\r ].
    let is_s = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut i = name_end;
    while i < bytes.len() && is_s(bytes[i]) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < bytes.len() && is_s(bytes[i]) {
        i += 1;
    }
    let mut end = bytes.len();
    while end > i && is_s(bytes[end - 1]) {
        end -= 1;
    }
    if end == i {
        return None;
    }
    let name = body[..name_end].to_ascii_lowercase();
    if !NAMES.contains(&name.as_str()) {
        return None;
    }
    Some(Parsed {
        name,
        value_start: offset + i,
        value_end: offset + end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(line: &str) -> Option<(String, &str)> {
        parse_line(line).map(|p| (p.name, &line[p.value_start..p.value_end]))
    }

    #[test]
    fn recognises_known_directives_only() {
        assert_eq!(value("# escape=`"), Some(("escape".into(), "`")));
        assert_eq!(
            value("#Syntax = docker/dockerfile:1  "),
            Some(("syntax".into(), "docker/dockerfile:1"))
        );
        assert_eq!(value("# check=skip=all"), Some(("check".into(), "skip=all")));
        assert_eq!(value("# foo=bar"), None);
        assert_eq!(value("# escape="), None);
        assert_eq!(value("# just a comment"), None);
        assert_eq!(value("FROM x"), None);
    }
}
