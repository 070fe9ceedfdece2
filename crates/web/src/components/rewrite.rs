use dflab_core::{DiffKind, DiffSegment};
use yew::prelude::*;

use super::findings::PanelProps;

#[function_component(RewritePanel)]
pub fn rewrite_panel(props: &PanelProps) -> Html {
    let rewrite = &props.analysis.rewrite;
    let changed = rewrite.diff.iter().filter(|row| row.kind != DiffKind::Same).count();
    html! {
        <section class="panel rewrite" aria-labelledby="rewrite-title">
            <h2 id="rewrite-title">{ "Rewrite" }</h2>
            <p class="summary">
                { if changed == 0 { "No changes proposed.".to_string() } else { format!("{changed} lines changed.") } }
            </p>
            <table class="diff">
                <colgroup><col class="line-number" /><col /><col class="line-number" /><col /></colgroup>
                <thead><tr><th scope="col" colspan="2">{ "Original" }</th><th scope="col" colspan="2">{ "Rewritten" }</th></tr></thead>
                <tbody>
                    { for rewrite.diff.iter().map(|row| html! {
                        <tr class={classes!("diff-row", format!("{:?}", row.kind).to_lowercase())}>
                            <td class="line-number">{ row.old_line.map(|n| n.to_string()).unwrap_or_default() }</td>
                            <td class="code">{ segments(&row.old) }</td>
                            <td class="line-number">{ row.new_line.map(|n| n.to_string()).unwrap_or_default() }</td>
                            <td class="code">{ segments(&row.new) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

fn segments(segments: &[DiffSegment]) -> Html {
    segments
        .iter()
        .map(|s| {
            if s.changed {
                html! { <mark>{ &s.text }</mark> }
            } else {
                html! { <span>{ &s.text }</span> }
            }
        })
        .collect()
}
