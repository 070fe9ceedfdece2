//! The Dockerfile editor: a plain textarea (the user's text stays in a native control and never goes through
//! innerHTML) over a highlight overlay, with line numbers. What the marks say is shown for the caret under the
//! editor and for the mouse pointer beside it.

mod keys;
mod notes;
mod pointer;
mod scroll;
mod wrap;

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::highlight::{highlight, HighlightProps, Marker};
use notes::{marks_at, note, notes_of, use_caret};
use pointer::{use_hover, HoverCard};
use scroll::use_scroll_sync;
use wrap::use_wrapped;

pub const EDITOR_ID: &str = "dockerfile-input";

/// 100 characters of the editor's font, whose width gives the character width (`pointer`).
const PROBE: &str =
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub value: Rc<str>,
    pub markers: Rc<Vec<Marker>>,
    /// What each marker is about, in the order of `markers`.
    #[prop_or_default]
    pub messages: Rc<Vec<String>>,
    pub on_edit: Callback<String>,
    /// Ctrl+Z right after a destructive action undoes that action instead of the last keystroke.
    pub undo_armed: bool,
    pub on_undo: Callback<()>,
    #[prop_or_default]
    pub readonly: bool,
    pub editor_ref: NodeRef,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let (code, gutter, frame, probe) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let escaped = use_mut_ref(bool::default);
    let lines = props.value.split('\n').count();
    let wrapped = use_wrapped(lines);
    let scroll = use_scroll_sync(&props.editor_ref, &code, &gutter, lines, wrapped);
    let (hovered, onmousemove) = use_hover(props.value.clone(), props.markers.clone(), &probe, wrapped);
    let caret = use_caret(&props.editor_ref);
    {
        // `--lines` lets a compact documentation widget fit its editor to the text (`static/style.css`); set
        // through the CSSOM, which the Content-Security-Policy allows, unlike a style attribute.
        let frame = frame.clone();
        use_effect_with(lines, move |lines| {
            if let Some(frame) = frame.cast::<HtmlElement>() {
                let _ = frame.style().set_property("--lines", &lines.to_string());
            }
        });
    }
    let sync = scroll.sync.clone();
    let onscroll = Callback::from(move |_: Event| sync());
    let sync = scroll.sync.clone();
    let onpointerup = Callback::from(move |_: PointerEvent| sync());
    // `mouseout` rather than `mouseleave`: it bubbles, so the app's delegated listener always sees it (a
    // `mouseleave` was missed once on a loaded machine and the card stayed after the pointer left).
    let onmouseout = {
        let hovered = hovered.clone();
        Callback::from(move |_: MouseEvent| hovered.set(None))
    };
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            on_edit.emit(event.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onkeydown = keys::on_keydown(
        escaped,
        props.on_edit.clone(),
        props.on_undo.clone(),
        props.undo_armed,
        props.readonly,
    );
    let caret_notes = notes_of(
        marks_at(&props.markers, caret).into_iter(),
        &props.markers,
        &props.messages,
    );
    let card = (*hovered).clone().map(|hovered| {
        let notes = notes_of(hovered.marks.iter().copied(), &props.markers, &props.messages);
        html! { <HoverCard {hovered} {notes} /> }
    });
    let scroll::Window { first, end } = scroll.window;
    html! {
        <>
        <div class={if wrapped { "editor-frame wrapped" } else { "editor-frame" }} {onpointerup} ref={frame}>
            // Line numbers of the rendered window; an invisible copy of the last number keeps the gutter as wide
            // as the longest number. Wrapped lines have no room for them (and no known height to align them).
            if !wrapped {
                <div class="gutter" aria-hidden="true">
                    <div class="gutter-lines" ref={gutter}>
                        { for (first + 1..=end.min(lines)).map(|n| html! { <span key={n}>{ n }</span> }) }
                    </div>
                    <div class="gutter-width">{ lines }</div>
                </div>
            }
            <div class="editor-stack">
                <pre class="highlight" aria-hidden="true">
                    { highlight(HighlightProps {
                        source: props.value.clone(),
                        markers: props.markers.clone(),
                        first,
                        end,
                        code_ref: code,
                    }) }
                    <span class="char-probe" ref={probe}>{ PROBE }</span>
                </pre>
                <textarea
                    id={EDITOR_ID}
                    ref={props.editor_ref.clone()}
                    class="editor"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap={if wrapped { "soft" } else { "off" }}
                    aria-label="Dockerfile source"
                    aria-describedby="editor-notes editor-help"
                    readonly={props.readonly}
                    value={props.value.to_string()}
                    {oninput}
                    {onkeydown}
                    {onscroll}
                    {onmousemove}
                    {onmouseout}
                />
                { for card }
            </div>
        </div>
        // In place of the editor's hint while the caret is in a marked span (`static/style.css`).
        <p id="editor-notes" class="caret-notes" aria-live="polite">{ for caret_notes.iter().map(note) }</p>
        </>
    }
}
