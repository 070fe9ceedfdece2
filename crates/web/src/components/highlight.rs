//! The editor's highlight overlay: the text again, coloured by the tokenizer and underlined where findings
//! point. Drawn behind the transparent textarea, hidden from assistive technology (the textarea is the text).

use std::rc::Rc;

use dflab_core::Severity;
use yew::prelude::*;

use crate::tokenize::{tokenize, Kind};

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
    let tokens = tokenize(source);
    let boundary = |mut at: usize| {
        at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let mut cuts: Vec<usize> = vec![0, source.len()];
    cuts.extend(tokens.iter().flat_map(|t| [t.start, t.end]));
    cuts.extend(markers.iter().flat_map(|m| [boundary(m.start), boundary(m.end)]));
    cuts.extend(source.match_indices('\n').flat_map(|(i, _)| [i, i + 1]));
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

#[derive(Properties, PartialEq)]
pub struct HighlightProps {
    pub source: Rc<str>,
    pub markers: Rc<Vec<Marker>>,
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

#[function_component(Highlight)]
pub fn highlight(props: &HighlightProps) -> Html {
    let source: &str = &props.source;
    let mut lines: Vec<Vec<(String, Option<String>)>> = vec![Vec::new()];
    for piece in pieces(source, &props.markers) {
        let text = &source[piece.start..piece.end];
        if text == "\n" {
            lines.push(Vec::new());
            continue;
        }
        let class = match (piece.kind, piece.mark) {
            (None, None) => None,
            (kind, mark) => Some(
                [
                    kind.map(|k| k.class().to_string()),
                    mark.map(|s| format!("mark mark-{}", s.as_str())),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            ),
        };
        lines
            .last_mut()
            .expect("one line at least")
            .push((text.to_string(), class));
    }
    html! {
        <code>
            { for lines.into_iter().enumerate().map(|(i, pieces)| html! { <HighlightLine key={i} {pieces} /> }) }
            // A last line so the overlay scrolls as far as the textarea.
            { " " }
        </code>
    }
}
