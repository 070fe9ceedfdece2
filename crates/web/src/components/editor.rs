use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub value: String,
    pub on_edit: Callback<String>,
}

/// A plain textarea: the user's text stays in a native control, never in generated HTML.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            on_edit.emit(event.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    html! {
        <textarea
            id="dockerfile-input"
            class="editor"
            spellcheck="false"
            autocomplete="off"
            aria-label="Dockerfile source"
            value={props.value.clone()}
            {oninput}
        />
    }
}
