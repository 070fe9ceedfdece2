//! What a shared link carries: the Dockerfile and the options that differ from the defaults, compressed into
//! the URL hash as `#v2=<base64url>`. Pure Rust (no browser calls), so it is tested directly.
//!
//! Also `#text=<percent-encoded Dockerfile>`: uncompressed, for links written by hand or by `static/embed.js`.
//!
//! Version dispatch: every format ever written keeps a decoder here; [`decode`] picks it by the `vN` key, so
//! old links keep opening.
//! - v1 = the [`Snapshot`] record format below, compressed by [`lz`], in base64url.
//! - v2 = v1 followed by the CRC-32 of the records (4 bytes, little-endian) before base64url: a link damaged
//!   in transit (one character changed by a mail client or a chat) is refused with a message instead of
//!   opening garbage over the user's text (issue #20).
//!
//! No link expands beyond [`MAX_LINK_TEXT_BYTES`]: a few dozen characters of LZ matches could otherwise
//! expand to megabytes and freeze the page.

use dflab_core::{Options, Severity};

/// What a link or the autosave restores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub source: String,
    pub options: Options,
    /// The panel that was open (`findings`, `diff`, `layers`): a shared link reopens the tab it was shared from.
    pub panel: Option<String>,
}

/// What the page's hash asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum HashRoute {
    None,
    /// `#v1=…` (or any future version), decoded.
    Shared(Result<Box<Snapshot>, String>),
    /// `#rule=<code>`: the rule catalog open at that rule.
    Rule(String),
    /// `#rules`: the rule catalog.
    Catalog,
    /// `#lessons`: the lesson view; `#lesson=<id>`: the lesson view at that lesson.
    Lesson(Option<String>),
}

/// The current format's version key.
pub const CURRENT: &str = "v2";

/// The most text a link may carry once expanded: what the page analyses at most
/// ([`crate::state::MAX_INPUT_BYTES`]), plus room for the record headers.
pub const MAX_LINK_TEXT_BYTES: usize = crate::state::MAX_INPUT_BYTES + 1024;

/// Parses `location.hash` (with or without the leading `#`).
pub fn route(hash: &str) -> HashRoute {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if hash.is_empty() {
        return HashRoute::None;
    }
    if hash == "rules" {
        return HashRoute::Catalog;
    }
    if hash == "lessons" {
        return HashRoute::Lesson(None);
    }
    let Some((key, value)) = hash.split_once('=') else {
        return HashRoute::None;
    };
    if key == "rule" {
        return HashRoute::Rule(percent_decode(value));
    }
    if key == "lesson" {
        return HashRoute::Lesson(Some(percent_decode(value)));
    }
    if key == "text" {
        // The plain form for hand-written links and documentation widgets (`static/embed.js`): just the text.
        if value.len() > 3 * MAX_LINK_TEXT_BYTES {
            return HashRoute::Shared(Err(too_large()));
        }
        return HashRoute::Shared(Ok(Box::new(Snapshot {
            source: percent_decode(value),
            ..Snapshot::default()
        })));
    }
    if key.starts_with('v') && key[1..].bytes().all(|b| b.is_ascii_digit()) && key.len() > 1 {
        return HashRoute::Shared(decode(key, value).map(Box::new));
    }
    HashRoute::None
}

/// The hash fragment (without `#`) for a snapshot, in the current version.
pub fn encode(snapshot: &Snapshot) -> String {
    let records = to_records(snapshot);
    let mut bytes = lz::compress(records.as_bytes());
    bytes.extend_from_slice(&crc32::checksum(records.as_bytes()).to_le_bytes());
    format!("{CURRENT}={}", base64url::encode(&bytes))
}

/// Decodes the payload of a `vN=` hash. Unknown versions are an error the page shows, never a panic.
pub fn decode(version: &str, data: &str) -> Result<Snapshot, String> {
    let bytes = base64url::decode(data).ok_or("the link is damaged (not base64url)")?;
    let records = match version {
        "v1" => expand(&bytes)?,
        "v2" => {
            let split = bytes.len().checked_sub(4).ok_or("the link is damaged (too short)")?;
            let (compressed, checksum) = bytes.split_at(split);
            let records = expand(compressed)?;
            if crc32::checksum(&records).to_le_bytes() != checksum {
                return Err(
                    "the link is damaged (its checksum does not match: a character was changed or lost)".into(),
                );
            }
            records
        }
        other => {
            return Err(format!(
                "this link uses format {other}, which this version of the page cannot read"
            ))
        }
    };
    let text = String::from_utf8(records).map_err(|_| "the link is damaged (not UTF-8)")?;
    from_records(&text).ok_or_else(|| "the link is damaged (bad record)".to_string())
}

