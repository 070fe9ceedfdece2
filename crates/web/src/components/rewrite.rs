use std::rc::Rc;

use dflab_core::{Analysis, ChangeGroup, DiffKind, DiffRow, DiffSegment, FixAvailability};
use yew::prelude::*;

use super::{aria_bool, emit_on_click, rich_text, set_on_click};
use crate::clipboard;

#[derive(Properties, PartialEq)]
pub struct RewriteProps {
    pub analysis: Rc<Analysis>,
    /// The editor's text, to tell whether applying would change anything.
    pub source: Rc<str>,
    pub on_opt_in: Callback<(String, bool)>,
    /// Replaces the editor's text with the rewrite (undoable).
    pub on_apply: Callback<String>,
    /// Opens a rule's explanation in the catalog.
    pub on_rule: Callback<String>,
    /// False in read-only embeds.
    #[prop_or(true)]
    pub can_apply: bool,
}

/// Rows of the diff with, before each run of rows belonging to the same change groups, the labels of
/// those groups: `(Some(groups), None)` is a label row, `(None, Some(row))` a diff row.
pub fn labelled_rows(rewrite_diff: &[DiffRow]) -> Vec<(Option<&[String]>, Option<&DiffRow>)> {
    let mut out = Vec::new();
    let mut previous: &[String] = &[];
    for row in rewrite_diff {
        if !row.groups.is_empty() && row.groups.as_slice() != previous {
            out.push((Some(row.groups.as_slice()), None));
        }
        previous = &row.groups;
        out.push((None, Some(row)));
    }
    out
}

/// How many diff rows the panel renders before a "Show all" button: the diff of a long file has a row per
/// line, and rendering thousands of rows on every keystroke made typing lag (issue #7).
pub const ROWS_AT_FIRST: usize = 200;
// The panel's "Showing the first 200" spells the number out (one formatting argument less).
const _: () = assert!(ROWS_AT_FIRST == 200);

