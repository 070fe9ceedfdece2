//! What the page does outside its own render, a hook each: the analysis worker and the size tables, storage,
//! the address bar, keys. `App` calls them; the reducer (`crate::state`) stays free of side effects, and the
//! components stay views of the state.

pub mod analysis;
pub mod keyboard;
pub mod navigation;
pub mod persistence;
pub mod theme;

use wasm_bindgen::JsCast;

/// Whether a key event comes from a text field, where the page's own keys must not act.
pub fn is_text_field(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
}
