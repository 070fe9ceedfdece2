//! A `serde::Deserializer` over a [`Value`] tree: every error is placed at the value it is about, with its
//! path and position.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Error as _, Unexpected, Visitor};
use serde::forward_to_deserialize_any;

use super::error::{Clipped, Path};
use super::{parse, Error, Kind, Member, Value};

/// Reads `text` as JSON into a `T` (see the module documentation for what is supported).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let value = parse(text)?;
    T::deserialize(ValueDeserializer {
        value,
        path: &Path::Root,
        text,
    })
}

/// One value, consumed as it is deserialized (strings are moved out, not copied).
struct ValueDeserializer<'a, 'p> {
    value: Value<'a>,
    path: &'p Path<'p>,
    /// The whole text, to turn the byte offset of an error into a line and column.
    text: &'a str,
}

/// `invalid type: <what the value is>, expected <what the visitor reads>`; numbers quoted as written. One
/// function for every visitor (not generic), so the message code is in the wasm once.
fn wrong_kind(value: &Value<'_>, expected: &dyn de::Expected) -> Error {
    let found = match &value.kind {
        Kind::Null => Unexpected::Unit,
        Kind::Bool(b) => Unexpected::Bool(*b),
        Kind::Number(literal) => return number_error(literal, expected),
        Kind::String(s) => Unexpected::Str(s),
        Kind::Array(_) => Unexpected::Seq,
        Kind::Object(_) => Unexpected::Map,
    };
    Error::invalid_type(found, expected)
}

fn number_error(literal: &str, expected: &dyn de::Expected) -> Error {
    let found = format!("number `{}`", Clipped(literal));
    Error::invalid_type(Unexpected::Other(&found), expected)
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (path, text, at) = (self.path, self.text, self.value.at);
        let result = match self.value.kind {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Number(literal) => number(literal, visitor),
            Kind::String(s) => visitor.visit_string(s),
            Kind::Array(items) => seq(items, path, text, visitor),
            Kind::Object(members) => map(members, path, text, visitor),
        };
        result.map_err(|e| e.within(path, text, at))
    }

    // Each type asks for the kind it reads: only that kind's code is compiled for its visitor (through
    // `deserialize_any`, every visitor would carry the code of all six kinds; the wasm counts every byte).

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (path, text, at) = (self.path, self.text, self.value.at);
        match self.value.kind {
            Kind::Bool(b) => visitor.visit_bool(b),
            _ => Err(wrong_kind(&self.value, &visitor)),
        }
        .map_err(|e| e.within(path, text, at))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (path, text, at) = (self.path, self.text, self.value.at);
        match self.value.kind {
            Kind::Number(literal) => number(literal, visitor),
            _ => Err(wrong_kind(&self.value, &visitor)),
        }
        .map_err(|e| e.within(path, text, at))
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (path, text, at) = (self.path, self.text, self.value.at);
        match self.value.kind {
            Kind::String(s) => visitor.visit_string(s),
            _ => Err(wrong_kind(&self.value, &visitor)),
        }
        .map_err(|e| e.within(path, text, at))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (path, text, at) = (self.path, self.text, self.value.at);
        match self.value.kind {
            Kind::Array(items) => seq(items, path, text, visitor),
            _ => Err(wrong_kind(&self.value, &visitor)),
        }
        .map_err(|e| e.within(path, text, at))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.kind {
            Kind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Structs from objects only (serde_json also takes arrays of the fields in order, which a hand-written
    /// pack would only produce by mistake).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (path, text, at) = (self.path, self.text, self.value.at);
        match self.value.kind {
            Kind::Object(members) => map(members, path, text, visitor),
            _ => Err(wrong_kind(&self.value, &visitor)),
        }
        .map_err(|e| e.within(path, text, at))
    }

    /// Externally tagged: `"unit_variant"` or `{"variant": value}` (exactly one key).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (path, text, at) = (self.path, self.text, self.value.at);
        let result = match self.value.kind {
            Kind::String(key) => visitor.visit_enum(Variant {
                key,
                key_at: at,
                value: None,
                path,
                text,
            }),
            Kind::Object(members) if members.len() == 1 => {
                let Some(Member { key, key_at, value }) = members.into_iter().next() else {
                    unreachable!("one member")
                };
                visitor.visit_enum(Variant {
                    key,
                    key_at,
                    value: Some(value),
                    path,
                    text,
                })
            }
            Kind::Object(members) => Err(Error::custom(format_args!(
                "expected an object with exactly one key (the variant), found {} keys",
                members.len()
            ))),
            _ => Err(wrong_kind(&self.value, &visitor)),
        };
        result.map_err(|e| e.within(path, text, at))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.unsupported("floating-point numbers"))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.unsupported("floating-point numbers"))
    }

    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.unsupported("single characters"))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.unsupported("byte strings"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.unsupported("byte strings"))
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i64 u8 u16 unit unit_struct tuple tuple_struct map identifier
    }
}

