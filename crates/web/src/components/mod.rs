//! Function components and view functions, a module each, and the small helpers they share.

pub mod app;
pub mod catalog;
pub mod context_files;
pub mod editor;
pub mod explanation;
pub mod files_pane;
pub mod findings;
pub mod help;
pub mod highlight;
pub mod layer_chart;
pub mod layers;
pub mod lessons;
#[cfg(feature = "prerender")]
pub mod prerender;
pub mod results;
pub mod results_pane;
pub mod rewrite;
pub mod share;
pub mod tabs;
pub mod toolbar;

use dflab_core::Severity;
use yew::prelude::*;

// Hooks take their initial value from a function such as `bool::default` rather than a closure: the hook's
// code is then compiled once per state type, not once per call site.

// Click handlers: one closure type per kind of handler instead of one per button (each closure type adds its
// own call, drop and allocation code to the bundle).

/// A click that emits `value` on `callback`.
pub fn emit_on_click<T: Clone + 'static>(callback: &Callback<T>, value: T) -> Callback<MouseEvent> {
    let callback = callback.clone();
    Callback::from(move |_: MouseEvent| callback.emit(value.clone()))
}

/// A click that sets `flag` to `value`.
pub fn set_on_click(flag: &UseStateHandle<bool>, value: bool) -> Callback<MouseEvent> {
    let flag = flag.clone();
    Callback::from(move |_: MouseEvent| flag.set(value))
}

/// An event (a click, or a value from a child) that dispatches `make(event)`.
pub fn dispatch_on<E: 'static, R: Reducible + 'static>(
    dispatcher: UseReducerDispatcher<R>,
    make: fn(E) -> R::Action,
) -> Callback<E> {
    Callback::from(move |event: E| dispatcher.dispatch(make(event)))
}

/// Text with `code` spans in backticks rendered as `<code>`; everything else stays a text node.
pub fn rich_text(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect()
}

/// [`rich_text`] with each `https://` address as a link named by its site and its last part
/// (`github.com/docker-library/repo-info … 3.12-slim.md`), not a raw address that overflows its cell.
pub fn linked_text(text: &str) -> Html {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("https://") {
        parts.push(rich_text(&rest[..at]));
        let end = rest[at..].find(char::is_whitespace).map_or(rest.len(), |n| at + n);
        let url = rest[at..end].trim_end_matches([')', ',', '.', ';']);
        let path: Vec<&str> = url["https://".len()..].split('/').filter(|p| !p.is_empty()).collect();
        let name = match path.as_slice() {
            [host, owner, repo, .., last] if path.len() > 3 => format!("{host}/{owner}/{repo} … {last}"),
            _ => path.join("/"),
        };
        parts.push(html! { <a href={url.to_string()} target="_blank" rel="noopener noreferrer">{ name }</a> });
        rest = &rest[at + url.len()..];
    }
    parts.push(rich_text(rest));
    parts.into_iter().collect()
}

/// The one of `[error, warning, info]` for `severity`: class lists spelled out as static text, which is far
/// less code than building them with `classes!`.
pub fn by_severity(severity: Severity, [error, warning, info]: [&'static str; 3]) -> &'static str {
    match severity {
        Severity::Error => error,
        Severity::Warning => warning,
        Severity::Info => info,
    }
}

/// `"true"` or `"false"` for an ARIA state such as `aria-pressed`, as static text (no formatting code).
pub fn aria_bool(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// Severity as an icon and a word, so colour is never the only signal.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖ error",
        Severity::Warning => "▲ warning",
        Severity::Info => "ℹ info",
    }
}
