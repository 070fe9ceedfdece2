//! The editor's own keys: Tab indents (Escape then Tab leaves the editor, so the keyboard is never trapped),
//! and Ctrl+Z right after a destructive action undoes that action instead of the last keystroke.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlTextAreaElement};
use yew::prelude::*;

const INDENT: &str = "    ";

pub fn on_keydown(
    escaped: Rc<RefCell<bool>>,
    on_edit: Callback<String>,
    on_undo: Callback<()>,
    undo_armed: bool,
    readonly: bool,
) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        let key = event.key();
        let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), key == "Escape");
        let modifier = event.ctrl_key() || event.meta_key();
        if modifier && !event.shift_key() && key.eq_ignore_ascii_case("z") && undo_armed {
            event.prevent_default();
            on_undo.emit(());
            return;
        }
        if key != "Tab" || was_escaped || readonly || event.shift_key() || modifier || event.alt_key() {
            return;
        }
        event.prevent_default();
        let textarea: HtmlTextAreaElement = event.target_unchecked_into();
        // execCommand keeps the browser's own undo history; setRangeText is the fallback.
        let inserted = gloo::utils::document()
            .dyn_into::<HtmlDocument>()
            .ok()
            .and_then(|d| d.exec_command_with_show_ui_and_value("insertText", false, INDENT).ok())
            .unwrap_or(false);
        if !inserted {
            let start = textarea.selection_start().ok().flatten().unwrap_or(0);
            let end = textarea.selection_end().ok().flatten().unwrap_or(start);
            let _ = textarea.set_range_text_with_start_and_end_and_mode(INDENT, start, end, "end");
            on_edit.emit(textarea.value());
        }
    })
}
