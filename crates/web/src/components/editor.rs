//! The Dockerfile editor: a plain textarea (the user's text stays in a native control and never goes through
//! innerHTML) over a highlight overlay, with line numbers. Tab indents; Escape then Tab leaves the editor.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::highlight::{Highlight, Marker};

pub const EDITOR_ID: &str = "dockerfile-input";
const INDENT: &str = "    ";

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub value: Rc<str>,
    pub markers: Rc<Vec<Marker>>,
    pub on_edit: Callback<String>,
    /// Ctrl+Z right after a destructive action undoes that action instead of the last keystroke.
    pub undo_armed: bool,
    pub on_undo: Callback<()>,
    #[prop_or_default]
    pub readonly: bool,
    pub editor_ref: NodeRef,
}

#[derive(Properties, PartialEq)]
struct GutterProps {
    lines: usize,
    node_ref: NodeRef,
}

/// Line numbers; re-rendered only when the number of lines changes.
#[function_component(Gutter)]
fn gutter(props: &GutterProps) -> Html {
    html! {
        <div class="gutter" aria-hidden="true" ref={props.node_ref.clone()}>
            { for (1..=props.lines).map(|n| html! { <span>{ n }</span> }) }
        </div>
    }
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let escaped = use_mut_ref(|| false);

    let sync_scroll = {
        let (overlay, gutter, textarea) = (overlay.clone(), gutter.clone(), props.editor_ref.clone());
        move || {
            let Some(textarea) = textarea.cast::<HtmlElement>() else {
                return;
            };
            if let Some(overlay) = overlay.cast::<HtmlElement>() {
                overlay.set_scroll_top(textarea.scroll_top());
                overlay.set_scroll_left(textarea.scroll_left());
            }
            if let Some(gutter) = gutter.cast::<HtmlElement>() {
                gutter.set_scroll_top(textarea.scroll_top());
            }
        }
    };
    {
        // Aligned once mounted, then on every scroll event (a programmatic scroll fires one too). Not after
        // every render: reading scrollTop there forces a synchronous layout of the whole text per keystroke.
        let sync_scroll = sync_scroll.clone();
        use_effect_with((), move |_| sync_scroll());
    }
    let onscroll = Callback::from(move |_: Event| sync_scroll());

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            on_edit.emit(event.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onkeydown = {
        let escaped = escaped.clone();
        let on_edit = props.on_edit.clone();
        let on_undo = props.on_undo.clone();
        let undo_armed = props.undo_armed;
        let readonly = props.readonly;
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
    };

    let lines = props.value.split('\n').count();
    html! {
        <div class="editor-frame">
            <Gutter {lines} node_ref={gutter} />
            <div class="editor-stack">
                <pre class="highlight" aria-hidden="true" ref={overlay}>
                    <Highlight source={props.value.clone()} markers={props.markers.clone()} />
                </pre>
                <textarea
                    id={EDITOR_ID}
                    ref={props.editor_ref.clone()}
                    class="editor"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    aria-label="Dockerfile source"
                    aria-describedby="editor-help"
                    readonly={props.readonly}
                    value={props.value.to_string()}
                    {oninput}
                    {onkeydown}
                    {onscroll}
                />
            </div>
        </div>
    }
}
