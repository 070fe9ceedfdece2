//! The page shown before the wasm runs: `crates/web/index.html` holds a static editor with the default example,
//! which `static/shell.js` fills with the text the app will open (a `#text=` link or the autosaved text), so
//! the text is visible, selectable and editable at once. When the app starts it takes that editor's state over
//! (what the reader typed meanwhile, the caret) and removes the static page.

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

/// The id of the static page's root in `index.html`.
const SHELL_ID: &str = "app-shell";

/// What the static editor hands to the app.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Handoff {
    /// What the reader typed into the static editor before the app started (`data-edited`, set by
    /// `static/shell.js` on input), which the app must not lose.
    pub edited_text: Option<String>,
    /// The static editor had focus, with this selection (UTF-16 offsets): the app's editor takes both.
    pub focus: Option<(u32, u32)>,
}

fn shell_editor() -> Option<HtmlTextAreaElement> {
    let document = web_sys::window()?.document()?;
    document
        .get_element_by_id(SHELL_ID)?
        .query_selector("textarea")
        .ok()??
        .dyn_into()
        .ok()
}

/// Reads the static editor, if the page still shows it.
pub fn read() -> Handoff {
    let Some(editor) = shell_editor() else {
        return Handoff::default();
    };
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|active| active.is_same_node(Some(editor.as_ref())));
    let selection = || {
        let start = editor.selection_start().ok().flatten()?;
        Some((start, editor.selection_end().ok().flatten().unwrap_or(start)))
    };
    Handoff {
        edited_text: editor.has_attribute("data-edited").then(|| editor.value()),
        focus: if focused { selection() } else { None },
    }
}

/// Removes the static page (the app has rendered its own).
pub fn remove() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SHELL_ID))
    {
        shell.remove();
    }
}

/// Once the app has rendered: the static page goes, and its focus and caret move to the app's editor. Also
/// marks the first render (`dflab-first-render`), which the e2e run reads.
#[yew::hook]
pub fn use_takeover(editor_ref: &yew::NodeRef, focus: Option<(u32, u32)>) {
    let editor_ref = editor_ref.clone();
    yew::use_effect_with((), move |_| {
        remove();
        if let (Some((start, end)), Some(editor)) = (focus, editor_ref.cast::<HtmlTextAreaElement>()) {
            let _ = editor.focus();
            let _ = editor.set_selection_range(start, end);
        }
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("dflab-first-render");
        }
    });
}
