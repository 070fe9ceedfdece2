use yew::prelude::*;

use super::rich_text;

/// A rule's explanation from the core's catalog: summary, why, a bad and a good example, and the source.
/// `code` is a rule code, name or equivalent id. (A plain view function, not a component: it has no state,
/// and a component costs more code.)
pub fn explanation(code: &str) -> Html {
    let Some(rule) = dflab_core::rules::lookup(code) else {
        return html! { <p class="muted">{ format!("Rule {code} is not in this build's catalog.") }</p> };
    };
    let e = &rule.explanation;
    html! {
        <div class="explanation">
            <p class="summary-text">{ rich_text(e.summary) }</p>
            <h4>{ "Why it matters" }</h4>
            <p>{ rich_text(e.why) }</p>
            <div class="examples">
                <figure class="example bad">
                    <figcaption>{ "✗ Avoid" }</figcaption>
                    <pre><code>{ e.bad }</code></pre>
                </figure>
                <figure class="example good">
                    <figcaption>{ "✓ Prefer" }</figcaption>
                    <pre><code>{ e.good }</code></pre>
                </figure>
            </div>
            <p class="source"><span class="muted">{ "Source: " }</span>{ e.source }</p>
        </div>
    }
}
