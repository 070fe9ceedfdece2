//! The Share button: a link carrying the text and non-default options in its hash (`#v1=…`), copied to the
//! clipboard and always shown in a field (the fallback when the clipboard is unavailable).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::url_state::{encode, Snapshot};
use crate::{browser, clipboard};

/// The Share button's state: the link last shown (and whether it was copied) and its field. The page keeps it
/// (`use_share`), so the button needs no component of its own (each component costs code); the button is
/// shown as long as the page, so the state lives as long as it did in a component.
#[derive(Clone)]
pub struct ShareState {
    link: UseStateHandle<Option<(String, bool)>>,
    field: NodeRef,
}

#[hook]
pub fn use_share() -> ShareState {
    ShareState {
        link: use_state(Option::<(String, bool)>::default),
        field: use_node_ref(),
    }
}

/// The full-page link for a snapshot.
pub fn share_link(snapshot: &Snapshot) -> String {
    format!("{}#{}", browser::base_url(), encode(snapshot))
}

pub fn share(snapshot: Snapshot, state: &ShareState) -> Html {
    let ShareState { link, field } = state.clone();
    let onclick = {
        let (link, field) = (link.clone(), field.clone());
        Callback::from(move |_: MouseEvent| {
            let url = share_link(&snapshot);
            let (link, field) = (link.clone(), field.clone());
            yew::platform::spawn_local(async move {
                let copied = clipboard::copy(&url).await.is_ok();
                link.set(Some((url, copied)));
                if !copied {
                    if let Some(input) = field.cast::<HtmlInputElement>() {
                        input.select();
                    }
                }
            });
        })
    };
    let onfocus = Callback::from(|event: FocusEvent| event.target_unchecked_into::<HtmlInputElement>().select());
    html! {
        <div class="share">
            <button type="button" class="share-button" {onclick}>{ "Share" }</button>
            if let Some((url, copied)) = &*link {
                <div class="share-result">
                    <label>
                        <span>{ if *copied { "Link copied. It contains your Dockerfile:" } else { "Copy this link (it contains your Dockerfile):" } }</span>
                        <input id="share-link" type="text" readonly=true value={url.clone()} ref={field} {onfocus} />
                    </label>
                    <button type="button" class="close-share" aria-label="Hide the link"
                        onclick={{ let link = link.clone(); Callback::from(move |_: MouseEvent| link.set(None)) }}>{ "✕" }</button>
                </div>
            }
        </div>
    }
}
