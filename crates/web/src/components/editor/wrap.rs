//! Whether the editor wraps long lines: on a phone-wide screen, where a line cut at the edge is text the
//! reader cannot see. Only up to [`WRAP_MAX_LINES`]: a wrapped line's height is not known, so every line is
//! rendered, which the windowed rendering of longer texts avoids (`super::scroll`).

use gloo::events::EventListener;
use web_sys::MediaQueryList;
use yew::prelude::*;

/// The width below which lines wrap; `static/style.css` switches to the phone layout at the same width.
const NARROW: &str = "(max-width: 560px)";

/// The longest text that wraps. A 500-line Dockerfile is far longer than real ones; a long paste beyond it
/// keeps the windowed, unwrapped editor so typing stays fast on a phone.
pub const WRAP_MAX_LINES: usize = 500;

#[hook]
pub fn use_wrapped(lines: usize) -> bool {
    let narrow = use_state(|| query().is_some_and(|q| q.matches()));
    {
        let narrow = narrow.clone();
        use_effect_with((), move |_| {
            let listener = query().map(|q| EventListener::new(&q.clone(), "change", move |_| narrow.set(q.matches())));
            move || drop(listener)
        });
    }
    *narrow && lines <= WRAP_MAX_LINES
}

fn query() -> Option<MediaQueryList> {
    web_sys::window()?.match_media(NARROW).ok()?
}
