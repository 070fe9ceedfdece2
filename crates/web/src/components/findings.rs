use std::rc::Rc;

use dflab_core::span::Span;
use dflab_core::{Analysis, Finding, Severity};
use yew::prelude::*;

use super::explanation::explanation;
use super::{by_severity, emit_on_click, rich_text, set_on_click, severity_label};
use crate::clipboard;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub analysis: Rc<Analysis>,
    /// The analysed text, quoted by the Markdown exports.
    pub source: Rc<str>,
    /// Selects a byte span in the editor.
    pub on_select: Callback<Span>,
    /// Writes `# dflab ignore=<rule>` before the instruction starting at the byte offset; `None` where the
    /// text cannot be changed (read-only).
    pub on_ignore: Option<Callback<(String, usize)>>,
}

/// The file name the exports give the editor's text.
const EXPORT_PATH: &str = "Dockerfile";

/// Copies Markdown for an issue or a pull-request comment; where the page may not use the clipboard (plain
/// HTTP, a refused permission), saves it as a file instead. `status` says which happened.
fn copy_markdown(text: String, what: &'static str, status: UseStateSetter<Option<String>>) {
    yew::platform::spawn_local(async move {
        status.set(Some(match clipboard::copy(&text).await {
            Ok(()) => format!("Copied {what} as Markdown."),
            Err(_) if clipboard::download("dockerfile-lab-report.md", &text).is_ok() => {
                "The clipboard is not available here: saved dockerfile-lab-report.md instead.".into()
            }
            Err(_) => "The clipboard is not available here.".into(),
        }));
    });
}

/// Findings of one severity, split by category, both in a stable order.
#[derive(Debug, PartialEq)]
pub struct SeverityGroup<'a> {
    pub severity: Severity,
    pub count: usize,
    pub categories: Vec<(&'a str, Vec<&'a Finding>)>,
}

/// Groups findings by severity (errors first) and then by category (alphabetically), keeping source order
/// inside each category.
pub fn group_findings(findings: &[Finding]) -> Vec<SeverityGroup<'_>> {
    let mut groups = Vec::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let mut categories: Vec<(&str, Vec<&Finding>)> = Vec::new();
        for finding in findings.iter().filter(|f| f.severity == severity) {
            match categories.iter_mut().find(|(c, _)| *c == finding.category) {
                Some((_, list)) => list.push(finding),
                None => categories.push((&finding.category, vec![finding])),
            }
        }
        if categories.is_empty() {
            continue;
        }
        dflab_core::sort::sort_by(&mut categories, |a, b| a.0.cmp(b.0));
        let count = categories.iter().map(|(_, list)| list.len()).sum();
        groups.push(SeverityGroup {
            severity,
            count,
            categories,
        });
    }
    groups
}

/// "2 errors, 1 warning" — the words the live region announces.
pub fn count_summary(analysis: &Analysis) -> String {
    let mut parts = Vec::new();
    let count = |s: Severity| {
        analysis.findings.iter().filter(|f| f.severity == s).count()
            + analysis.diagnostics.iter().filter(|d| d.severity == s).count()
    };
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "note", "notes"),
    ] {
        match count(severity) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    if parts.is_empty() {
        "No problems found.".into()
    } else {
        format!("{}.", parts.join(", "))
    }
}

/// How many findings and diagnostics the panel renders before a "Show all" button: a long file can have
/// hundreds, and rendering them all on every keystroke cost more than the analysis (issue #7).
pub const SHOWN_AT_FIRST: usize = 100;
// The panel's "Showing the first 100" spells the number out (one formatting argument less).
const _: () = assert!(SHOWN_AT_FIRST == 100);

/// The findings whose explanation is open, by (rule, line): an explanation is rendered only while open (a
/// closed one rendered every rule's full text on every keystroke).
#[derive(Default, PartialEq)]
struct OpenExplanations(Vec<(String, u32)>);

impl Reducible for OpenExplanations {
    type Action = ((String, u32), bool);

    fn reduce(self: Rc<Self>, (key, open): Self::Action) -> Rc<Self> {
        let mut keys: Vec<_> = self.0.iter().filter(|k| **k != key).cloned().collect();
        if open {
            keys.push(key);
        }
        Rc::new(OpenExplanations(keys))
    }
}

