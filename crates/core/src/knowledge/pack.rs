//! The knowledge pack: the size tables of the layer estimate as one versioned data file
//! (`crates/core/data/knowledge.pack`, written by `scripts/sizes/gen_tables.py`, layout in its `pack()`).
//!
//! Only native builds compile the pack in (the `embedded-knowledge` feature, on by default: the CLI, the tests
//! and the tools). The web page leaves it out of its wasm, fetches it after its first analysis and installs
//! it in each of its wasm instances (issue #16). Until a pack is there, every size lookup answers "unknown"
//! and the layer estimate says the data is loading.
//!
//! A pack is installed once per process and then lives as long as it does. The tables are read-only facts
//! about the world that every estimate consults; a process-wide slot keeps the lookup API
//! (`layers::tables`) free of a handle that every caller would pass along unchanged.
//!
//! Decoding checks every byte: a page can be handed a truncated file, another format version, or anything
//! else a server answers with. Bad bytes give a [`PackError`], never a panic.

use std::sync::OnceLock;

/// The format this core reads (`PACK_FORMAT` in `scripts/sizes/gen_tables.py`).
pub const PACK_FORMAT: u32 = 2;
const MAGIC: &[u8] = b"DFLAB-KNOWLEDGE\n";

/// Why a pack was not installed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// Not a knowledge pack at all (an HTML error page, say).
    NotAPack,
    /// A pack of another format version: a newer or older build's file.
    Format { found: u32 },
    /// The bytes end early or contradict themselves; names the part that failed.
    Corrupt(&'static str),
    /// A pack is already installed in this process.
    AlreadyInstalled,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::NotAPack => f.write_str("not a Dockerfile Lab knowledge pack"),
            PackError::Format { found } => {
                write!(
                    f,
                    "knowledge pack format {found}, this version reads format {PACK_FORMAT}"
                )
            }
            PackError::Corrupt(part) => write!(f, "knowledge pack damaged: {part}"),
            PackError::AlreadyInstalled => f.write_str("a knowledge pack is already installed"),
        }
    }
}

impl std::error::Error for PackError {}

/// One base image row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseImageRow {
    pub reference: &'static str,
    pub low_kib: u32,
    pub high_kib: u32,
    pub created: &'static str,
    pub source: &'static str,
}

/// The Debian releases a pack has apt tables for, in the pack's order.
pub const APT_RELEASES: [&str; 2] = ["bookworm", "trixie"];
/// Each release's sections: its table, what it is, its aliases.
const APT_SECTIONS: [[&str; 3]; 2] = [
    ["apt.bookworm", "apt.bookworm.about", "apt.bookworm.aliases"],
    ["apt.trixie", "apt.trixie.about", "apt.trixie.aliases"],
];

/// One Debian release's package table.
pub struct AptTable {
    pub table: Table,
    /// For people: `Debian 13 trixie (main, trixie-updates, trixie-security), amd64`.
    pub release: &'static str,
    pub generated: &'static str,
    pub lists_kib: u32,
    /// Sorted by alias: names that resolve to another package.
    pub aliases: Vec<(&'static str, &'static str)>,
}

/// Everything a pack holds, decoded.
pub struct Knowledge {
    /// When the newest of its tables was made (YYYY-MM-DD).
    pub generated: &'static str,
    /// Sorted by reference.
    pub base_images: Vec<BaseImageRow>,
    /// One per [`APT_RELEASES`] entry, in that order.
    pub apt: Vec<AptTable>,
    pub pip: Table,
    pub pip_python: &'static str,
    pub pip_platform: &'static str,
    pub pip_measured: &'static str,
    pub pip_skipped: Vec<&'static str>,
}

/// What was installed, for the page to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackSummary {
    pub generated: &'static str,
    pub base_images: usize,
    pub apt_packages: usize,
    pub pip_entries: usize,
}

static INSTALLED: OnceLock<Knowledge> = OnceLock::new();

/// Decodes `bytes` (a pack embedded in the program) and makes it this process's knowledge.
pub fn install(bytes: &'static [u8]) -> Result<PackSummary, PackError> {
    if INSTALLED.get().is_some() {
        return Err(PackError::AlreadyInstalled);
    }
    let knowledge = decode(bytes)?;
    let summary = knowledge.summary();
    INSTALLED.set(knowledge).map_err(|_| PackError::AlreadyInstalled)?;
    Ok(summary)
}

