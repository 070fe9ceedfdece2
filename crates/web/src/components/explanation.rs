use yew::prelude::*;

use super::rich_text;

/// A rule's explanation from the core's catalog: summary, why, a bad and a good example, and the source.
#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    /// Rule code, name or equivalent id.
    pub rule: AttrValue,
}

#[function_component(Explanation)]
pub fn explanation(props: &ExplanationProps) -> Html {
    let Some(rule) = dflab_core::rules::lookup(&props.rule) else {
        return html! { <p class="muted">{ format!("Rule {} is not in this build's catalog.", props.rule) }</p> };
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