/// The findings panel. Each finding is a component of its own, and what its buttons do is the same callback
/// from one keystroke to the next (they read the latest text when clicked), so a keystroke renders only the
/// findings that changed: at 300 lines a keystroke rendered all of the first 100 again.
#[function_component(FindingsPanel)]
pub fn findings_panel(props: &FindingsProps) -> Html {
    let show_all = use_state(bool::default);
    let open = use_reducer(OpenExplanations::default);
    let status = use_state(Option::<String>::default);
    let latest = use_mut_ref(Rc::<str>::default);
    *latest.borrow_mut() = props.source.clone();
    let on_copy = {
        let (latest, status) = (latest.clone(), status.setter());
        use_callback((), move |finding: Finding, _| {
            let text = dflab_core::markdown::finding(EXPORT_PATH, &latest.borrow(), &finding);
            copy_markdown(text, "the finding", status.clone());
        })
    };
    let on_toggle = {
        let open = open.dispatcher();
        use_callback((), move |toggled, _| open.dispatch(toggled))
    };
    let actions = FindingActions {
        on_select: props.on_select.clone(),
        on_copy,
        on_ignore: props.on_ignore.clone(),
        on_toggle,
    };
    let analysis = &props.analysis;
    let findings = &analysis.findings;
    let diagnostics = &analysis.diagnostics;
    let count = findings.len() + diagnostics.len();
    // Items left to render: everything once "Show all" was pressed, else the first SHOWN_AT_FIRST in
    // page order (syntax first, then by severity and category); headings always count everything.
    let mut budget = if *show_all { usize::MAX } else { SHOWN_AT_FIRST };
    let mut take = |n: usize| {
        let shown = n.min(budget);
        budget -= shown;
        shown
    };
    let shown_diagnostics = take(diagnostics.len());
    let groups: Vec<_> = group_findings(findings)
        .into_iter()
        .map(|group| {
            let categories: Vec<_> = group
                .categories
                .into_iter()
                .map(|(category, list)| {
                    let shown = take(list.len());
                    (category, list, shown)
                })
                .collect();
            (group.severity, group.count, categories)
        })
        .collect();
    let jump = |span: Span| emit_on_click(&props.on_select, span);
    let show_more = set_on_click(&show_all, true);
    let copy_report = {
        let (analysis, source, status) = (analysis.clone(), props.source.clone(), status.setter());
        Callback::from(move |_: MouseEvent| {
            let findings = dflab_core::markdown::reported_findings(&analysis);
            let text = dflab_core::markdown::report(&[dflab_core::markdown::ReportFile {
                path: EXPORT_PATH,
                source: &source,
                findings: &findings,
            }]);
            copy_markdown(text, "the report", status.clone());
        })
    };
    // The instruction a finding is on (its first byte): the suppression comment goes before it.
    let ignore_at = |finding: &Finding| {
        props.on_ignore.as_ref()?;
        let at = finding.span.start;
        let instruction = analysis
            .instructions
            .iter()
            .find(|i| i.span.start <= at && at < i.span.end.max(i.span.start + 1))?;
        Some(instruction.span.start)
    };
    html! {
        <section class="panel findings" aria-labelledby="findings-title">
            <div class="panel-head">
                <h2 id="findings-title">{ "Findings " }<span class="count">{ count }</span></h2>
                <button type="button" class="copy-report" onclick={copy_report}>{ "Copy as Markdown" }</button>
            </div>
            if let Some(message) = &*status {
                <p class="copy-status" role="status">{ message }</p>
            }
            if count == 0 {
                <p class="empty">{ "No problems found." }</p>
            } else {
                <p class="summary">{ count_summary(analysis) }</p>
            }
            if !diagnostics.is_empty() {
                <section class="group syntax" aria-label="Syntax">
                    <h3>{ format!("Syntax ({})", diagnostics.len()) }</h3>
                    <ul class="finding-list">
                        { for diagnostics.iter().take(shown_diagnostics).map(|d| html! {
                            <li class={by_severity(d.severity, ["finding diagnostic error", "finding diagnostic warning", "finding diagnostic info"])}>
                                <button type="button" class="jump" onclick={jump(d.span)}>
                                    <span class="severity">{ severity_label(d.severity) }</span>
                                    <span class="location">{ format!("line {}", d.span.line) }</span>
                                    <span class="message">{ rich_text(&d.message) }</span>
                                </button>
                            </li>
                        }) }
                    </ul>
                </section>
            }
            { for groups.into_iter().map(|(severity, count, categories)| html! {
                <section class={by_severity(severity, ["group error", "group warning", "group info"])}>
                    <h3>{ severity_label(severity) }{ format!(" ({count})") }</h3>
                    { for categories.into_iter().filter(|(_, _, shown)| *shown > 0).map(|(category, list, shown)| html! {
                        <>
                            <h4 class="category">{ format!("{category} ({})", list.len()) }</h4>
                            <ul class="finding-list">
                                { for list.into_iter().take(shown).map(|f| {
                                    let key = (f.rule.clone(), f.span.line);
                                    html! {
                                        <FindingItem finding={f.clone()} ignore_at={ignore_at(f)} open={open.0.contains(&key)}
                                            actions={actions.clone()} />
                                    }
                                }) }
                            </ul>
                        </>
                    }) }
                </section>
            }) }
            if budget == 0 && count > SHOWN_AT_FIRST {
                <p class="shown-count">
                    { format!("Showing the first 100 of {count} findings. ") }
                    <button type="button" class="show-all" onclick={show_more}>{ "Show all" }</button>
                </p>
            }
        </section>
    }
}

