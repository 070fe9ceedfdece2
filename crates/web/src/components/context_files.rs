//! An editor for one companion file of the build context (requirements.txt, pyproject.toml, .dockerignore),
//! or for the list of the context's files: when filled, the analysis uses it (`Options.context`).

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::ContextFile;

pub struct ContextEditorProps {
    pub file: ContextFile,
    pub value: AttrValue,
    pub on_change: Callback<(ContextFile, String)>,
    pub readonly: bool,
}

/// (A plain view function, not a component: it has no state, and a component costs more code.)
pub fn context_editor(props: ContextEditorProps) -> Html {
    let oninput = {
        let (file, on_change) = (props.file, props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            on_change.emit((file, event.target_unchecked_into::<HtmlTextAreaElement>().value()))
        })
    };
    let name = props.file.file_name();
    let list = props.file == ContextFile::Files;
    // A folder chosen in the browser gives its files' paths; their contents are never read.
    let on_folder = {
        let (file, on_change) = (props.file, props.on_change.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(chosen) = input.files() else { return };
            let mut paths: Vec<String> = (0..chosen.length())
                .filter_map(|i| chosen.get(i))
                .map(|f| {
                    let path = js_sys::Reflect::get(&f, &"webkitRelativePath".into())
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_else(|| f.name());
                    // The first segment is the chosen folder itself, the context's root.
                    path.split_once('/').map_or(path.clone(), |(_, rest)| rest.to_string())
                })
                .filter(|p| !p.is_empty() && !p.starts_with(".git/"))
                .collect();
            paths.sort();
            on_change.emit((file, paths.join("\n")));
        })
    };
    let hint = if list {
        "Optional: the files of your build context, one path per line as `git ls-files` prints them, or choose the \
         folder (only the names are read, never the contents). A COPY of something not listed becomes an error."
            .to_string()
    } else {
        format!("Optional: paste your {name} and the analysis takes it into account. Leave it empty if you have none.")
    };
    html! {
        <div class="context-file">
            <p class="hint">{ hint }
                if list && !props.readonly {
                    <label class="folder-pick">{ "Choose folder…" }
                        <input type="file" id="context-folder" webkitdirectory=true multiple=true onchange={on_folder} />
                    </label>
                }
            </p>
            <textarea
                id={format!("context-{}", name.trim_start_matches('.').replace(['.', ' '], "-"))}
                class="context-editor"
                spellcheck="false"
                autocomplete="off"
                wrap="off"
                aria-label={name}
                readonly={props.readonly}
                value={props.value.clone()}
                {oninput}
            />
        </div>
    }
}
