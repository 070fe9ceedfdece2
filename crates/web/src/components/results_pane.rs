//! The right pane: the Findings, Rewrite and Layers tabs over the panel of the one selected.

use std::rc::Rc;

use dflab_core::span::Span;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::dispatch_on;
use super::results::ResultsPanel;
use super::tabs::{tab_id, tab_list, tab_panel_id, Tab, TabsProps};
use crate::state::{Action, Panel, State, View};
use crate::text::{line_of, utf16_offset};

/// Line height of the editor in CSS pixels (`static/style.css`, `.editor`), to scroll a selection into view.
const LINE_PX: f64 = 20.0;

#[derive(Properties, PartialEq)]
pub struct ResultsPaneProps {
    pub page: UseReducerHandle<State>,
    pub editor_ref: NodeRef,
    /// The files pane's tab: selecting a span shows the Dockerfile first.
    pub file_tab: UseStateHandle<usize>,
    pub readonly: bool,
}

#[function_component(ResultsPane)]
pub fn results_pane(props: &ResultsPaneProps) -> Html {
    let page = &props.page;
    // Side by side has room on a wide screen; on a phone the diff starts unified.
    let unified = use_state(crate::browser::is_narrow);
    let analysis = page.shown_analysis();
    let source: Rc<str> = Rc::from(page.source.as_str());
    // Stable from one keystroke to the next (they read the latest text when used), so the findings that did not
    // change are not rendered again (`findings::FindingItem`).
    let latest = use_mut_ref(|| (Rc::<str>::default(), false));
    *latest.borrow_mut() = (source.clone(), !page.analysis_pending());
    let on_select = {
        let (editor_ref, file_tab) = (props.editor_ref.clone(), props.file_tab.setter());
        use_callback((), move |span: Span, _| {
            let showing = editor_ref
                .cast::<web_sys::HtmlElement>()
                .is_some_and(|editor| editor.offset_parent().is_some());
            if showing {
                select_span(&editor_ref, span);
            } else {
                // Another file's tab is open: show the Dockerfile's, then select once it is rendered.
                file_tab.set(0);
                let editor_ref = editor_ref.clone();
                gloo::timers::callback::Timeout::new(0, move || select_span(&editor_ref, span)).forget();
            }
        })
    };
    let on_apply = dispatch_on(page.dispatcher(), |text: String| Action::Replace {
        source: text,
        label: "apply the rewrite".into(),
        options: None,
    });
    let on_opt_in = dispatch_on(page.dispatcher(), |(id, on): (String, bool)| Action::SetOptIn {
        id,
        on,
    });
    let on_rule = dispatch_on(page.dispatcher(), |code: String| {
        Action::ShowView(View::Catalog(Some(code)))
    });
    // Only while the findings shown are those of the editor's text: their offsets are then the text's.
    let on_ignore = {
        let (dispatcher, latest) = (page.dispatcher(), latest.clone());
        use_callback((), move |(rule, at): (String, usize), _| {
            let (source, current) = latest.borrow().clone();
            if current {
                let line = line_of(&source, at);
                dispatcher.dispatch(Action::Replace {
                    source: crate::text::with_ignore_comment(&source, at, &rule),
                    label: format!("ignore {rule} on line {line}"),
                    options: None,
                });
            }
        })
    };
    let findings_count = analysis.findings.len() + analysis.diagnostics.len();
    let tabs = vec![
        Tab {
            key: "findings".into(),
            label: html! { <>{ "Findings " }<span class="count">{ findings_count }</span></> },
        },
        Tab {
            key: "diff".into(),
            label: html! { "Rewrite" },
        },
        Tab {
            key: "layers".into(),
            label: html! { "Layers" },
        },
    ];
    let selected = Panel::ALL.iter().position(|p| *p == page.panel).unwrap_or(0);
    let key = page.panel.key();
    html! {
        <section class="pane results-pane" aria-label="Analysis">
            { tab_list(TabsProps {
                id: "panels".into(),
                label: "Analysis".into(),
                tabs,
                selected,
                on_select: dispatch_on(page.dispatcher(), |index: usize| Action::ShowPanel(Panel::ALL[index])),
            }) }
            <div role="tabpanel" id={tab_panel_id("panels", key)} aria-labelledby={tab_id("panels", key)} tabindex="0"
                class="tab-panel">
                if let Some(unanalysed) = page.unanalysed {
                    <p class="unanalysed" role="alert">{ unanalysed.message() }</p>
                } else if page.awaiting_first() {
                    <p class="analysing" role="status">{ "Analysing… (a long text is analysed in the background; the page stays usable)" }</p>
                } else {
                    <ResultsPanel key={key} panel={page.panel} {analysis} {source}
                        size_data={page.size_data.clone()} {unified}
                        {on_select} {on_opt_in} {on_apply} {on_rule} {on_ignore} can_apply={!props.readonly} />
                }
            </div>
        </section>
    }
}

/// Selects `span` (byte offsets of the editor's text) in the textarea, focuses it and scrolls the line into view.
fn select_span(editor: &NodeRef, span: Span) {
    let Some(textarea) = editor.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let source = textarea.value();
    let (start, end) = (utf16_offset(&source, span.start), utf16_offset(&source, span.end));
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(start, end);
    let top = (line_of(&source, span.start) as f64 - 1.0) * LINE_PX;
    let visible = textarea.scroll_top() as f64..(textarea.scroll_top() + textarea.client_height()) as f64 - LINE_PX;
    if !visible.contains(&top) {
        textarea.set_scroll_top((top - 3.0 * LINE_PX).max(0.0) as i32);
    }
}
