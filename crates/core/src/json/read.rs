//! Typed reading of a [`Value`] tree: the steps a hand-written reader of one type is made of (expect an
//! object and walk its known fields, a string, a whole number, an array, an optional value, an enum variant),
//! each of which places its error at the value it is about, with the value's path and position.
//!
//! Unlike a `serde::Deserializer`, nothing here is instantiated per visitor: a reader of a few types costs the
//! wasm a few small functions instead of a visitor per type and the deserializer's code for each (only
//! [`Node::array`] and [`Node::optional`] are generic, over what their element reader returns).
//! The messages are the ones serde's derive gives (`invalid type: string "x", expected usize`, ``unknown field
//! `a`, expected one of ...``, ``duplicate field `a` ``, ``missing field `a` ``), so they read like those of
//! any serde-based tool.

use std::fmt::{self, Display};

use super::error::{Clipped, Path};
use super::{Error, Kind, Member, Value};

/// A value to read, with where it is: its path in the document and the whole text (for line and column).
pub struct Node<'a, 'p> {
    value: Value<'a>,
    path: Path<'p>,
    text: &'a str,
}

impl<'a> Node<'a, 'static> {
    /// The top-level value of `text`, as [`super::parse`] read it.
    pub fn root(value: Value<'a>, text: &'a str) -> Node<'a, 'static> {
        Node {
            value,
            path: Path::Root,
            text,
        }
    }
}

impl<'a, 'p> Node<'a, 'p> {
    /// An error about this value, placed at it.
    pub fn error(&self, message: impl Display) -> Error {
        Error::placed(message.to_string(), &self.path, self.text, self.value.at)
    }

    /// `invalid type: <what the value is>, expected <expected>`; numbers quoted as written.
    pub fn wrong_type(&self, expected: &str) -> Error {
        self.error(format_args!(
            "invalid type: {}, expected {expected}",
            Found(&self.value.kind)
        ))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value.kind, Kind::Null)
    }

    pub fn string(self) -> Result<String, Error> {
        match self.value.kind {
            Kind::String(s) => Ok(s),
            _ => Err(self.wrong_type("a string")),
        }
    }

    pub fn boolean(self) -> Result<bool, Error> {
        match self.value.kind {
            Kind::Bool(b) => Ok(b),
            _ => Err(self.wrong_type("a boolean")),
        }
    }

    /// A whole number from 0 to `max`, `expected` naming the type in messages (`u32`, `usize`). Any other
    /// number is an error quoting it as written: a fraction or exponent, or beyond `u64`/`i64`, is of the
    /// wrong type; a negative or too large whole number of the wrong value (serde's two wordings). No float
    /// is ever made.
    pub fn whole_number(self, max: u64, expected: &str) -> Result<u64, Error> {
        let Kind::Number(literal) = self.value.kind else {
            return Err(self.wrong_type(expected));
        };
        let (negative, digits) = match literal.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, literal),
        };
        let magnitude = digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse::<u64>().ok())
            .flatten();
        match magnitude {
            // `-0` is 0, as serde reads it.
            Some(0) => Ok(0),
            Some(n) if !negative && n <= max => Ok(n),
            Some(n) if !negative || n <= i64::MIN.unsigned_abs() => {
                Err(self.error(format_args!("invalid value: number `{literal}`, expected {expected}")))
            }
            _ => Err(self.wrong_type(expected)),
        }
    }

    /// `None` for `null`, else what `read` makes of the value.
    pub fn optional<T>(self, read: fn(Node<'a, '_>) -> Result<T, Error>) -> Result<Option<T>, Error> {
        if self.is_null() {
            return Ok(None);
        }
        read(self).map(Some)
    }

    /// Every element of an array, each read by `read` at `path[index]`.
    pub fn array<T>(self, read: fn(Node<'a, '_>) -> Result<T, Error>) -> Result<Vec<T>, Error> {
        let Kind::Array(items) = self.value.kind else {
            return Err(self.wrong_type("a sequence"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, value) in items.into_iter().enumerate() {
            out.push(read(Node {
                value,
                path: Path::Index(&self.path, index),
                text: self.text,
            })?);
        }
        Ok(out)
    }

    /// The members of an object whose keys must all be among `fields` (at most 32), for
    /// [`Object::next_field`]; `expected` names the type in messages (`struct Lesson`).
    pub fn object(self, expected: &str, fields: &'static [&'static str]) -> Result<Object<'a, 'p>, Error> {
        debug_assert!(fields.len() <= 32, "`Object::seen` has one bit per field");
        let Kind::Object(members) = self.value.kind else {
            return Err(self.wrong_type(expected));
        };
        Ok(Object {
            members: members.into_iter(),
            fields,
            seen: 0,
            path: self.path,
            at: self.value.at,
            text: self.text,
        })
    }

    /// An externally tagged enum: `"name"` or `{"name": value}` (exactly one key), `name` among `variants`;
    /// `expected` names the type in messages (`enum Check`).
    pub fn variant(self, expected: &str, variants: &'static [&'static str]) -> Result<Variant<'a, 'p>, Error> {
        let (name, name_at, value) = match self.value.kind {
            Kind::String(name) => (name, self.value.at, None),
            Kind::Object(members) if members.len() == 1 => {
                let Some(Member { key, key_at, value }) = members.into_iter().next() else {
                    unreachable!("one member")
                };
                (key, key_at, Some(value))
            }
            Kind::Object(ref members) => {
                return Err(self.error(format_args!(
                    "expected an object with exactly one key (the variant), found {} keys",
                    members.len()
                )))
            }
            _ => return Err(self.wrong_type(expected)),
        };
        let Some(index) = variants.iter().position(|v| *v == name) else {
            return Err(Error::placed(
                format!("unknown variant `{}`, expected {}", Clipped(&name), OneOf(variants)),
                &self.path,
                self.text,
                name_at,
            ));
        };
        Ok(Variant {
            index,
            name: variants[index],
            name_at,
            value,
            path: self.path,
            text: self.text,
        })
    }
}

