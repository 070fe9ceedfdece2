//! The exec form: a JSON array of strings, read the way Go's `json.Decoder` reads BuildKit's arguments
//! (first value only, anything after it ignored).

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not JSON (or not an array): BuildKit falls back to the shell form.
    Syntax,
    /// Valid JSON array with a non-string element: BuildKit rejects the file.
    NotStrings,
}

/// The strings of the array with the byte range of each literal in `text`.
pub(crate) fn parse_string_array(text: &str) -> Result<Vec<(String, usize, usize)>, JsonError> {
    let start = text.len() - text.trim_start_matches(char::is_whitespace).len();
    if !text[start..].starts_with('[') {
        return Err(JsonError::Syntax);
    }
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: start,
        strings: Vec::new(),
        all_strings: true,
        overflow: false,
    };
    reader.array(true)?;
    if reader.overflow {
        Err(JsonError::Syntax)
    } else if reader.all_strings {
        Ok(reader.strings)
    } else {
        Err(JsonError::NotStrings)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    strings: Vec<(String, usize, usize)>,
    all_strings: bool,
    /// A number too large for a float64: Go's decoder fails with a type error, so BuildKit falls back
    /// to the shell form instead of rejecting the file.
    overflow: bool,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn array(&mut self, top: bool) -> Result<(), JsonError> {
        self.pos += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if top && self.peek() == Some(b'"') {
                let start = self.pos;
                let value = self.string()?;
                self.strings.push((value, start, self.pos));
            } else {
                if top {
                    self.all_strings = false;
                }
                self.value()?;
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(JsonError::Syntax),
            }
        }
    }

    /// Skips one JSON value of any shape; nesting is tracked on a heap stack so deep input cannot
    /// overflow the (small, on wasm) call stack. Go's decoder refuses nesting beyond 10000 levels.
    fn value(&mut self) -> Result<(), JsonError> {
        let mut stack: Vec<u8> = Vec::new();
        loop {
            self.ws();
            // A value is expected here.
            match self.peek().ok_or(JsonError::Syntax)? {
                open @ (b'[' | b'{') => {
                    self.pos += 1;
                    stack.push(open);
                    if stack.len() > 10_000 {
                        return Err(JsonError::Syntax);
                    }
                    self.ws();
                    let close = if open == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        stack.pop();
                    } else {
                        if open == b'{' {
                            self.key()?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return Err(JsonError::Syntax),
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&open) = stack.last() else { return Ok(()) };
                self.ws();
                let close = if open == b'[' { b']' } else { b'}' };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if open == b'{' {
                            self.ws();
                            self.key()?;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.pos += 1;
                        stack.pop();
                    }
                    _ => return Err(JsonError::Syntax),
                }
            }
        }
    }

    /// An object key and its colon.
    fn key(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(JsonError::Syntax);
        }
        self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(JsonError::Syntax);
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Result<(), JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<(), JsonError> {
        let start = self.pos;
        self.number_syntax()?;
        if crate::num::json_number_overflows_f64(&self.text[start..self.pos]) {
            self.overflow = true;
        }
        Ok(())
    }

    fn number_syntax(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(JsonError::Syntax),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(JsonError::Syntax);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(JsonError::Syntax);
            }
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos..self.pos + 4).ok_or(JsonError::Syntax)?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| JsonError::Syntax)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(JsonError::Syntax);
        }
        self.pos += 4;
        Ok(value)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or(JsonError::Syntax)?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\x08'),
                        b'f' => out.push('\x0c'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            out.push(self.surrogate_pair(first));
                        }
                        _ => return Err(JsonError::Syntax),
                    }
                }
                _ => return Err(JsonError::Syntax),
            }
        }
    }

    /// Go turns a lone or mismatched surrogate into U+FFFD, and only consumes a second `\u` that pairs.
    fn surrogate_pair(&mut self, first: u32) -> char {
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Ok(second) = self.hex4() {
                if (0xDC00..0xE000).contains(&second) {
                    let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return char::from_u32(combined).unwrap_or('\u{FFFD}');
                }
            }
            self.pos = save;
            return '\u{FFFD}';
        }
        char::from_u32(first).unwrap_or('\u{FFFD}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Result<Vec<String>, JsonError> {
        parse_string_array(text).map(|v| v.into_iter().map(|(s, _, _)| s).collect())
    }

    #[test]
    fn reads_string_arrays_like_go() {
        assert_eq!(values(r#"["a", "b\"c"]"#), Ok(vec!["a".into(), "b\"c".into()]));
        assert_eq!(values(r#" ["a"] trailing"#), Ok(vec!["a".into()]));
        assert_eq!(values("[]"), Ok(vec![]));
        assert_eq!(
            values(r#"["\ud83d\ude00", "\ud800"]"#),
            Ok(vec!["😀".into(), "\u{FFFD}".into()])
        );
        assert_eq!(values(r#"["a" "b"]"#), Err(JsonError::Syntax));
        assert_eq!(values(r#"['a']"#), Err(JsonError::Syntax));
        assert_eq!(values(r#"["a""#), Err(JsonError::Syntax));
        assert_eq!(values(r#"["a", ["b"]]"#), Err(JsonError::NotStrings));
        assert_eq!(values(r#"[1, "a"]"#), Err(JsonError::NotStrings));
        assert_eq!(values(r#"[1, "a""#), Err(JsonError::Syntax));
        assert_eq!(values("[1e400]"), Err(JsonError::Syntax));
        assert_eq!(values("[[1e400], true]"), Err(JsonError::Syntax));
        assert_eq!(values("echo"), Err(JsonError::Syntax));
    }
}
