//! What the marks under the mouse pointer say, in a card beside it (the underline alone says nothing). The
//! textarea is on top of the overlay, so the pointer's character is found from its position: lines are a fixed
//! height and the font is monospace. Not when lines wrap (phones, which have no hover: the caret notes serve).

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use super::notes::{note, Note};
use super::scroll::{css_px, translate};
use crate::components::highlight::Marker;
use crate::text::offset_at_column;

/// The card's place and the marks it names (indices into the editor's markers).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hovered {
    pub marks: Vec<usize>,
    /// Where the card goes, in pixels from the editor stack's top left: below the pointer's line.
    pub x: i32,
    pub y: i32,
}

/// The monospace character width of the editor's font in 1/100 px, from a probe of 100 characters.
fn char_width(probe: &NodeRef) -> Option<i32> {
    probe.cast::<HtmlElement>().map(|p| p.offset_width()).filter(|w| *w > 0)
}

#[hook]
pub fn use_hover(
    source: Rc<str>,
    markers: Rc<Vec<Marker>>,
    probe: &NodeRef,
    wrapped: bool,
) -> (UseStateHandle<Option<Hovered>>, Callback<MouseEvent>) {
    let hovered = use_state(Option::<Hovered>::default);
    let onmousemove = {
        let (hovered, probe) = (hovered.clone(), probe.clone());
        Callback::from(move |event: MouseEvent| {
            let textarea: HtmlElement = event.target_unchecked_into();
            let found = (!wrapped)
                .then(|| {
                    let line_px = css_px(&textarea, "line-height").filter(|px| *px > 0)?;
                    let (left, top) = (css_px(&textarea, "padding-left")?, css_px(&textarea, "padding-top")?);
                    let hundredths = char_width(&probe)?;
                    let y = event.offset_y() - top + textarea.scroll_top();
                    let x = event.offset_x() - left + textarea.scroll_left();
                    if x < 0 || y < 0 {
                        return None;
                    }
                    let line = (y / line_px) as usize;
                    let at = offset_at_column(&source, line, (x * 100 / hundredths) as usize, 4)?;
                    let marks: Vec<usize> = (0..markers.len())
                        .filter(|&i| markers[i].start <= at && at < markers[i].end.max(markers[i].start + 1))
                        .take(3)
                        .collect();
                    let below = (line as i32 + 1) * line_px + top - textarea.scroll_top();
                    (!marks.is_empty()).then_some(Hovered {
                        marks,
                        x: event.offset_x().clamp(0, (textarea.client_width() / 2).max(0)),
                        y: below + 2,
                    })
                })
                .flatten();
            // Only a change of marks moves the card: it stays put while the pointer moves along one mark.
            if found.as_ref().map(|h| &h.marks) != hovered.as_ref().map(|h| &h.marks) {
                hovered.set(found);
            }
        })
    };
    (hovered, onmousemove)
}

#[derive(Properties, PartialEq)]
pub struct HoverCardProps {
    pub hovered: Hovered,
    pub notes: Vec<Note>,
}

/// The card, placed through the CSSOM (the Content-Security-Policy forbids style attributes).
#[function_component(HoverCard)]
pub fn hover_card(props: &HoverCardProps) -> Html {
    let card = use_node_ref();
    {
        let (card, x, y) = (card.clone(), props.hovered.x, props.hovered.y);
        use_effect_with((x, y), move |&(x, y)| translate(card.cast::<HtmlElement>(), x, y));
    }
    html! {
        <div class="hover-card" role="tooltip" ref={card}>
            { for props.notes.iter().map(note) }
        </div>
    }
}
