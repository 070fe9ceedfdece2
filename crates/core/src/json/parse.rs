//! Reading JSON text (RFC 8259) into a [`Value`] tree: one pass over the bytes, recursion bounded by
//! [`MAX_DEPTH`].

use super::{Error, Kind, Member, Value};

/// The deepest nesting of arrays and objects accepted (as `serde_json`'s default). A lesson pack nests five
/// levels; the limit keeps hostile input (`[[[[…`) from overflowing the stack, here and when the tree is
/// dropped or deserialized.
pub const MAX_DEPTH: usize = 128;

/// Reads one JSON value that makes up the whole of `text` (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Value<'_>, Error> {
    let mut reader = Reader { text, pos: 0 };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < text.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::syntax(self.text, self.pos, message)
    }

    /// "expected X, found `y`" (or "…, found the end of the text").
    fn expected(&self, what: &str) -> Error {
        match self.text[self.pos..].chars().next() {
            Some(c) if c.is_control() => self.error(format!("expected {what}, found U+{:04X}", c as u32)),
            Some(c) => self.error(format!("expected {what}, found `{c}`")),
            None => self.error(format!("expected {what}, found the end of the text")),
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.skip_whitespace();
        let at = self.pos;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            _ if self.literal("true") => Kind::Bool(true),
            _ if self.literal("false") => Kind::Bool(false),
            _ if self.literal("null") => Kind::Null,
            _ => return Err(self.expected("a JSON value")),
        };
        Ok(Value { at, kind })
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self.text[self.pos..].starts_with(word);
        if found {
            self.pos += word.len();
        }
        found
    }

    /// After an array item or object member: `true` past the closing `close`, `false` past a comma that
    /// another item follows (a trailing comma is an error).
    fn closed(&mut self, close: u8) -> Result<bool, Error> {
        let close_char = close as char;
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_whitespace();
                if self.peek() == Some(close) {
                    return Err(Error::syntax(
                        self.text,
                        comma,
                        format!("trailing comma before `{close_char}`"),
                    ));
                }
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.expected(&format!("`,` or `{close_char}`"))),
        }
    }

    fn nest(&self, depth: usize) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("arrays and objects nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Kind<'a>, Error> {
        self.nest(depth)?;
        self.pos += 1; // [
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if self.closed(b']')? {
                return Ok(Kind::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind<'a>, Error> {
        self.nest(depth)?;
        self.pos += 1; // {
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.expected("a key (a string in double quotes)"));
            }
            let key_at = self.pos;
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.expected("`:`"));
            }
            self.pos += 1;
            let value = self.value(depth)?;
            members.push(Member { key, key_at, value });
            if self.closed(b'}')? {
                return Ok(Kind::Object(members));
            }
        }
    }

    /// A number as written, after checking its syntax: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<&'a str, Error> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("a number may not start with `0` followed by digits"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.expected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        Ok(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), Error> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.expected("a digit"));
        }
        self.digits();
        Ok(())
    }

    /// A string literal, unescaped. Control characters must be escaped, and a `\u` escape of a UTF-16
    /// surrogate must be half of a pair (a lone one is no character).
    fn string(&mut self) -> Result<String, Error> {
        self.pos += 1; // "
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go.
            let run = self.text[self.pos..]
                .bytes()
                .position(|b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(self.text.len() - self.pos);
            out.push_str(&self.text[self.pos..self.pos + run]);
            self.pos += run;
            match self.peek() {
                None => return Err(self.error("unterminated string (missing `\"`)")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(control) => {
                    return Err(self.error(format!(
                        "control character U+{control:04X} in a string (write it as an escape such as `\\n`)"
                    )))
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, Error> {
        let at = self.pos;
        self.pos += 1; // backslash
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                return match unit {
                    0xD800..=0xDBFF => {
                        if !self.text[self.pos..].starts_with("\\u") {
                            return Err(Error::syntax(self.text, at, "lone surrogate in a `\\u` escape"));
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(Error::syntax(self.text, at, "lone surrogate in a `\\u` escape"));
                        }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER))
                    }
                    0xDC00..=0xDFFF => Err(Error::syntax(self.text, at, "lone surrogate in a `\\u` escape")),
                    _ => Ok(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)),
                };
            }
            _ => {
                self.pos = at;
                return Err(self.error(
                    "invalid escape (JSON has `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`)",
                ));
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, Error> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.expected("four hex digits after `\\u`")),
            };
            unit = unit * 16 + u32::from(digit);
            self.pos += 1;
        }
        Ok(unit)
    }
}
