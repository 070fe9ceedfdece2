//! Helpers shared by the base-image rules.

use crate::model::Model;
use crate::model::{Base, Stage};
use crate::span::Span;
use crate::syntax::instructions::From;
use crate::syntax::ImageRef;

/// A stage whose FROM names an image, with the FROM view and the resolved reference (global ARGs
/// expanded); only references without unresolved variables.
pub struct FromImage<'a> {
    pub stage: &'a Stage,
    pub from: From,
    pub image: &'a ImageRef,
    /// The image word in the FROM line.
    pub span: Span,
    /// Whether the image word was written without variables (sub-spans are exact).
    pub literal: bool,
}

impl FromImage<'_> {
    /// The tag's span when written literally, else the image word.
    pub fn tag_span(&self) -> Span {
        self.image.tag_span.filter(|_| self.literal).unwrap_or(self.span)
    }
}

/// Every stage built directly from an image whose reference is fully known.
pub fn from_images<'a>(model: &'a Model) -> Vec<FromImage<'a>> {
    model
        .build
        .stages
        .iter()
        .filter_map(|stage| {
            let Base::Image { image, unresolved, .. } = &stage.base else {
                return None;
            };
            let from = model.instructions.get(stage.from)?.as_from()?;
            if !unresolved.is_empty() || from.image.value.is_empty() {
                return None;
            }
            Some(FromImage {
                stage,
                span: from.image.span,
                literal: !from.image.value.contains('$'),
                from,
                image,
            })
        })
        .collect()
}

/// The Docker Hub official image name (`python` for `python`, `library/python`, `docker.io/library/python`).
pub fn official_name(image: &ImageRef) -> Option<&str> {
    let repository = image.repository.as_str();
    let repository = match image.registry.as_deref() {
        None | Some("docker.io") | Some("index.docker.io") | Some("registry-1.docker.io") => repository,
        Some(_) => return None,
    };
    let name = repository.strip_prefix("library/").unwrap_or(repository);
    (!name.contains('/')).then_some(name)
}

/// `(major, minor)` of a version at the start of `text` (`3.12-slim` gives `(3, Some(12))`, `3` gives `(3, None)`).
pub fn leading_version(text: &str) -> Option<(u32, Option<u32>)> {
    let mut parts = text.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let rest = &text[text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len())..];
    let minor = rest
        .strip_prefix('.')
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|m| m.parse().ok());
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_names() {
        assert_eq!(leading_version("3.12-slim"), Some((3, Some(12))));
        assert_eq!(leading_version("3"), Some((3, None)));
        assert_eq!(leading_version("slim"), None);
        let word = crate::syntax::Word {
            value: "docker.io/library/python:3".into(),
            span: Span::default(),
        };
        assert_eq!(official_name(&ImageRef::parse(&word)), Some("python"));
    }
}

/// A `$NAME` or `${NAME...}` reference in a word.
#[derive(Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// Written `$NAME` or `${NAME}` with no default or alternative value.
    pub plain: bool,
}

/// The variable references in `text` (BuildKit word syntax: `\$` escapes a dollar, single quotes stop expansion).
pub fn variables(text: &str) -> Vec<VarRef> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut double = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                double = !double;
                i += 1;
            }
            b'\'' if !double => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                let start = i + 2;
                let mut end = start;
                while end < bytes.len() && is_name(bytes[end]) {
                    end += 1;
                }
                if end > start {
                    found.push(VarRef {
                        name: text[start..end].to_string(),
                        plain: bytes.get(end) == Some(&b'}'),
                    });
                }
                i = end;
            }
            b'$' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && is_name(bytes[end]) {
                    end += 1;
                }
                if end > start {
                    found.push(VarRef {
                        name: text[start..end].to_string(),
                        plain: true,
                    });
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    found
}

/// ARGs BuildKit defines in the global scope without a declaration.
pub const AUTOMATIC_ARGS: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// Why a fully expanded image reference is invalid under Docker's reference grammar, if it is.
pub fn reference_error(reference: &str) -> Option<String> {
    if reference.is_empty() {
        return Some("the image reference is empty".into());
    }
    let (name_tag, digest) = match reference.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (reference, None),
    };
    let last_slash = name_tag.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name_tag[last_slash..].rfind(':') {
        Some(colon) => (
            &name_tag[..last_slash + colon],
            Some(&name_tag[last_slash + colon + 1..]),
        ),
        None => (name_tag, None),
    };
    if name.is_empty() {
        return Some("the repository name is empty".into());
    }
    let mut components: Vec<&str> = name.split('/').collect();
    if components.len() > 1 && (components[0].contains(['.', ':']) || components[0] == "localhost") {
        let domain = components.remove(0);
        let (host, port) = match domain.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (domain, None),
        };
        let host_ok = !host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !host_ok || !port_ok {
            return Some(format!("`{domain}` is not a valid registry host"));
        }
    }
    for component in &components {
        if component.bytes().any(|b| b.is_ascii_uppercase()) {
            return Some(format!("repository name `{name}` must be lowercase"));
        }
        if !component_ok(component) {
            return Some(format!("`{component}` is not a valid repository name component"));
        }
    }
    if let Some(tag) = tag {
        let valid = !tag.is_empty()
            && tag.len() <= 128
            && !tag.starts_with(['.', '-'])
            && tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        if !valid {
            return Some(format!("`{tag}` is not a valid tag"));
        }
    }
    if let Some(digest) = digest {
        let valid = match digest.split_once(':') {
            Some(("sha256", hex)) => hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            Some(("sha384", hex)) => hex.len() == 96 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            Some(("sha512", hex)) => hex.len() == 128 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            _ => false,
        };
        if !valid {
            return Some(format!(
                "`{digest}` is not a valid digest (`sha256:` and 64 lowercase hex digits)"
            ));
        }
    }
    None
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn component_ok(component: &str) -> bool {
    let bytes = component.as_bytes();
    if bytes.is_empty() || !is_alnum(bytes[0]) || !is_alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if is_alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_alnum(bytes[i]) {
            i += 1;
        }
        let separator = &component[start..i];
        if !(separator == "." || separator == "_" || separator == "__" || separator.bytes().all(|b| b == b'-')) {
            return false;
        }
    }
    true
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    #[test]
    fn reference_grammar() {
        for ok in [
            "python:3.12",
            "ghcr.io/acme/app:1.0",
            "localhost:5000/a_b/c-d:x",
            "python@sha256:2ec5a4a5c3e919570f57675471f081d6299668d909feabd8d4803c6c61af666c",
            "my.registry:443/team/app",
        ] {
            assert_eq!(reference_error(ok), None, "{ok}");
        }
        for bad in [
            "Python:3.12",
            "python:",
            "python:3.12@sha256:abc",
            "python@md5:0000",
            "team//app",
            "app-:1",
            "python:-x",
            "a..b",
        ] {
            assert!(reference_error(bad).is_some(), "{bad}");
        }
        assert_eq!(
            variables("${A}:$B-${C:-x}\\$D'$E'\"'$F'\""),
            [
                VarRef {
                    name: "A".into(),
                    plain: true
                },
                VarRef {
                    name: "B".into(),
                    plain: true
                },
                VarRef {
                    name: "C".into(),
                    plain: false
                },
                VarRef {
                    name: "F".into(),
                    plain: true
                }
            ]
        );
    }
}