fn expand(compressed: &[u8]) -> Result<Vec<u8>, String> {
    match lz::decompress(compressed, MAX_LINK_TEXT_BYTES) {
        Ok(records) => Ok(records),
        Err(lz::Refused::TooLarge) => Err(too_large()),
        Err(lz::Refused::Malformed) => Err("the link is damaged (cannot decompress)".into()),
    }
}

fn too_large() -> String {
    format!(
        "the link's text is over {} MB, more than the page analyses, so it was not opened",
        crate::state::MAX_INPUT_BYTES / 1_000_000
    )
}

/// The uncompressed record format (also what the autosave stores): `<tag><byte length>:<text>` repeated.
/// Tags: `d` Dockerfile, `o` one opt-in, `s` one selected rule, `x` one ignored rule, `r` requirements.txt,
/// `p` pyproject.toml, `i` .dockerignore, `f` the context's file list, `t` the open panel, `e` one rule
/// turned on besides the defaults, `v` one rule's severity (`B001=error`). Unknown tags are skipped, so newer
/// links degrade gracefully.
pub fn to_records(snapshot: &Snapshot) -> String {
    let mut out = String::new();
    let mut put = |tag: char, text: &str| {
        out.push(tag);
        out.push_str(&text.len().to_string());
        out.push(':');
        out.push_str(text);
    };
    put('d', &snapshot.source);
    let options = &snapshot.options;
    options.opt_in.iter().for_each(|id| put('o', id));
    options.select.iter().for_each(|id| put('s', id));
    options.extend_select.iter().for_each(|id| put('e', id));
    options.ignore.iter().for_each(|id| put('x', id));
    for (id, severity) in &options.severity {
        put('v', &format!("{id}={}", severity.as_str()));
    }
    let context = &options.context;
    for (tag, file) in [
        ('r', &context.requirements_txt),
        ('p', &context.pyproject_toml),
        ('i', &context.dockerignore),
    ] {
        if let Some(text) = file {
            put(tag, text);
        }
    }
    if let Some(files) = &context.files {
        put('f', &files.join("\n"));
    }
    if let Some(panel) = &snapshot.panel {
        put('t', panel);
    }
    out
}

pub fn from_records(mut text: &str) -> Option<Snapshot> {
    let mut snapshot = Snapshot::default();
    while !text.is_empty() {
        let tag = text.chars().next()?;
        let rest = &text[tag.len_utf8()..];
        let colon = rest.find(':')?;
        let len: usize = rest[..colon].parse().ok()?;
        let body = rest.get(colon + 1..colon + 1 + len)?.to_string();
        text = &rest[colon + 1 + len..];
        let options = &mut snapshot.options;
        match tag {
            'd' => snapshot.source = body,
            'o' => options.opt_in.push(body),
            's' => options.select.push(body),
            'e' => options.extend_select.push(body),
            'x' => options.ignore.push(body),
            'v' => {
                if let Some((id, level)) = body.split_once('=') {
                    if let Some(severity) = [Severity::Error, Severity::Warning, Severity::Info]
                        .into_iter()
                        .find(|s| s.as_str() == level)
                    {
                        options.severity.insert(id.to_string(), severity);
                    }
                }
            }
            'r' => options.context.requirements_txt = Some(body),
            'p' => options.context.pyproject_toml = Some(body),
            'i' => options.context.dockerignore = Some(body),
            'f' => options.context.files = Some(body.split('\n').map(String::from).collect()),
            't' => snapshot.panel = Some(body),
            _ => {}
        }
    }
    Some(snapshot)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// CRC-32 (IEEE, the checksum of zip and PNG), bit by bit. Hand-written rather than `crc32fast`: that crate's
/// slice-by-16 table added 18.7 KB of gzip to the page (measured with `cargo xtask budget`), for links a few KB
/// long where a table buys nothing.
pub mod crc32 {
    pub fn checksum(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
            }
        }
        !crc
    }
}

