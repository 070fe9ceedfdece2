//! An editor for one companion file of the build context (requirements.txt, pyproject.toml, .dockerignore):
//! when filled, the analysis uses it (`Options.context`).

use web_sys::HtmlTextAreaElement;
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
    html! {
        <div class="context-file">
            <p class="hint">{ format!("Optional: paste your {name} and the analysis takes it into account. Leave it empty if you have none.") }</p>
            <textarea
                id={format!("context-{}", name.trim_start_matches('.').replace('.', "-"))}
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
