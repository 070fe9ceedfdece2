//! Heredoc markers on RUN/COPY/ADD lines (`<<EOF`, `<<-EOF`, `3<<'EOF'`, several per line).

use super::expand::Lexer;

/// A `<<NAME` word found on an instruction's joined line; `start..end` is where its text is in the line.
#[derive(Debug)]
pub(crate) struct Marker {
    pub name: String,
    pub fd: u32,
    pub expand: bool,
    pub chomp: bool,
    pub start: usize,
    pub end: usize,
}

/// The heredoc markers of a line, in order. BuildKit splits the whole line into shell words (quotes and
/// escapes kept, variables left alone) and takes every word of the form `[digits]<<[-]word`.
pub(crate) fn markers(line: &str) -> Result<Vec<Marker>, String> {
    let lexer = Lexer {
        raw_quotes: true,
        raw_escapes: true,
        skip_unset: true,
        ..Lexer::default()
    };
    // A lexing error of the line means no heredocs, not a failure.
    let Ok(expansion) = lexer.process(line, &|_| None) else {
        return Ok(Vec::new());
    };
    let mut markers = Vec::new();
    let mut cursor = 0;
    for word in expansion.words {
        let Some(marker) = parse_word(&word)? else { continue };
        // Words are the raw text in these settings, so the marker is found by searching forward.
        let (start, end) = match line[cursor..].find(word.as_str()) {
            Some(i) => (cursor + i, cursor + i + word.len()),
            None => (cursor, cursor),
        };
        cursor = end;
        markers.push(Marker { start, end, ..marker });
    }
    Ok(markers)
}

/// `^(\d*)<<(-?)([^<]*)$` and the delimiter word inside it.
fn parse_word(word: &str) -> Result<Option<Marker>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let fd = word[..digits]
        .parse::<u64>()
        .map_or(if digits > 0 { u32::MAX } else { 0 }, |n| n.min(u32::MAX as u64) as u32);
    let lexer = Lexer {
        skip_unset: true,
        ..Lexer::default()
    };
    let words = lexer.process(rest, &|_| None)?.words;
    if words.len() != 1 {
        return Ok(None);
    }
    let raw = Lexer {
        raw_quotes: true,
        ..lexer
    }
    .process(rest, &|_| None)?
    .words;
    if raw.len() != words.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    Ok(Some(Marker {
        expand: quotes(&words[0]) == quotes(&raw[0]),
        name: words.into_iter().next().unwrap_or_default(),
        fd,
        chomp,
        start: 0,
        end: 0,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, u32, bool, bool)> {
        markers(line)
            .unwrap()
            .into_iter()
            .map(|m| (m.name, m.fd, m.chomp, m.expand))
            .collect()
    }

    #[test]
    fn finds_markers_anywhere_on_the_line() {
        assert_eq!(names("RUN <<EOF"), [("EOF".into(), 0, false, true)]);
        assert_eq!(names("RUN python3 <<-'PY'"), [("PY".into(), 0, true, false)]);
        assert_eq!(
            names("COPY <<a 3<<\"b\" /dst"),
            [("a".into(), 0, false, true), ("b".into(), 3, false, false)]
        );
        assert!(names("RUN cat<<EOF").is_empty());
        assert!(names("RUN echo \"<<EOF\"").is_empty());
        assert!(names("RUN <<").is_empty());
    }

    #[test]
    fn marker_positions_point_at_the_word() {
        let line = "COPY <<a <<b /dst";
        let found = markers(line).unwrap();
        assert_eq!(&line[found[1].start..found[1].end], "<<b");
    }
}