/// [`install`] for bytes read at run time (the page's fetch): they are kept for the life of the process, as
/// the tables borrow their names from them. Nothing is kept when they are refused.
pub fn install_owned(bytes: Vec<u8>) -> Result<PackSummary, PackError> {
    if INSTALLED.get().is_some() {
        return Err(PackError::AlreadyInstalled);
    }
    decode_owned(bytes).and_then(|knowledge| {
        let summary = knowledge.summary();
        INSTALLED.set(knowledge).map_err(|_| PackError::AlreadyInstalled)?;
        Ok(summary)
    })
}

fn decode_owned(bytes: Vec<u8>) -> Result<Knowledge, PackError> {
    // Checked before the bytes are leaked, so a refused file (an HTML error page) is not kept.
    if !bytes.starts_with(MAGIC) {
        return Err(PackError::NotAPack);
    }
    decode(Box::leak(bytes.into_boxed_slice()))
}

/// The installed knowledge; with the `embedded-knowledge` feature, the checkout's pack until another is
/// installed.
pub fn installed() -> Option<&'static Knowledge> {
    INSTALLED.get().or_else(embedded)
}

#[cfg(any(test, feature = "embedded-knowledge"))]
fn embedded() -> Option<&'static Knowledge> {
    static EMBEDDED: OnceLock<Option<Knowledge>> = OnceLock::new();
    // A damaged checkout leaves every size unknown; the unit tests below say why.
    EMBEDDED
        .get_or_init(|| decode(include_bytes!("../../data/knowledge.pack")).ok())
        .as_ref()
}

#[cfg(not(any(test, feature = "embedded-knowledge")))]
fn embedded() -> Option<&'static Knowledge> {
    None
}

impl Knowledge {
    pub fn summary(&self) -> PackSummary {
        PackSummary {
            generated: self.generated,
            base_images: self.base_images.len(),
            apt_packages: self.apt.iter().map(|apt| apt.table.len()).sum(),
            pip_entries: self.pip.len(),
        }
    }
}

/// Decodes a pack without installing it.
pub fn decode(bytes: &'static [u8]) -> Result<Knowledge, PackError> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(PackError::NotAPack)?;
    let mut reader = Reader { bytes: rest, at: 0 };
    let found = reader.varint("format version")?;
    if found != PACK_FORMAT {
        return Err(PackError::Format { found });
    }
    let count = reader.varint("section count")?;
    let mut sections: Vec<(&'static str, &'static [u8])> = Vec::new();
    for _ in 0..count {
        let name_len = reader.varint("section name")? as usize;
        let name = std::str::from_utf8(reader.take(name_len, "section name")?)
            .map_err(|_| PackError::Corrupt("section name"))?;
        let len = reader.varint("section length")? as usize;
        sections.push((name, reader.take(len, "section data")?));
    }
    let section = |name: &'static str| {
        sections
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, data)| *data)
            .ok_or(PackError::Corrupt(name))
    };
    let text = |name: &'static str| -> Result<Vec<Vec<&'static str>>, PackError> {
        let data = std::str::from_utf8(section(name)?).map_err(|_| PackError::Corrupt(name))?;
        Ok(data.lines().map(|line| line.split('\t').collect()).collect())
    };
    let about = |name: &'static str, key: &str| -> Result<&'static str, PackError> {
        text(name)?
            .into_iter()
            .find(|row| row.first() == Some(&key))
            .and_then(|row| row.get(1).copied())
            .ok_or(PackError::Corrupt(name))
    };
    let number = |value: &str, part: &'static str| value.parse::<u32>().map_err(|_| PackError::Corrupt(part));

    let mut base_images = Vec::new();
    for row in text("base-images")? {
        let [reference, low, high, created, source] = row[..] else {
            return Err(PackError::Corrupt("base-images"));
        };
        base_images.push(BaseImageRow {
            reference,
            low_kib: number(low, "base-images")?,
            high_kib: number(high, "base-images")?,
            created,
            source,
        });
    }
    if !base_images.windows(2).all(|w| w[0].reference < w[1].reference) {
        return Err(PackError::Corrupt("base-images order"));
    }
    let pip_skipped = text("pip.skipped")?
        .into_iter()
        .filter_map(|row| row.first().copied())
        .collect();
    let mut apt = Vec::new();
    for [table, about_section, aliases_section] in APT_SECTIONS {
        let mut aliases = Vec::new();
        for row in text(aliases_section)? {
            let [alias, name] = row[..] else {
                return Err(PackError::Corrupt(aliases_section));
            };
            aliases.push((alias, name));
        }
        if !aliases.windows(2).all(|w| w[0].0 < w[1].0) {
            return Err(PackError::Corrupt(aliases_section));
        }
        apt.push(AptTable {
            table: Table::decode(section(table)?, 1, table)?,
            release: about(about_section, "release")?,
            generated: about(about_section, "generated")?,
            lists_kib: number(about(about_section, "lists_kib")?, about_section)?,
            aliases,
        });
    }
    Ok(Knowledge {
        generated: about("about", "generated")?,
        base_images,
        apt,
        pip: Table::decode(section("pip")?, 3, "pip")?,
        pip_python: about("pip.about", "python")?,
        pip_platform: about("pip.about", "platform")?,
        pip_measured: about("pip.about", "measured")?,
        pip_skipped,
    })
}

struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn byte(&mut self, part: &'static str) -> Result<u8, PackError> {
        let byte = *self.bytes.get(self.at).ok_or(PackError::Corrupt(part))?;
        self.at += 1;
        Ok(byte)
    }

    /// LEB128, at most 32 bits.
    fn varint(&mut self, part: &'static str) -> Result<u32, PackError> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.byte(part)?;
            let bits = u32::from(byte & 0x7f);
            if shift == 28 && bits > 0x0f {
                return Err(PackError::Corrupt(part));
            }
            value |= bits << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(PackError::Corrupt(part))
    }

    fn take(&mut self, len: usize, part: &'static str) -> Result<&'static [u8], PackError> {
        let end = self.at.checked_add(len).ok_or(PackError::Corrupt(part))?;
        let slice = self.bytes.get(self.at..end).ok_or(PackError::Corrupt(part))?;
        self.at = end;
        Ok(slice)
    }
}

/// A decoded size table (layout in `scripts/sizes/gen_tables.py`, `blob()`): sorted names, size columns in
/// KiB, dependency edges (the first `hard` of each entry are the hard ones) and base-image bits.
pub struct Table {
    names: String,
    name_end: Vec<u32>,
    kib: Vec<Vec<u32>>,
    edge_end: Vec<u32>,
    hard_end: Vec<u32>,
    edges: Vec<u32>,
    base: Vec<u8>,
}

impl Table {
    fn decode(blob: &'static [u8], columns: usize, part: &'static str) -> Result<Table, PackError> {
        let mut reader = Reader { bytes: blob, at: 0 };
        let n = reader.varint(part)? as usize;
        // Every entry takes at least two bytes of names: a count past that is damage, not a reason to allocate.
        if n > blob.len() / 2 || reader.varint(part)? as usize != columns {
            return Err(PackError::Corrupt(part));
        }
        let flags = reader.byte(part)?;
        let mut names = String::new();
        let mut name_end = Vec::with_capacity(n);
        let mut name = String::new();
        for _ in 0..n {
            let shared = usize::from(reader.byte(part)?);
            let tail = &blob[reader.at..];
            let len = tail.iter().position(|&b| b == b'\n').ok_or(PackError::Corrupt(part))?;
            let rest = std::str::from_utf8(reader.take(len, part)?).map_err(|_| PackError::Corrupt(part))?;
            reader.at += 1;
            if shared > name.len() || !name.is_char_boundary(shared) {
                return Err(PackError::Corrupt(part));
            }
            let previous_len = name.len();
            name.truncate(shared);
            name.push_str(rest);
            // Sorted and unique, or the binary search would miss names.
            if !name_end.is_empty() && name.as_str() <= &names[names.len() - previous_len..] {
                return Err(PackError::Corrupt(part));
            }
            names.push_str(&name);
            name_end.push(names.len() as u32);
        }
        let mut table = Table {
            names,
            name_end,
            kib: Vec::new(),
            edge_end: Vec::with_capacity(n),
            hard_end: Vec::with_capacity(n),
            edges: Vec::new(),
            base: Vec::new(),
        };
        for _ in 0..columns {
            table
                .kib
                .push((0..n).map(|_| reader.varint(part)).collect::<Result<_, _>>()?);
        }
        let mut end = 0u32;
        for _ in 0..n {
            let count = reader.varint(part)?;
            let hard = if flags & 1 != 0 { reader.varint(part)? } else { count };
            if hard > count {
                return Err(PackError::Corrupt(part));
            }
            table.hard_end.push(end + hard);
            end = end.checked_add(count).ok_or(PackError::Corrupt(part))?;
            table.edge_end.push(end);
        }
        if end as usize > blob.len() {
            return Err(PackError::Corrupt(part));
        }
        table.edges.reserve(end as usize);
        for i in 0..n {
            let (start, hard, end) = (table.edge_start(i) as u32, table.hard_end[i], table.edge_end[i]);
            for group in [start..hard, hard..end] {
                let mut last = 0u32;
                for _ in group {
                    last = last.checked_add(reader.varint(part)?).ok_or(PackError::Corrupt(part))?;
                    if last as usize >= n {
                        return Err(PackError::Corrupt(part));
                    }
                    table.edges.push(last);
                }
            }
        }
        if flags & 2 != 0 {
            table.base = reader.take(n, part)?.to_vec();
        } else {
            table.base = vec![0; n];
        }
        if reader.at != blob.len() {
            return Err(PackError::Corrupt(part));
        }
        Ok(table)
    }