/// A small LZ77 byte compressor (no entropy coding): Dockerfiles repeat themselves, so this roughly halves
/// them at ~1 KB of wasm, instead of a deflate crate.
///
/// Stream: varint `x`; if `x` is even, a literal run of `x / 2` bytes follows; if odd, a match of
/// `x / 2 + MIN_MATCH` bytes at the varint distance that follows (copies may overlap).
pub mod lz {
    const MIN_MATCH: usize = 4;
    const WINDOW: usize = 1 << 15;
    const HASH_BITS: u32 = 13;
    const MAX_CHAIN: usize = 48;

    fn hash(bytes: &[u8]) -> usize {
        let v = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
    }

    fn put_varint(out: &mut Vec<u8>, mut v: usize) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    fn get_varint(data: &[u8], pos: &mut usize) -> Option<usize> {
        let mut v = 0usize;
        for shift in (0..64).step_by(7) {
            let b = *data.get(*pos)?;
            *pos += 1;
            v |= ((b & 0x7f) as usize).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    pub fn compress(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len() / 2 + 8);
        let mut head = vec![usize::MAX; 1 << HASH_BITS];
        let mut prev = vec![usize::MAX; input.len()];
        let mut literal_start = 0;
        let mut i = 0;
        let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, at: usize| {
            if at + MIN_MATCH <= input.len() {
                let h = hash(&input[at..]);
                prev[at] = head[h];
                head[h] = at;
            }
        };
        while i < input.len() {
            let mut best_len = 0;
            let mut best_dist = 0;
            if i + MIN_MATCH <= input.len() {
                let mut candidate = head[hash(&input[i..])];
                let mut chain = 0;
                while candidate != usize::MAX && i - candidate <= WINDOW && chain < MAX_CHAIN {
                    let len = input[candidate..]
                        .iter()
                        .zip(&input[i..])
                        .take_while(|(a, b)| a == b)
                        .count();
                    if len > best_len {
                        best_len = len;
                        best_dist = i - candidate;
                    }
                    candidate = prev[candidate];
                    chain += 1;
                }
            }
            if best_len >= MIN_MATCH {
                if literal_start < i {
                    put_varint(&mut out, (i - literal_start) << 1);
                    out.extend_from_slice(&input[literal_start..i]);
                }
                put_varint(&mut out, ((best_len - MIN_MATCH) << 1) | 1);
                put_varint(&mut out, best_dist);
                for at in i..i + best_len {
                    insert(&mut head, &mut prev, at);
                }
                i += best_len;
                literal_start = i;
            } else {
                insert(&mut head, &mut prev, i);
                i += 1;
            }
        }
        if literal_start < input.len() {
            put_varint(&mut out, (input.len() - literal_start) << 1);
            out.extend_from_slice(&input[literal_start..]);
        }
        out
    }

    /// Why [`decompress`] gave up.
    #[derive(Debug, PartialEq, Eq)]
    pub enum Refused {
        Malformed,
        /// The output would pass the limit: checked before each copy, so nothing past it is ever written.
        TooLarge,
    }

    pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, Refused> {
        let mut out: Vec<u8> = Vec::with_capacity((data.len() * 2).min(limit));
        let mut pos = 0;
        while pos < data.len() {
            let x = get_varint(data, &mut pos).ok_or(Refused::Malformed)?;
            if x & 1 == 0 {
                let len = x >> 1;
                let end = pos.checked_add(len).ok_or(Refused::Malformed)?;
                let literal = data.get(pos..end).ok_or(Refused::Malformed)?;
                if out.len() + literal.len() > limit {
                    return Err(Refused::TooLarge);
                }
                out.extend_from_slice(literal);
                pos = end;
            } else {
                let len = (x >> 1).checked_add(MIN_MATCH).ok_or(Refused::Malformed)?;
                let dist = get_varint(data, &mut pos).ok_or(Refused::Malformed)?;
                if dist == 0 || dist > out.len() {
                    return Err(Refused::Malformed);
                }
                if len > limit - out.len() {
                    return Err(Refused::TooLarge);
                }
                let from = out.len() - dist;
                for k in 0..len {
                    out.push(out[from + k]);
                }
            }
        }
        Ok(out)
    }
}

/// RFC 4648 base64url without padding.
pub mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(data: &[u8]) -> String {
        let mut out = String::with_capacity(data.len() * 4 / 3 + 3);
        for chunk in data.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let text = text.trim_end_matches('=');
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let value = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|v| v as u32);
        for chunk in text.as_bytes().chunks(4) {
            if chunk.len() == 1 {
                return None;
            }
            let mut n = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                n |= value(c)? << (18 - 6 * i);
            }
            for i in 0..chunk.len() - 1 {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        Some(out)
    }
}
