//! Tabs per the WAI-ARIA tabs pattern: one tab stop, arrow keys move and select, Home/End jump.
//! The caller renders the panel with `role="tabpanel"`, `id={tab_panel_id(id, key)}` and
//! `aria-labelledby={tab_id(id, key)}`.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::browser::by_id;

pub fn tab_id(group: &str, key: &str) -> String {
    format!("{group}-tab-{key}")
}

pub fn tab_panel_id(group: &str, key: &str) -> String {
    format!("{group}-panel-{key}")
}

#[derive(Clone, PartialEq)]
pub struct Tab {
    pub key: AttrValue,
    pub label: Html,
}

pub struct TabsProps {
    /// Prefix of the tab and panel ids.
    pub id: AttrValue,
    /// Accessible name of the tab list.
    pub label: AttrValue,
    pub tabs: Vec<Tab>,
    pub selected: usize,
    pub on_select: Callback<usize>,
}

/// (A plain view function, not a component: it has no state, and a component costs more code.)
pub fn tab_list(props: TabsProps) -> Html {
    let count = props.tabs.len();
    let onkeydown = {
        let on_select = props.on_select.clone();
        let keys: Vec<String> = props.tabs.iter().map(|t| tab_id(&props.id, &t.key)).collect();
        let selected = props.selected;
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowRight" | "ArrowDown" => (selected + 1) % count,
                "ArrowLeft" | "ArrowUp" => (selected + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            on_select.emit(next);
            if let Some(tab) = by_id::<HtmlElement>(&keys[next]) {
                let _ = tab.focus();
            }
        })
    };
    html! {
        <div class="tablist" role="tablist" aria-label={props.label.clone()} {onkeydown}>
            { for props.tabs.iter().enumerate().map(|(index, tab)| {
                let selected = index == props.selected;
                let onclick = {
                    let on_select = props.on_select.clone();
                    Callback::from(move |_| on_select.emit(index))
                };
                html! {
                    <button
                        type="button"
                        role="tab"
                        class={if selected { "tab selected" } else { "tab" }}
                        id={tab_id(&props.id, &tab.key)}
                        aria-selected={if selected { "true" } else { "false" }}
                        aria-controls={tab_panel_id(&props.id, &tab.key)}
                        tabindex={if selected { "0" } else { "-1" }}
                        {onclick}
                    >{ tab.label.clone() }</button>
                }
            }) }
        </div>
    }
}
