//! A small JSON reader for untrusted text (lesson packs loaded from a file or an address), and the steps of
//! hand-written typed readers over what it reads ([`Node`]).
//!
//! Why not `serde_json` or the browser's `JSON.parse`: in the wasm bundle every kilobyte counts, and a
//! general-purpose reader brings float parsing and formatting (the core keeps floats out of the wasm, see
//! [`crate::num`]); and reading through the browser's parser loses positions and unknown keys. This reader:
//!
//! - accepts exactly RFC 8259 JSON (no comments, trailing commas, `NaN`, byte order mark or lone surrogates);
//! - keeps numbers as their literal text: only whole numbers are ever converted (to `u64`), so no float code
//!   is linked;
//! - runs in time linear in the input, and nests at most [`MAX_DEPTH`] arrays and objects (deeper input is an
//!   error, never a stack overflow);
//! - reports every error with its line and column, and errors about the shape of a value with the path of the
//!   value (`lessons[2].goal[0]: unknown variant `no_finding`, expected one of ... at line 40, column 11`).
//!
//! Why typed reading is written by hand rather than through a `serde::Deserializer`: serde's derived
//! visitors, its `de` machinery and a generic deserializer instantiated per visitor cost the wasm about 45 KB
//! of code for the lesson types alone; [`read`]'s few non-generic steps give the same messages for a fraction.
//!
//! Duplicate keys are kept by the reader, in order. Reading them as the fields of an object is an error
//! (`duplicate field `title``), and so is any key of an externally tagged enum beyond the first: a pack never
//! silently means something other than what it says.

mod error;
mod parse;
pub mod read;

pub use error::Error;
pub use parse::{parse, MAX_DEPTH};
pub use read::Node;

/// A JSON value with the byte offset of its first character in the text it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value<'a> {
    pub at: usize,
    pub kind: Kind<'a>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// The number as written (valid JSON number syntax), never converted to a float.
    Number(&'a str),
    String(String),
    Array(Vec<Value<'a>>),
    /// Members in the order written, duplicates included.
    Object(Vec<Member<'a>>),
}

/// One `"key": value` of an object, with the byte offset of its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    pub key: String,
    pub key_at: usize,
    pub value: Value<'a>,
}
