//! What the marks under the caret say, under the editor in place of its hint: the underline alone says
//! nothing to a keyboard or screen-reader user.

use dflab_core::Severity;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::highlight::Marker;
use crate::components::{by_severity, rich_text, severity_label};

/// One mark's severity and message.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub severity: Severity,
    pub message: String,
}

pub fn note(note: &Note) -> Html {
    html! {
        <span class={by_severity(note.severity, ["note error", "note warning", "note info"])}>
            <span class="severity">{ severity_label(note.severity) }</span>{ " " }{ rich_text(&note.message) }
        </span>
    }
}

/// The notes of the marks `indices`.
pub fn notes_of(indices: impl Iterator<Item = usize>, markers: &[Marker], messages: &[String]) -> Vec<Note> {
    indices
        .filter_map(|i| {
            Some(Note {
                severity: markers.get(i)?.severity,
                message: messages.get(i)?.clone(),
            })
        })
        .collect()
}

/// The marks under the caret (indices), at most three, while the editor has focus.
pub fn marks_at(markers: &[Marker], caret: Option<usize>) -> Vec<usize> {
    caret.map_or_else(Vec::new, |at| {
        (0..markers.len())
            .filter(|&i| markers[i].start <= at && at <= markers[i].end)
            .take(3)
            .collect()
    })
}

/// The caret's byte offset while the textarea has focus.
#[hook]
pub fn use_caret(textarea: &NodeRef) -> Option<usize> {
    let caret = use_state(|| None::<usize>);
    {
        let (caret, textarea) = (caret.clone(), textarea.clone());
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let listener = gloo::events::EventListener::new(&document, "selectionchange", move |_| {
                let Some(textarea) = textarea.cast::<HtmlTextAreaElement>() else {
                    return;
                };
                let focused = gloo::utils::document()
                    .active_element()
                    .is_some_and(|active| active.is_same_node(Some(textarea.as_ref())));
                let at = focused
                    .then(|| textarea.selection_start().ok().flatten())
                    .flatten()
                    .map(|utf16| crate::text::byte_offset(&textarea.value(), utf16));
                if *caret != at {
                    caret.set(at);
                }
            });
            move || drop(listener)
        });
    }
    *caret
}