/// The rewrite panel; `status` (what Copy or Download last said), `show_all` and `unified` (the diff in one
/// column rather than side by side) are its state.
pub fn rewrite_view(
    props: &RewriteProps,
    status: UseStateHandle<Option<String>>,
    show_all: UseStateHandle<bool>,
    unified: UseStateHandle<bool>,
) -> Html {
    let rewrite = &props.analysis.rewrite;
    let total_rows = rewrite.diff.len();
    let shown_rows = if *show_all {
        total_rows
    } else {
        total_rows.min(ROWS_AT_FIRST)
    };
    let show_more = set_on_click(&show_all, true);
    let changed = rewrite.diff.iter().filter(|row| row.kind != DiffKind::Same).count();
    let differs = rewrite.text != *props.source;
    let copy = {
        let (text, status) = (rewrite.text.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, status) = (text.clone(), status.clone());
            yew::platform::spawn_local(async move {
                status.set(Some(match clipboard::copy(&text).await {
                    Ok(()) => "Copied the rewritten Dockerfile.".into(),
                    Err(_) => "The clipboard is not available here: use Download instead.".into(),
                }));
            });
        })
    };
    let download = |name: &'static str, text: String| {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            if clipboard::download(name, &text).is_err() {
                status.set(Some("This browser refused the download.".into()));
            }
        })
    };
    let apply = emit_on_click(&props.on_apply, rewrite.text.clone());
    let group_title = |id: &str| -> Option<&ChangeGroup> { rewrite.changes.iter().find(|g| g.id == id) };
    let one_column = *unified;
    let rows: Html = labelled_rows(&rewrite.diff[..shown_rows])
        .into_iter()
        .map(|(label, row)| match (label, row) {
            (Some(groups), _) => html! {
                <tr class="group-label"><td colspan={if one_column { "3" } else { "4" }}>
                    { for groups.iter().map(|id| html! {
                        <span class="group-name">{ rich_text(group_title(id).map_or(id.as_str(), |g| g.title.as_str())) }</span>
                    }) }
                </td></tr>
            },
            (None, Some(row)) if one_column => unified_rows(row),
            (None, Some(row)) => diff_row(row),
            (None, None) => html! {},
        })
        .collect();
    let layout_button = |label: &'static str, is_unified: bool| {
        html! {
            <button type="button" aria-pressed={aria_bool(one_column == is_unified)} onclick={set_on_click(&unified, is_unified)}>
                { label }
            </button>
        }
    };
    html! {
        <section class="panel rewrite" aria-labelledby="rewrite-title">
            <h2 id="rewrite-title">{ "Rewrite" }</h2>
            <p class="summary">
                { if changed == 0 && rewrite.changes.is_empty() {
                    "No changes proposed.".to_string()
                } else {
                    let groups = rewrite.changes.len();
                    format!(
                        "{changed} {}; {groups} change {}.",
                        if changed == 1 { "line differs" } else { "lines differ" },
                        if groups == 1 { "group" } else { "groups" }
                    )
                } }
            </p>
            <div class="actions">
                if props.can_apply {
                    <button type="button" class="apply" onclick={apply} disabled={!differs}>{ "Apply to editor" }</button>
                }
                <button type="button" class="copy" onclick={copy}>{ "Copy" }</button>
                <button type="button" class="download" onclick={download("Dockerfile", rewrite.text.clone())}>{ "Download Dockerfile" }</button>
                if let Some(ignore) = &rewrite.dockerignore {
                    <button type="button" class="download-ignore" onclick={download(".dockerignore", ignore.clone())}>{ "Download .dockerignore" }</button>
                }
            </div>
            <p class="status" role="status">{ (*status).clone().unwrap_or_default() }</p>
            <div class="segmented diff-layout" role="group" aria-label="Diff layout">
                { layout_button("Side by side", false) }{ layout_button("Unified", true) }
            </div>
            if one_column {
                { unified_table("Original and rewritten Dockerfile, one line under the other where they differ", rows) }
            } else {
                { diff_table(["Original and rewritten Dockerfile, aligned line by line", "Original", "Rewritten"], rows) }
            }
            if shown_rows < total_rows {
                <p class="shown-count">
                    { format!("Showing the first 200 of {total_rows} rows (Copy and Download have the whole text). ") }
                    <button type="button" class="show-all" onclick={show_more}>{ "Show all" }</button>
                </p>
            }
            // The changes, safe and opt-in, under the diff they make: the diff is what the page is for, and it
            // starts on the first screen.
            if !rewrite.changes.is_empty() {
                <h3 class="changes-title">{ "Changes" }</h3>
                <ul class="change-groups">
                    { for rewrite.changes.iter().map(|group| change_group(group, &props.on_opt_in, &props.on_rule)) }
                </ul>
            }
            if let Some(ignore) = &rewrite.dockerignore {
                <h3>{ "Suggested .dockerignore" }</h3>
                <pre class="dockerignore"><code>{ ignore }</code></pre>
            }
        </section>
    }
}

fn change_group(group: &ChangeGroup, on_opt_in: &Callback<(String, bool)>, on_rule: &Callback<String>) -> Html {
    let toggle = {
        let (id, on_opt_in) = (group.id.clone(), on_opt_in.clone());
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            on_opt_in.emit((id.clone(), input.checked()))
        })
    };
    let (item_class, badge_class, fix_word) = match group.fix {
        FixAvailability::OptIn => ("change-group opt-in", "badge opt-in", "opt-in"),
        FixAvailability::Safe => ("change-group safe", "badge safe", "safe"),
        FixAvailability::None => ("change-group none", "badge none", "manual"),
    };
    // A card folds to its title, badge and rule codes (a summary holds no controls): open while it asks for a
    // decision (an opt-in, or a choice withheld), folded when the change is already made (safe) or manual.
    let open = group.fix == FixAvailability::OptIn || group.withheld.is_some();
    html! {
        <li class={item_class} id={format!("group-{}", group.id)}>
            <details {open}>
            <summary>
                <span class="group-title">{ rich_text(&group.title) }</span>
                <span class={badge_class}>{ fix_word }</span>
                <span class="group-rules">{ group.rules.join(" ") }</span>
            </summary>
            <div class="group-body">
            { for group.rules.iter().map(|rule| {
                let (rule, on_rule) = (rule.clone(), on_rule.clone());
                html! {
                    <button type="button" class="rule-link"
                        onclick={Callback::from({ let rule = rule.clone(); move |_: MouseEvent| on_rule.emit(rule.clone()) })}>
                        { format!("Explain {rule}") }
                    </button>
                }
            }) }
            if let Some(warning) = &group.warning {
                <p class="warning-text">{ "▲ " }{ rich_text(warning) }</p>
            }
            if let Some(why) = &group.withheld {
                <p class="withheld-text" role="note">{ "✋ " }{ rich_text(why) }</p>
            }
            if group.fix == FixAvailability::OptIn {
                <label class="opt-in-toggle">
                    // Chosen but withheld stays checked: the choice is the user's, the note says why it waits.
                    <input type="checkbox" checked={group.applied || group.withheld.is_some()} onchange={toggle} />
                    { " Apply this change" }
                    // Five checkboxes all named "Apply this change" cannot be told apart by a screen reader.
                    <span class="visually-hidden">{ format!(": {}", group.title.replace('`', "")) }</span>
                </label>
            }
            </div>
            </details>
        </li>
    }
}