/// An array's elements for `visitor`, which must take them all.
fn seq<'de, V: Visitor<'de>>(items: Vec<Value<'_>>, path: &Path, text: &str, visitor: V) -> Result<V::Value, Error> {
    let count = items.len();
    let mut seq = Items {
        items: items.into_iter(),
        index: 0,
        path,
        text,
    };
    let value = visitor.visit_seq(&mut seq)?;
    if seq.items.len() > 0 {
        return Err(Error::invalid_length(count, &"fewer elements"));
    }
    Ok(value)
}

/// An object's members for `visitor`.
fn map<'de, V: Visitor<'de>>(members: Vec<Member<'_>>, path: &Path, text: &str, visitor: V) -> Result<V::Value, Error> {
    visitor.visit_map(Members {
        members: members.into_iter(),
        pending: None,
        path,
        text,
    })
}

impl ValueDeserializer<'_, '_> {
    fn unsupported(&self, what: &str) -> Error {
        Error::custom(format_args!("{what} are not supported by this reader")).within(
            self.path,
            self.text,
            self.value.at,
        )
    }
}

/// A whole number as `u64` or `i64`; any other number (fraction, exponent, out of range) is an error that
/// quotes it as written: no float is ever made.
fn number<'de, V: Visitor<'de>>(literal: &str, visitor: V) -> Result<V::Value, Error> {
    let (negative, digits) = match literal.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, literal),
    };
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(magnitude) = digits.parse::<u64>() {
            if !negative {
                return visitor.visit_u64(magnitude);
            }
            if magnitude <= i64::MIN.unsigned_abs() {
                return visitor.visit_i64((magnitude as i64).wrapping_neg());
            }
        }
    }
    Err(number_error(literal, &visitor))
}

/// The elements of an array, each deserialized at `path[index]`.
struct Items<'a, 'p> {
    items: std::vec::IntoIter<Value<'a>>,
    index: usize,
    path: &'p Path<'p>,
    text: &'a str,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, self.index);
        self.index += 1;
        seed.deserialize(ValueDeserializer {
            value,
            path: &path,
            text: self.text,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of an object: each key (placed at the key, so an unknown field points at itself), then its
/// value at `path.key`.
struct Members<'a, 'p> {
    members: std::vec::IntoIter<Member<'a>>,
    pending: Option<(String, Value<'a>)>,
    path: &'p Path<'p>,
    text: &'a str,
}

impl<'de> de::MapAccess<'de> for Members<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(Member { key, key_at, value }) = self.members.next() else {
            return Ok(None);
        };
        let key_value = seed.deserialize(Key {
            key: &key,
            at: key_at,
            path: self.path,
            text: self.text,
        })?;
        self.pending = Some((key, value));
        Ok(Some(key_value))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(Error::custom("a value asked for before its key"));
        };
        seed.deserialize(ValueDeserializer {
            value,
            path: &Path::Key(self.path, &key),
            text: self.text,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// An object key or an enum variant name, as a string for serde's field and variant identifiers.
struct Key<'k, 'p> {
    key: &'k str,
    at: usize,
    /// The path of the object (or enum) the key belongs to.
    path: &'p Path<'p>,
    text: &'k str,
}

impl<'de> de::Deserializer<'de> for Key<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor
            .visit_str(self.key)
            .map_err(|e: Error| e.within(self.path, self.text, self.at))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// An enum's variant: its name, and its value unless it was written as a bare string.
struct Variant<'a, 'p> {
    key: String,
    key_at: usize,
    value: Option<Value<'a>>,
    path: &'p Path<'p>,
    text: &'a str,
}

impl<'de, 'a, 'p> de::EnumAccess<'de> for Variant<'a, 'p> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let variant = seed.deserialize(Key {
            key: &self.key,
            at: self.key_at,
            path: self.path,
            text: self.text,
        })?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, '_> {
    type Error = Error;

    /// `"name"`, or `{"name": null}` as serde_json also reads it.
    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            None | Some(Value { kind: Kind::Null, .. }) => Ok(()),
            Some(value) => {
                let path = Path::Key(self.path, &self.key);
                Err(wrong_kind(&value, &"null").within(&path, self.text, value.at))
            }
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        self.data(|data| seed.deserialize(data))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.data(|data| de::Deserializer::deserialize_seq(data, visitor))
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        self.data(|data| de::Deserializer::deserialize_struct(data, "", fields, visitor))
    }
}

impl Variant<'_, '_> {
    /// Deserializes the variant's value at `path.name`; a bare string names no value, which is an error here.
    fn data<T>(self, read: impl FnOnce(ValueDeserializer<'_, '_>) -> Result<T, Error>) -> Result<T, Error> {
        let Some(value) = self.value else {
            let key = Clipped(&self.key);
            return Err(
                Error::custom(format_args!("`{key}` needs a value: write {{\"{key}\": …}}")).within(
                    self.path,
                    self.text,
                    self.key_at,
                ),
            );
        };
        read(ValueDeserializer {
            value,
            path: &Path::Key(self.path, &self.key),
            text: self.text,
        })
    }
}
