//! The Dockerfile editor: a plain textarea (the user's text stays in a native control and never goes through
//! innerHTML) over a highlight overlay, with line numbers. Tab indents; Escape then Tab leaves the editor.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::highlight::{highlight, HighlightProps, Marker};
use super::{by_severity, rich_text, severity_label};
use dflab_core::Severity;

pub const EDITOR_ID: &str = "dockerfile-input";
const INDENT: &str = "    ";

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub value: Rc<str>,
    pub markers: Rc<Vec<Marker>>,
    /// What each marker is about, in the order of `markers`: shown under the editor while the caret is in its
    /// span (the underline alone says nothing to a keyboard or screen-reader user).
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

/// Lines rendered before the editor has measured its viewport (more than a tall window shows).
const INITIAL_LINES: usize = 120;

/// The lines the overlay and gutter render (0-based, end exclusive): the textarea's visible lines and two
/// screenfuls either side. At 2,000 lines, rendering every line made style, layout and paint of the overlay the
/// largest cost of a keystroke (issue #7).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Window {
    first: usize,
    end: usize,
}

/// The window to render for a viewport showing lines `visible` (0-based, end exclusive), or `None` if
/// `current` already covers it.
fn window_for(current: Window, visible: (usize, usize)) -> Option<Window> {
    let (first, end) = visible;
    if current.first <= first && end <= current.end {
        return None;
    }
    // Two screenfuls either side: also covers a frame made up to five times taller until the drag ends.
    let margin = 2 * (end - first).max(20);
    Some(Window {
        first: first.saturating_sub(margin),
        end: end + margin,
    })
}

/// Moves `element` by (x, y) CSS pixels (CSSOM, which the Content-Security-Policy allows, unlike a style
/// attribute).
fn translate(element: Option<HtmlElement>, x: i32, y: i32) {
    if let Some(element) = element {
        let _ = element
            .style()
            .set_property("transform", &format!("translate({x}px, {y}px)"));
    }
}

/// The textarea's line height in whole CSS pixels (20, or 30 in presenter mode).
fn line_height(textarea: &HtmlElement) -> i32 {
    web_sys::window()
        .and_then(|w| w.get_computed_style(textarea).ok().flatten())
        .and_then(|style| style.get_property_value("line-height").ok())
        .and_then(|value| value.trim_end_matches("px").parse::<i32>().ok())
        .filter(|px| *px > 0)
        .unwrap_or(20)
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let code = use_node_ref();
    let gutter = use_node_ref();
    let frame = use_node_ref();
    let escaped = use_mut_ref(|| false);
    let initial = Window {
        first: 0,
        end: INITIAL_LINES,
    };
    let window = use_state(|| initial);
    // The window the last scroll asked for (the state's value once rendered), and the line height.
    let wanted = use_mut_ref(|| initial);
    let line_px = use_mut_ref(|| 0);

    // Aligns the overlay and the gutter with the textarea's scroll position: the rendered lines are moved by
    // a transform (the overlay itself never scrolls), and a scroll past the window renders a new window.
    let sync_scroll = {
        let (code, gutter, textarea) = (code.clone(), gutter.clone(), props.editor_ref.clone());
        let (window, wanted, line_px) = (window.clone(), wanted.clone(), line_px.clone());
        move || {
            let Some(textarea) = textarea.cast::<HtmlElement>() else {
                return;
            };
            let px = {
                let mut px = line_px.borrow_mut();
                if *px == 0 {
                    *px = line_height(&textarea);
                }
                *px
            };
            let (top, left, height) = (textarea.scroll_top(), textarea.scroll_left(), textarea.client_height());
            let first = (top / px).saturating_sub(1).max(0) as usize;
            let end = ((top + height) / px + 2).max(0) as usize;
            let current = *wanted.borrow();
            let current = match window_for(current, (first, end)) {
                Some(next) => {
                    *wanted.borrow_mut() = next;
                    window.set(next);
                    next
                }
                None => current,
            };
            let y = current.first as i32 * px - top;
            translate(code.cast::<HtmlElement>(), -left, y);
            translate(gutter.cast::<HtmlElement>(), 0, y);
        }
    };
    {
        // Aligned once mounted, on every scroll event (a programmatic scroll fires one too) and when a drag of
        // the frame's resize handle ends. Not after every render: reading scrollTop there forces a synchronous
        // layout of the whole text per keystroke.
        let sync_scroll = sync_scroll.clone();
        use_effect_with((), move |_| sync_scroll());
    }
    {
        // A shorter text can pull the scroll position up without a scroll event: re-check when the number of
        // lines changes while scrolled down (the only time a keystroke reads the layout).
        let (sync_scroll, wanted) = (sync_scroll.clone(), wanted.clone());
        let lines = props.value.split('\n').count();
        use_effect_with(lines, move |_| {
            if wanted.borrow().first > 0 {
                sync_scroll();
            }
        });
    }
    let onpointerup = {
        let sync_scroll = sync_scroll.clone();
        Callback::from(move |_: PointerEvent| sync_scroll())
    };
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

    // The caret's byte offset while the editor has focus, for the messages of the marks under it.
    let caret = use_state(|| None::<usize>);
    {
        let (caret, textarea) = (caret.clone(), props.editor_ref.clone());
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
    let notes: Vec<(Severity, &str)> = caret.map_or_else(Vec::new, |at| {
        props
            .markers
            .iter()
            .zip(props.messages.iter())
            .filter(|(marker, _)| marker.start <= at && at <= marker.end)
            .map(|(marker, message)| (marker.severity, message.as_str()))
            .take(3)
            .collect()
    });
    let lines = props.value.split('\n').count();
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
    let Window { first, end } = *window;
    html! {
        <>
        <div class="editor-frame" {onpointerup} ref={frame}>
            // Line numbers of the rendered window; an invisible copy of the last number keeps the gutter as wide
            // as the longest number.
            <div class="gutter" aria-hidden="true">
                <div class="gutter-lines" ref={gutter}>
                    { for (first + 1..=end.min(lines)).map(|n| html! { <span key={n}>{ n }</span> }) }
                </div>
                <div class="gutter-width">{ lines }</div>
            </div>
            <div class="editor-stack">
                <pre class="highlight" aria-hidden="true">
                    { highlight(HighlightProps {
                        source: props.value.clone(),
                        markers: props.markers.clone(),
                        first,
                        end,
                        code_ref: code,
                    }) }
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
                    aria-describedby="editor-notes editor-help"
                    readonly={props.readonly}
                    value={props.value.to_string()}
                    {oninput}
                    {onkeydown}
                    {onscroll}
                />
            </div>
        </div>
        // In place of the editor's hint while the caret is in a marked span (`static/style.css`).
        <p id="editor-notes" class="caret-notes" aria-live="polite">
            { for notes.iter().map(|(severity, message)| html! {
                <span class={by_severity(*severity, ["note error", "note warning", "note info"])}>
                    <span class="severity">{ severity_label(*severity) }</span>{ " " }{ rich_text(message) }
                </span>
            }) }
        </p>
        </>
    }
}
