//! Whether the editor wraps long lines: on a phone-wide screen, where a line cut at the edge is text the
//! reader cannot see. Only up to [`WRAP_MAX_LINES`]: a wrapped line's height is not known, so every line is
//! rendered, which the windowed rendering of longer texts avoids (`super::scroll`).

use gloo::events::EventListener;
use yew::prelude::*;

use crate::browser::{is_narrow, narrow_query};

/// The longest text that wraps. A 500-line Dockerfile is far longer than real ones; a long paste beyond it
/// keeps the windowed, unwrapped editor so typing stays fast on a phone.
pub const WRAP_MAX_LINES: usize = 500;

#[hook]
pub fn use_wrapped(lines: usize) -> bool {
    let narrow = use_state(is_narrow);
    {
        let narrow = narrow.clone();
        use_effect_with((), move |_| {
            let listener =
                narrow_query().map(|q| EventListener::new(&q.clone(), "change", move |_| narrow.set(q.matches())));
            move || drop(listener)
        });
    }
    *narrow && lines <= WRAP_MAX_LINES
}