/// A side-by-side diff table (the rewrite's, a lesson solution's): `[caption, old title, new title]`, and
/// its rows.
pub fn diff_table([caption, old, new]: [&str; 3], rows: Html) -> Html {
    html! {
        <div class="diff-scroll">
            <table class="diff">
                <caption class="visually-hidden">{ caption }</caption>
                <colgroup><col class="line-number" /><col /><col class="line-number" /><col /></colgroup>
                <thead><tr><th scope="col" colspan="2">{ old }</th><th scope="col" colspan="2">{ new }</th></tr></thead>
                <tbody>{ rows }</tbody>
            </table>
        </div>
    }
}

/// The diff in one column (easier on a narrow screen, and what `git diff` readers know): each line once, a
/// changed line as its old form then its new one.
pub fn unified_table(caption: &str, rows: Html) -> Html {
    html! {
        <div class="diff-scroll">
            <table class="diff unified">
                <caption class="visually-hidden">{ caption }</caption>
                <colgroup><col class="line-number" /><col class="line-number" /><col /></colgroup>
                <thead><tr><th scope="col">{ "Old" }</th><th scope="col">{ "New" }</th><th scope="col">{ "Dockerfile" }</th></tr></thead>
                <tbody>{ rows }</tbody>
            </table>
        </div>
    }
}

/// One row of the diff in one column: two for a changed line.
pub fn unified_rows(row: &DiffRow) -> Html {
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let line = |class: &'static str, old: Option<u32>, new: Option<u32>, side: &'static str, text: &[DiffSegment]| {
        html! {
            <tr {class}>
                <td class="line-number">{ number(old) }</td>
                <td class="line-number">{ number(new) }</td>
                <td class={side}>{ segments(text) }</td>
            </tr>
        }
    };
    match row.kind {
        DiffKind::Same => line("diff-row same", row.old_line, row.new_line, "code", &row.new),
        DiffKind::Added => line("diff-row added", None, row.new_line, "code new", &row.new),
        DiffKind::Removed => line("diff-row removed", row.old_line, None, "code old", &row.old),
        DiffKind::Changed => html! {
            <>
                { line("diff-row changed", row.old_line, None, "code old", &row.old) }
                { line("diff-row changed", None, row.new_line, "code new", &row.new) }
            </>
        },
    }
}

/// One row of a side-by-side diff.
pub fn diff_row(row: &DiffRow) -> Html {
    let class = match row.kind {
        DiffKind::Same => "diff-row same",
        DiffKind::Changed => "diff-row changed",
        DiffKind::Added => "diff-row added",
        DiffKind::Removed => "diff-row removed",
    };
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    html! {
        <tr {class}>
            <td class="line-number">{ number(row.old_line) }</td>
            <td class="code old">{ segments(&row.old) }</td>
            <td class="line-number">{ number(row.new_line) }</td>
            <td class="code new">{ segments(&row.new) }</td>
        </tr>
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
