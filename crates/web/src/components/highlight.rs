//! The editor's highlight overlay: the text again, coloured by the core's highlighter (the same parse the
//! analysis makes, `# escape=` included) and underlined where findings point. Drawn behind the transparent
//! textarea, hidden from assistive technology (the textarea is the text).

use std::ops::Range;
use std::rc::Rc;

use dflab_core::Severity;
use yew::prelude::*;

use dflab_core::syntax::highlight::{highlight as highlights_of, HighlightKind as Kind};

/// The stylesheet's class for a kind of text.
pub fn class_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Keyword => "tok-instruction",
        Kind::Flag => "tok-flag",
        Kind::String => "tok-string",
        Kind::Variable => "tok-variable",
        Kind::Comment => "tok-comment",
        Kind::HeredocMarker => "tok-heredoc-marker",
        Kind::HeredocBody => "tok-heredoc",
        Kind::Operator => "tok-operator",
    }
}

/// A finding or diagnostic span to underline (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    pub start: usize,
    pub end: usize,
    pub severity: Severity,
}

/// One run of text with the same colour and underline.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub kind: Option<Kind>,
    pub mark: Option<Severity>,
}

/// Splits `source` into pieces at token, marker and line boundaries (newlines are pieces of their own).
pub fn pieces(source: &str, markers: &[Marker]) -> Vec<Piece> {
    pieces_in(source, markers, 0..source.len())
}

/// The pieces of `source` inside `range` (byte offsets at line starts or the end): the whole text is parsed
/// (a heredoc or continuation can start above), but only the range is cut and marked.
pub fn pieces_in(source: &str, markers: &[Marker], range: Range<usize>) -> Vec<Piece> {
    let tokens = highlights_of(&dflab_core::syntax::parse(source));
    let boundary = |mut at: usize| {
        at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let inside = |at: &usize| range.contains(at);
    let markers: Vec<Marker> = markers
        .iter()
        .filter(|m| m.start < range.end && m.end.max(m.start + 1) > range.start)
        .copied()
        .collect();
    let mut cuts: Vec<usize> = vec![range.start, range.end];
    cuts.extend(tokens.iter().flat_map(|t| [t.start, t.end]).filter(inside));
    cuts.extend(
        markers
            .iter()
            .flat_map(|m| [boundary(m.start), boundary(m.end)])
            .filter(inside),
    );
    cuts.extend(
        source[range.clone()]
            .match_indices('\n')
            .flat_map(|(i, _)| [range.start + i, range.start + i + 1])
            .filter(inside),
    );
    dflab_core::sort::sort(&mut cuts);
    cuts.dedup();
    let mut token = tokens.iter().peekable();
    let mut out = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        while token.peek().is_some_and(|t| t.end <= start) {
            token.next();
        }
        let kind = token.peek().filter(|t| t.start <= start).map(|t| t.kind);
        let is_newline = &source[start..end] == "\n";
        let mark = if is_newline {
            None
        } else {
            markers
                .iter()
                .filter(|m| m.start <= start && end <= m.end.max(m.start + 1))
                .map(|m| m.severity)
                .max()
        };
        out.push(Piece { start, end, kind, mark });
    }
    out
}

pub struct HighlightProps {
    pub source: Rc<str>,
    pub markers: Rc<Vec<Marker>>,
    /// The lines to render, 0-based, end exclusive (may reach past the last line): only the lines near the
    /// textarea's viewport are in the DOM (the editor moves them into place).
    pub first: usize,
    pub end: usize,
    pub code_ref: NodeRef,
}

/// One line's pieces as (text, class); lines are separate components so that a keystroke re-renders only
/// the lines whose pieces changed.
#[derive(Properties, PartialEq)]
struct LineProps {
    pieces: Vec<(String, Option<String>)>,
}

#[function_component(HighlightLine)]
fn highlight_line(props: &LineProps) -> Html {
    html! {
        <>
            { for props.pieces.iter().map(|(text, class)| match class {
                None => html! { { text.clone() } },
                Some(class) => html! { <span class={class.clone()}>{ text.clone() }</span> },
            }) }
            { "\n" }
        </>
    }
}

/// Byte offset where line `line` (0-based) starts, or the text's length past the last line.
fn line_start(source: &str, line: usize) -> usize {
    if line == 0 {
        return 0;
    }
    source
        .match_indices('\n')
        .nth(line - 1)
        .map_or(source.len(), |(i, _)| i + 1)
}

/// (A plain view function, not a component: each line is a component, which is what keeps a keystroke
/// cheap, and a component costs more code.)
pub fn highlight(props: HighlightProps) -> Html {
    let source: &str = &props.source;
    let start = line_start(source, props.first);
    let end = start + line_start(&source[start..], props.end.saturating_sub(props.first));
    let mut lines: Vec<Vec<(String, Option<String>)>> = vec![Vec::new()];
    for piece in pieces_in(source, &props.markers, start..end) {
        let text = &source[piece.start..piece.end];
        if text == "\n" {
            lines.push(Vec::new());
            continue;
        }
        let class = match (piece.kind, piece.mark) {
            (None, None) => None,
            (Some(kind), None) => Some(class_of(kind).to_string()),
            (kind, Some(mark)) => Some(format!(
                "{}{}mark mark-{}",
                kind.map_or("", class_of),
                if kind.is_some() { " " } else { "" },
                mark.as_str()
            )),
        };
        lines
            .last_mut()
            .expect("one line at least")
            .push((text.to_string(), class));
    }
    // A range ending after a newline leaves an empty line that is not in the window.
    lines.truncate(props.end.saturating_sub(props.first).max(1));
    let first = props.first;
    html! {
        <code ref={props.code_ref}>
            { for lines.into_iter().enumerate().map(|(i, pieces)| html! { <HighlightLine key={first + i} {pieces} /> }) }
        </code>
    }
}
