//! Dockerfile syntax: a lossless, BuildKit-conformant parser (see `docs/parser.md`).
//!
//! [`parse`] never fails and never panics: it returns a [`Dockerfile`] whose items tile the input byte
//! for byte ([`Dockerfile::print`] gives the input back), with BuildKit's verdicts as diagnostics.
//! On top of the tree: typed views of every instruction ([`instructions`]), BuildKit's variable expansion
//! ([`expand`]) and the oracle dump of BuildKit's own parser output ([`buildkit`]). The model of stages,
//! scopes and dependencies built from it is [`crate::model`].

pub mod buildkit;
mod directives;
pub mod expand;
mod heredoc;
pub mod highlight;
mod image;
pub mod instructions;
mod json;
mod keyword;
mod lines;
mod parser;
mod tree;
mod validate;

pub use image::ImageRef;
pub use instructions::View;
pub use keyword::Keyword;
pub use parser::parse;
pub use tree::*;

/// The source text again, from the tree.
pub fn print(tree: &Dockerfile) -> String {
    tree.print()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_continuations_and_skips_comments() {
        let file = parse("# c\nFROM python:3.12\nRUN a \\\n  # inner\n  b\n");
        let keywords: Vec<_> = file.instructions().map(|i| i.keyword.as_str()).collect();
        assert_eq!(keywords, ["FROM", "RUN"]);
        let run = file.instructions().nth(1).unwrap();
        assert_eq!(run.original, "RUN a   b");
        assert_eq!((run.span.line, run.span.end_line), (3, 5));
        assert_eq!(file.print(), "# c\nFROM python:3.12\nRUN a \\\n  # inner\n  b\n");
    }
}