    pub fn len(&self) -> usize {
        self.name_end.len()
    }

    pub fn is_empty(&self) -> bool {
        self.name_end.is_empty()
    }

    pub fn name(&'static self, i: usize) -> &'static str {
        let start = if i == 0 { 0 } else { self.name_end[i - 1] as usize };
        &self.names[start..self.name_end[i] as usize]
    }

    pub fn index(&'static self, key: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.name(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Size column `column` of entry `i`, in KiB.
    pub fn kib(&self, column: usize, i: usize) -> u32 {
        self.kib[column][i]
    }

    /// Base-image bits of entry `i`.
    pub fn base(&self, i: usize) -> u8 {
        self.base[i]
    }

    fn edge_start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.edge_end[i - 1] as usize
        }
    }

    /// Edges of entry `i`: all of them, or only the hard ones.
    pub fn edges(&self, i: usize, all: bool) -> &[u32] {
        let end = if all { self.edge_end[i] } else { self.hard_end[i] };
        &self.edges[self.edge_start(i)..end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &[u8] = include_bytes!("../../data/knowledge.pack");

    #[test]
    fn the_checkouts_pack_decodes_with_sorted_tables() {
        let knowledge = decode(PACK).unwrap();
        let sorted = |t: &'static Table| (1..t.len()).all(|i| t.name(i - 1) < t.name(i));
        let knowledge: &'static Knowledge = Box::leak(Box::new(knowledge));
        assert!(knowledge.apt.iter().all(|apt| sorted(&apt.table)) && sorted(&knowledge.pip));
        assert!(knowledge.apt.iter().all(|apt| apt.table.index("libpq-dev").is_some()));
        assert!(knowledge.pip.index("requests").is_some());
        assert!(knowledge
            .base_images
            .iter()
            .any(|r| r.reference == "python:3.12-slim-bookworm"));
    }

    /// Every prefix of a real pack, and the pack with any one byte changed, decodes or fails: never a panic.
    #[test]
    fn damaged_packs_are_errors_not_panics() {
        for len in (0..PACK.len()).step_by(97).chain([PACK.len() - 1]) {
            assert!(decode(&PACK[..len]).is_err(), "a pack cut at {len} bytes decoded");
        }
        let mut at = 0;
        while at < PACK.len() {
            for value in [0x00, 0x7f, 0x80, 0xff] {
                let mut damaged = PACK.to_vec();
                damaged[at] = value;
                let damaged: &'static [u8] = Box::leak(damaged.into_boxed_slice());
                let _ = decode(damaged);
            }
            at += 401;
        }
        assert_eq!(decode(b"<!doctype html>").err(), Some(PackError::NotAPack));
        let mut other = MAGIC.to_vec();
        other.push(PACK_FORMAT as u8 + 1);
        assert_eq!(
            decode(Box::leak(other.into_boxed_slice())).err(),
            Some(PackError::Format { found: PACK_FORMAT + 1 })
        );
    }
}
