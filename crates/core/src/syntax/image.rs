//! Image references (`[registry/]repository[:tag][@digest]`) split the way Docker's reference grammar
//! splits them, with the spans of each part when the reference is written on one line.

use serde::Serialize;

use super::tree::Word;
use crate::span::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// Registry host (with port) when written, e.g. `ghcr.io` or `localhost:5000`.
    pub registry: Option<String>,
    /// Repository path as written, e.g. `library/python` or `python`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
    pub tag_span: Option<Span>,
    pub digest_span: Option<Span>,
}

impl ImageRef {
    pub fn parse(word: &Word) -> ImageRef {
        let text = word.value.as_str();
        let (name_tag, digest, digest_at) = match text.find('@') {
            Some(at) => (&text[..at], Some(text[at + 1..].to_string()), Some(at + 1)),
            None => (text, None, None),
        };
        let last_slash = name_tag.rfind('/').map_or(0, |i| i + 1);
        let (name, tag, tag_at) = match name_tag[last_slash..].rfind(':') {
            Some(colon) => {
                let at = last_slash + colon;
                (&name_tag[..at], Some(name_tag[at + 1..].to_string()), Some(at + 1))
            }
            None => (name_tag, None, None),
        };
        let (registry, repository) = match name.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first.to_string()), rest.to_string())
            }
            _ => (None, name.to_string()),
        };
        // Sub-spans are exact only when the word's text is its value on one line.
        let verbatim = word.span.end - word.span.start == text.len() && word.span.line == word.span.end_line;
        let sub = |at: Option<usize>, len: usize| {
            at.filter(|_| verbatim).map(|at| {
                let start = word.span.start + at;
                let column = word.span.column + text[..at].chars().count() as u32;
                Span {
                    start,
                    end: start + len,
                    line: word.span.line,
                    column,
                    end_line: word.span.line,
                    end_column: column + text[at..at + len].chars().count() as u32,
                }
            })
        };
        ImageRef {
            tag_span: sub(tag_at, tag.as_ref().map_or(0, String::len)),
            digest_span: sub(digest_at, digest.as_ref().map_or(0, String::len)),
            registry,
            repository,
            tag,
            digest,
        }
    }

    /// Docker Hub's familiar names: `python` is `docker.io/library/python`.
    pub fn normalized_name(&self) -> String {
        match &self.registry {
            Some(registry) => format!("{registry}/{}", self.repository),
            None if self.repository.contains('/') => format!("docker.io/{}", self.repository),
            None => format!("docker.io/library/{}", self.repository),
        }
    }

    /// Neither tag nor digest: the image means `:latest`.
    pub fn is_untagged(&self) -> bool {
        self.tag.is_none() && self.digest.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(text: &str) -> ImageRef {
        ImageRef::parse(&Word {
            value: text.into(),
            span: Span {
                start: 5,
                end: 5 + text.len(),
                line: 1,
                column: 6,
                end_line: 1,
                end_column: 6 + text.len() as u32,
            },
        })
    }

    #[test]
    fn splits_registry_repository_tag_digest() {
        let r = image("localhost:5000/team/app:1.0@sha256:abc");
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.0"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(r.tag_span.map(|s| (s.start, s.end)), Some((5 + 24, 5 + 27)));
        let p = image("python:3.12-slim");
        assert_eq!(
            (p.registry, p.repository.as_str(), p.tag.as_deref()),
            (None, "python", Some("3.12-slim"))
        );
        assert_eq!(image("python").normalized_name(), "docker.io/library/python");
        assert!(image("team/app").is_untagged());
        assert_eq!(image("ghcr.io/o/r").registry.as_deref(), Some("ghcr.io"));
    }
}
