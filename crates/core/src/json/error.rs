//! The reader's and the deserializer's error: a message, where it is (line and column), and for
//! deserialization errors the path of the value (`lessons[2].goal[0]`).
//!
//! serde's default messages format [`Unexpected`] with its own `Display`, which formats floats and so links
//! the float formatting code into the wasm; every message serde builds from an `Unexpected` is overridden here
//! with one that never formats a float.

use std::fmt::{self, Display, Write};

use serde::de::{Expected, Unexpected};

/// Text from the input quoted in a message is cut to this many characters (a pack may hold megabytes).
const QUOTED_CHARS: usize = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// Empty for the top-level value and for syntax errors.
    path: String,
    /// 1-based; 0 until the error is placed (see [`Error::within`]).
    line: u32,
    /// 1-based, in characters.
    column: u32,
    syntax: bool,
}

impl Error {
    /// The text is not JSON: `message` at byte `offset` of `text`.
    pub(crate) fn syntax(text: &str, offset: usize, message: impl Into<String>) -> Error {
        let mut error = Error {
            message: message.into(),
            path: String::new(),
            line: 0,
            column: 0,
            syntax: true,
        };
        error.place(text, offset);
        error
    }

    /// Places an error raised while deserializing the value at `path`, at byte `offset` of `text`, unless a
    /// deeper value already placed it.
    pub(crate) fn within(mut self, path: &Path, text: &str, offset: usize) -> Error {
        if self.line == 0 {
            self.path = path.to_string();
            self.place(text, offset);
        }
        self
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

impl serde::de::Error for Error {
    fn custom<T: Display>(message: T) -> Error {
        Error {
            message: message.to_string(),
            path: String::new(),
            line: 0,
            column: 0,
            syntax: false,
        }
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::custom(format_args!("invalid type: {}, expected {expected}", Found(unexpected)))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Found(unexpected)
        ))
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Error {
        Error::custom(format_args!("invalid length {len}, expected {expected}"))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Error {
        Error::custom(format_args!(
            "unknown variant `{}`, expected {}",
            Clipped(variant),
            OneOf(expected)
        ))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Error {
        Error::custom(format_args!(
            "unknown field `{}`, expected {}",
            Clipped(field),
            OneOf(expected)
        ))
    }

    fn missing_field(field: &'static str) -> Error {
        Error::custom(format_args!("missing field `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> Error {
        Error::custom(format_args!("duplicate field `{field}`"))
    }
}

/// What was found, in JSON's words; a float is never formatted (no float formatting code in the wasm).
struct Found<'a>(Unexpected<'a>);

impl Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "number `{n}`"),
            Unexpected::Signed(n) => write!(f, "number `{n}`"),
            Unexpected::Float(_) => f.write_str("a number with a fraction or exponent"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string \"{}\"", Clipped(s)),
            Unexpected::Bytes(_) => f.write_str("bytes"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Seq => f.write_str("an array"),
            Unexpected::Map => f.write_str("an object"),
            Unexpected::Option => f.write_str("an optional value"),
            Unexpected::NewtypeStruct => f.write_str("a newtype struct"),
            Unexpected::Enum => f.write_str("an enum"),
            Unexpected::UnitVariant => f.write_str("a unit variant"),
            Unexpected::NewtypeVariant => f.write_str("a newtype variant"),
            Unexpected::TupleVariant => f.write_str("a tuple variant"),
            Unexpected::StructVariant => f.write_str("a struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

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

/// `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``, or `no fields` (serde's wording).
struct OneOf(&'static [&'static str]);

impl Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => f.write_str("no fields"),
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// Where a value is: built on the stack while deserializing, written out only for an error.
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
