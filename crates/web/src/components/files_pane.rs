//! The left pane: the Dockerfile's editor and, beside it in tabs, the context files of the build.

use std::rc::Rc;

use yew::prelude::*;

use super::context_files::{context_editor, ContextEditorProps};
use super::dispatch_on;
use super::editor::Editor;
use super::highlight::Marker;
use super::tabs::{tab_id, tab_list, tab_panel_id, Tab, TabsProps};
use crate::state::{Action, ContextFile, State};

#[derive(Properties, PartialEq)]
pub struct FilesPaneProps {
    pub page: UseReducerHandle<State>,
    pub editor_ref: NodeRef,
    /// The file tab shown (0: the Dockerfile); the results pane switches back to it to select a span.
    pub file_tab: UseStateHandle<usize>,
    pub readonly: bool,
    /// A documentation widget: the Dockerfile alone, no file tabs.
    pub embed: bool,
}

#[function_component(FilesPane)]
pub fn files_pane(props: &FilesPaneProps) -> Html {
    let page = &props.page;
    let readonly = props.readonly;
    let analysis = page.shown_analysis();
    let (markers, messages): (Vec<Marker>, Vec<String>) = analysis
        .diagnostics
        .iter()
        .map(|d| (d.span, d.severity, &d.message))
        .chain(analysis.findings.iter().map(|f| (f.span, f.severity, &f.message)))
        .map(|(span, severity, message)| {
            let marker = Marker {
                start: span.start,
                end: span.end,
                severity,
            };
            (marker, message.clone())
        })
        .unzip();
    let hint = if readonly {
        "Click a finding or a layer to select its text."
    } else {
        "Tab indents; Esc then Tab leaves the editor. Click a finding or a layer to select its text."
    };
    let dockerfile_editor = html! {
        <>
            <Editor value={Rc::<str>::from(page.source.as_str())} markers={Rc::new(markers)} messages={Rc::new(messages)}
                on_edit={dispatch_on(page.dispatcher(), Action::Edit)} undo_armed={page.undo_armed}
                on_undo={dispatch_on(page.dispatcher(), |()| Action::Undo)} readonly={readonly}
                editor_ref={props.editor_ref.clone()} />
            <p id="editor-help" class="hint">{ hint }</p>
        </>
    };
    if props.embed {
        return html! {
            <section class="pane editor-pane" aria-label="Dockerfile">{ dockerfile_editor }</section>
        };
    }

    let mut tabs = vec![Tab {
        key: "dockerfile".into(),
        label: html! { "Dockerfile" },
    }];
    tabs.extend(ContextFile::ALL.iter().map(|file| Tab {
        key: context_key(*file).into(),
        label: html! {
            <>{ file.file_name() }if file.get(&page.options).is_some() { <span class="filled" aria-label=" (filled)">{ " •" }</span> }</>
        },
    }));
    let file_tab = props.file_tab.clone();
    let on_context = dispatch_on(page.dispatcher(), |(file, text): (ContextFile, String)| {
        Action::SetContext(file, text)
    });
    html! {
        <section class="pane editor-pane" aria-label="Files of the build">
            { tab_list(TabsProps {
                id: "files".into(),
                label: "Files".into(),
                tabs,
                selected: *file_tab,
                on_select: Callback::from(move |index: usize| file_tab.set(index)),
            }) }
            <div role="tabpanel" id={tab_panel_id("files", "dockerfile")} aria-labelledby={tab_id("files", "dockerfile")}
                hidden={*props.file_tab != 0}>
                { dockerfile_editor }
            </div>
            { for ContextFile::ALL.iter().enumerate().map(|(i, file)| {
                let key = context_key(*file);
                html! {
                    <div role="tabpanel" id={tab_panel_id("files", key)} aria-labelledby={tab_id("files", key)}
                        hidden={*props.file_tab != i + 1}>
                        { context_editor(ContextEditorProps {
                            file: *file,
                            value: file.get(&page.options).unwrap_or_default().into(),
                            on_change: on_context.clone(),
                            readonly,
                        }) }
                    </div>
                }
            }) }
        </section>
    }
}

fn context_key(file: ContextFile) -> &'static str {
    match file {
        ContextFile::Requirements => "requirements",
        ContextFile::Pyproject => "pyproject",
        ContextFile::Dockerignore => "dockerignore",
        ContextFile::Files => "context-files",
    }
}