/// An object being read field by field, in the order written (so the first problem in the text is the one
/// reported, as serde's derive does).
pub struct Object<'a, 'p> {
    members: std::vec::IntoIter<Member<'a>>,
    fields: &'static [&'static str],
    /// Bit `i` is set once `fields[i]` has been read.
    seen: u32,
    path: Path<'p>,
    at: usize,
    text: &'a str,
}

impl<'a, 'p> Object<'a, 'p> {
    /// The next member: the index of its key in the fields, and its value at `path.key`. An unknown key is
    /// an error placed at the key; a repeated one an error placed at the object.
    pub fn next_field(&mut self) -> Result<Option<(usize, Node<'a, '_>)>, Error> {
        let Some(Member { key, key_at, value }) = self.members.next() else {
            return Ok(None);
        };
        let Some(index) = self.fields.iter().position(|f| *f == key) else {
            return Err(Error::placed(
                format!("unknown field `{}`, expected {}", Clipped(&key), OneOf(self.fields)),
                &self.path,
                self.text,
                key_at,
            ));
        };
        let name = self.fields[index];
        if self.seen & (1 << index) != 0 {
            return Err(self.error(format_args!("duplicate field `{name}`")));
        }
        self.seen |= 1 << index;
        Ok(Some((
            index,
            Node {
                value,
                path: Path::Key(&self.path, name),
                text: self.text,
            },
        )))
    }

    /// After the last field: `missing field` placed at the object for the first of `required` (in the order
    /// given, serde's derive reports the first in declaration order) that was not read.
    pub fn require(&self, required: &[&str]) -> Result<(), Error> {
        for name in required {
            let read = self
                .fields
                .iter()
                .position(|f| f == name)
                .is_some_and(|index| self.seen & (1 << index) != 0);
            if !read {
                return Err(self.error(format_args!("missing field `{name}`")));
            }
        }
        Ok(())
    }

    fn error(&self, message: impl Display) -> Error {
        Error::placed(message.to_string(), &self.path, self.text, self.at)
    }
}

/// The variant an enum value names ([`Node::variant`]), with its value unless written as a bare string.
pub struct Variant<'a, 'p> {
    /// Of the variant in the `variants` given.
    pub index: usize,
    name: &'static str,
    name_at: usize,
    value: Option<Value<'a>>,
    path: Path<'p>,
    text: &'a str,
}

impl<'a> Variant<'a, '_> {
    /// The variant's value at `path.name`; a bare string names no value, which is an error for a variant
    /// that carries one.
    pub fn value(&mut self) -> Result<Node<'a, '_>, Error> {
        let name = self.name;
        let Some(value) = self.value.take() else {
            return Err(Error::placed(
                format!("`{name}` needs a value: write {{\"{name}\": …}}"),
                &self.path,
                self.text,
                self.name_at,
            ));
        };
        Ok(Node {
            value,
            path: Path::Key(&self.path, name),
            text: self.text,
        })
    }

    /// For a variant without a value: `"name"`, or `{"name": null}` as serde also reads it.
    pub fn unit(mut self) -> Result<(), Error> {
        if self.value.as_ref().is_some_and(|v| !matches!(v.kind, Kind::Null)) {
            return Err(self.value()?.wrong_type("null"));
        }
        Ok(())
    }
}

/// What a value is, in JSON's words; numbers as written.
struct Found<'k, 'a>(&'k Kind<'a>);

impl Display for Found<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::Null => f.write_str("null"),
            Kind::Bool(b) => write!(f, "boolean `{b}`"),
            Kind::Number(literal) => write!(f, "number `{}`", Clipped(literal)),
            Kind::String(s) => write!(f, "string \"{}\"", Clipped(s)),
            Kind::Array(_) => f.write_str("an array"),
            Kind::Object(_) => f.write_str("an object"),
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