/// What a finding's buttons do: the same callbacks for every finding and every keystroke.
#[derive(Clone, PartialEq)]
pub struct FindingActions {
    pub on_select: Callback<Span>,
    /// Copies the finding as Markdown.
    pub on_copy: Callback<Finding>,
    pub on_ignore: Option<Callback<(String, usize)>>,
    /// Opens or closes the explanation of (rule, line).
    pub on_toggle: Callback<((String, u32), bool)>,
}

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub finding: Finding,
    /// Where the finding's instruction starts, for the suppression comment; `None`: no Ignore button.
    pub ignore_at: Option<usize>,
    /// Whether its explanation is open (rendered only then).
    pub open: bool,
    pub actions: FindingActions,
}

/// One finding: rendered again only when it, or whether its explanation is open, changes.
#[function_component(FindingItem)]
fn finding_item(props: &FindingItemProps) -> Html {
    let FindingItemProps {
        finding,
        ignore_at,
        open: is_open,
        actions,
    } = props;
    let key = (finding.rule.clone(), finding.span.line);
    let onclick = emit_on_click(&actions.on_select, finding.span);
    let copy = emit_on_click(&actions.on_copy, finding.clone());
    let ignore = actions
        .on_ignore
        .as_ref()
        .zip(*ignore_at)
        .map(|(on_ignore, at)| emit_on_click(on_ignore, (finding.rule.clone(), at)));
    let ontoggle = {
        let on_toggle = actions.on_toggle.clone();
        Callback::from(move |event: Event| {
            let open = event.target_unchecked_into::<web_sys::Element>().has_attribute("open");
            on_toggle.emit((key.clone(), open))
        })
    };
    let mut equivalents = Vec::new();
    for (tool, ids) in [
        ("hadolint", &finding.hadolint),
        ("BuildKit", &finding.buildkit),
        ("Trivy", &finding.trivy),
    ] {
        if !ids.is_empty() {
            equivalents.push(format!("{tool} {}", ids.join(", ")));
        }
    }
    html! {
        <li class={by_severity(finding.severity, ["finding error", "finding warning", "finding info"])}>
            <button type="button" class="jump" {onclick} title="Select in the editor">
                <span class="severity">{ severity_label(finding.severity) }</span>
                <span class="location">{ format!("line {}", finding.span.line) }</span>
                <span class="message">{ rich_text(&finding.message) }</span>
            </button>
            if let Some(note) = &finding.stage_note {
                <p class="stage-note">{ rich_text(note) }</p>
            }
            <p class="rule">
                <code>{ &finding.rule }</code>{ " " }{ &finding.name }
                if !equivalents.is_empty() {
                    <span class="equivalents">{ format!(" · {}", equivalents.join(" · ")) }</span>
                }
                <button type="button" class="copy-finding" onclick={copy}
                    aria-label={format!("Copy {} on line {} as Markdown", finding.rule, finding.span.line)}>{ "Copy" }</button>
                if let Some(ignore) = ignore {
                    <button type="button" class="ignore-finding" onclick={ignore}
                        title={format!("Add `# dflab ignore={}` before this instruction (Undo removes it)", finding.rule)}
                        aria-label={format!("Ignore {} on line {}", finding.rule, finding.span.line)}>{ "Ignore" }</button>
                }
            </p>
            <details class="why" open={*is_open} {ontoggle}>
                <summary>{ "Explain" }</summary>
                if *is_open {
                    { explanation(&finding.rule) }
                }
            </details>
        </li>
    }
}
