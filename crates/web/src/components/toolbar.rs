//! The header's controls: examples, undo, share, lessons, catalog, theme and help.

use web_sys::{HtmlDialogElement, HtmlSelectElement};
use yew::prelude::*;

use super::help::HELP_ID;
use super::share::{share, ShareState};
use super::{aria_bool, emit_on_click};
use crate::examples::EXAMPLES;
use crate::storage::Draft;
use crate::url_state::Snapshot;

pub struct ToolbarProps {
    pub snapshot: Snapshot,
    pub share: ShareState,
    /// Label of the action Undo would revert, when there is one.
    pub undo_label: Option<String>,
    pub on_undo: Callback<()>,
    /// Texts replaced by earlier actions, newest first, and how to bring one back.
    pub drafts: std::rc::Rc<Vec<Draft>>,
    pub on_restore: Callback<usize>,
    pub on_example: Callback<usize>,
    pub theme: AttrValue,
    pub on_theme: Callback<()>,
    pub on_catalog: Callback<()>,
    /// Whether the lesson view is open (the button toggles it).
    pub lessons_open: bool,
    pub on_lessons: Callback<()>,
}

/// (A plain view function, not a component: it has no state, and a component costs more code.)
pub fn toolbar(props: ToolbarProps) -> Html {
    let onchange = {
        let on_example = props.on_example.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(index) = select.value().parse::<usize>() {
                on_example.emit(index);
            }
            select.set_value("");
        })
    };
    let undo = emit_on_click(&props.on_undo, ());
    let theme = emit_on_click(&props.on_theme, ());
    let catalog = emit_on_click(&props.on_catalog, ());
    let lessons = emit_on_click(&props.on_lessons, ());
    let help = Callback::from(|_: MouseEvent| {
        if let Some(dialog) = crate::browser::by_id::<HtmlDialogElement>(HELP_ID) {
            let _ = dialog.show_modal();
        }
    });
    let dark = props.theme == "dark";
    html! {
        <nav class="toolbar" aria-label="Tools">
            <label class="examples">
                <span class="visually-hidden">{ "Load an example" }</span>
                <select id="examples" {onchange}>
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().enumerate().map(|(i, e)| html! { <option value={i.to_string()}>{ e.name }</option> }) }
                </select>
            </label>
            <button type="button" class="undo" onclick={undo} disabled={props.undo_label.is_none()}
                title={props.undo_label.as_ref().map(|l| format!("Undo {l}")).unwrap_or_else(|| "Nothing to undo".into())}>
                { "↶ Undo" }
            </button>
            if !props.drafts.is_empty() {
                <details class="drafts">
                    <summary title="Texts that a link, an example or a lesson replaced, kept in this browser">
                        { format!("Drafts ({})", props.drafts.len()) }
                    </summary>
                    <ul>
                        <li class="muted drafts-caption">{ "Texts a link, an example or a lesson replaced, kept in this browser. Click one to bring it back." }</li>
                        { for props.drafts.iter().enumerate().map(|(index, draft)| draft_item(index, draft, &props.on_restore)) }
                    </ul>
                </details>
            }
            { share(props.snapshot, &props.share) }
            <button type="button" class="lessons-toggle" onclick={lessons} aria-pressed={aria_bool(props.lessons_open)}
                aria-controls="lessons">{ "Lessons" }</button>
            <button type="button" class="catalog-link" onclick={catalog}>{ "Rules" }</button>
            // A toggle named for what it turns on, pressed while on: its name never contradicts its label.
            <button type="button" class="theme-toggle" onclick={theme} aria-pressed={aria_bool(dark)}>
                { "☾" }<span class="toggle-word">{ " Dark theme" }</span>
            </button>
            <button type="button" class="help-button" onclick={help} aria-label="Help and keyboard shortcuts">{ "?" }</button>
        </nav>
    }
}

/// One draft: its first instruction line and length, restored by a click.
fn draft_item(index: usize, draft: &Draft, on_restore: &Callback<usize>) -> Html {
    let source = &draft.snapshot.source;
    let first = source
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or("(comments only)");
    let first: String = if first.chars().count() > 48 {
        first.chars().take(47).chain(['…']).collect()
    } else {
        first.to_string()
    };
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(draft.replaced_at as f64))
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED);
    html! {
        <li>
            <button type="button" class="draft" onclick={emit_on_click(on_restore, index)}
                title={format!("Replaced {when}. Restore it (Undo brings back the current text).")}>
                <code>{ first }</code>
                <span class="muted">{ format!(" · {} lines", source.lines().count()) }</span>
            </button>
        </li>
    }
}
