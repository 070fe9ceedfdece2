//! The reader's error: a message, where it is (line and column), and for a value of the wrong shape the path
//! of the value (`lessons[2].goal[0]`).

use std::fmt::{self, Display, Write};

/// Text from the input quoted in a message is cut to this many characters (a pack may hold megabytes).
const QUOTED_CHARS: usize = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// Empty for the top-level value and for syntax errors.
    path: String,
    /// 1-based.
    line: u32,
    /// 1-based, in characters.
    column: u32,
    syntax: bool,
}

impl Error {
    /// The text is not JSON: `message` at byte `offset` of `text`.
    pub(crate) fn syntax(text: &str, offset: usize, message: impl Into<String>) -> Error {
        let mut error = Error::placed(message.into(), &Path::Root, text, offset);
        error.syntax = true;
        error
    }

    /// An error about the value at `path`, which starts at byte `offset` of `text`.
    pub(crate) fn placed(message: String, path: &Path, text: &str, offset: usize) -> Error {
        let mut error = Error {
            message,
            path: path.to_string(),
            line: 0,
            column: 0,
            syntax: false,
        };
        error.place(text, offset);
        error
    }

    fn place(&mut self, text: &str, offset: usize) {
        let before = &text.as_bytes()[..offset.min(text.len())];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        self.line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u32;
        // Characters, not bytes: count every byte that does not continue a UTF-8 sequence.
        self.column = 1 + before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32;
    }

    /// The text is not JSON (as opposed to JSON of the wrong shape).
    pub fn is_syntax(&self) -> bool {
        self.syntax
    }

    /// What is wrong, without the path and position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where the value is in the document (`lessons[2].goal[0]`); empty for the top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Line and column (1-based, the column in characters) of the error.
    pub fn position(&self) -> (u32, u32) {
        (self.line, self.column)
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if self.line > 0 {
            write!(f, " at line {}, column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Text from the input, cut to [`QUOTED_CHARS`] characters with `…`.
pub(crate) struct Clipped<'a>(pub &'a str);

impl Display for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(QUOTED_CHARS) {
            Some((cut, _)) => write!(f, "{}…", &self.0[..cut]),
            None => f.write_str(self.0),
        }
    }
}

/// Where a value is: built on the stack while reading, written out only for an error.
#[derive(Clone, Copy)]
pub(crate) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => {
                write!(f, "{parent}")?;
                if key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') && !key.is_empty() {
                    if !matches!(parent, Path::Root) {
                        f.write_char('.')?;
                    }
                    f.write_str(key)
                } else {
                    write!(f, "[\"{}\"]", Clipped(key))
                }
            }
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}
