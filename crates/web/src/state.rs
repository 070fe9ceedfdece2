//! Page state as a reducer: every change is an [`Action`], so components stay pure views. The reducer has no
//! side effects: it computes the next state (a short text's analysis included, which is a pure function of the
//! text), and every effect (the worker, autosave, theme, URL) is a hook reading the state (`crate::hooks`).

use std::rc::Rc;

use dflab_core::{analyze, Analysis, Options, Severity};
use yew::Reducible;

use crate::browser::now;
use crate::size_data::SizeData;
use crate::text::human_bytes;
use crate::url_state::Snapshot;

/// The tabs of the results pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Findings,
    Diff,
    Layers,
}

impl Panel {
    pub const ALL: [Panel; 3] = [Panel::Findings, Panel::Diff, Panel::Layers];

    pub fn key(self) -> &'static str {
        match self {
            Panel::Findings => "findings",
            Panel::Diff => "diff",
            Panel::Layers => "layers",
        }
    }

    pub fn from_key(key: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// The page's two views: the lab (editor and panels) and the rule catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Lab,
    /// The catalog, optionally opened at one rule (`#rule=<code>`).
    Catalog(Option<String>),
}

/// Companion files of the build context the user may fill in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextFile {
    Requirements,
    Pyproject,
    Dockerignore,
    /// The list of the context's files (paths only), one per line.
    Files,
}

impl ContextFile {
    pub const ALL: [ContextFile; 4] = [
        ContextFile::Requirements,
        ContextFile::Pyproject,
        ContextFile::Dockerignore,
        ContextFile::Files,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            ContextFile::Requirements => "requirements.txt",
            ContextFile::Pyproject => "pyproject.toml",
            ContextFile::Dockerignore => ".dockerignore",
            ContextFile::Files => "context files",
        }
    }

    /// The text of the tab (for the file list, its lines as typed).
    pub fn get(self, options: &Options) -> Option<String> {
        let context = &options.context;
        match self {
            ContextFile::Requirements => context.requirements_txt.clone(),
            ContextFile::Pyproject => context.pyproject_toml.clone(),
            ContextFile::Dockerignore => context.dockerignore.clone(),
            ContextFile::Files => context.files.as_ref().map(|files| files.join("\n")),
        }
    }

    /// Stores the tab's text; empty means not given. The file list keeps its lines as typed (blank ones
    /// too), so the text reads back unchanged while the user types; the analysis ignores blank lines.
    fn set(self, options: &mut Options, text: Option<String>) {
        let context = &mut options.context;
        match self {
            ContextFile::Requirements => context.requirements_txt = text,
            ContextFile::Pyproject => context.pyproject_toml = text,
            ContextFile::Dockerignore => context.dockerignore = text,
            ContextFile::Files => context.files = text.map(|t| t.split('\n').map(String::from).collect()),
        }
    }
}

/// The text as it was before a destructive action, so that action can be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct UndoEntry {
    pub source: String,
    /// What replaced it, e.g. "load example Flask".
    pub label: String,
    /// The options it replaced, when the action replaced them too (a lesson's context files), so Undo
    /// brings back the user's context files as well as the Dockerfile.
    pub options: Option<Box<Options>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub source: String,
    pub options: Options,
    pub analysis: Rc<Analysis>,
    /// Counts analyses; the e2e run reads it (`data-revision`) to time keystroke-to-update.
    pub revision: u64,
    /// How long the last `analyze` call took, in milliseconds.
    pub analysis_ms: f64,
    /// Numbers every text-and-options the page has had; `analysis` is of number `analysis_seq`. They differ
    /// while the worker analyses the latest (the previous analysis stays on screen meanwhile).
    pub input_seq: u64,
    pub analysis_seq: u64,
    /// Whether a worker analyses long texts (`crate::analysis_client`). While it does, a text it should
    /// analyse is [`State::analysis_pending`], and `crate::hooks::analysis` sends it.
    pub worker: bool,
    /// Texts replaced by destructive actions, most recent last.
    pub history: Vec<UndoEntry>,
    /// True right after a destructive action until the user types: Ctrl+Z then undoes that action.
    pub undo_armed: bool,
    pub panel: Panel,
    pub view: View,
    pub theme: String,
    /// A one-line message for the status area.
    pub notice: Option<String>,
    /// Why the latest text has no analysis (the panels say so instead of showing an older one).
    pub unanalysed: Option<Unanalysed>,
    /// The layer estimate's size tables, fetched after the first analysis.
    pub size_data: SizeData,
}

/// Why the page does not analyse the text it holds. The text itself is always kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unanalysed {
    /// Over [`MAX_INPUT_BYTES`].
    TooLarge { bytes: usize },
    /// Over [`ON_PAGE_MAX_BYTES`] with no worker to analyse it (it failed, or embed mode has none).
    NoWorker,
}

impl Unanalysed {
    pub fn message(self) -> String {
        match self {
            Unanalysed::TooLarge { bytes } => format!(
                "Not analysed: this text is {}, and the lab analyses up to {} (the Dockerfile and its context \
                 files together). Your text is kept; the command-line `dflab` has no such limit.",
                human_bytes(bytes as u64),
                human_bytes(MAX_INPUT_BYTES as u64)
            ),
            Unanalysed::NoWorker => format!(
                "Not analysed: texts over {} KB are analysed in a background worker, so that the page never \
                 freezes, and no worker is running here (it failed to start or stopped). Your text is kept; \
                 reload the page to try again.",
                ON_PAGE_MAX_BYTES / 1000
            ),
        }
    }
}

impl State {
    /// The page's first state: a short text is analysed at once (its panels are in the first render); a
    /// long one goes to the worker, and the panels say "Analysing…" until it answers.
    pub fn new(snapshot: Snapshot, history: Vec<UndoEntry>, theme: String, panel: Panel, worker: bool) -> Self {
        let state = State {
            source: snapshot.source,
            options: snapshot.options,
            analysis: Rc::new(Analysis::default()),
            revision: 0,
            analysis_ms: 0.0,
            input_seq: 0,
            analysis_seq: 0,
            worker,
            undo_armed: !history.is_empty(),
            history,
            panel,
            view: View::Lab,
            theme,
            notice: None,
            unanalysed: None,
            size_data: SizeData::Loading,
        };
        state.analysis_requested(true)
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            source: self.source.clone(),
            options: self.options.clone(),
            panel: Some(self.panel.key().to_string()),
        }
    }

    /// The analysis the panels and the editor show: none while the text has none (too large, or no worker),
    /// since an analysis of an earlier text would mark the wrong lines and count the wrong findings.
    pub fn shown_analysis(&self) -> Rc<Analysis> {
        match self.unanalysed {
            Some(_) => Rc::new(Analysis::default()),
            None => self.analysis.clone(),
        }
    }

    /// Whether the shown analysis is of an older text than the editor's (the worker has the latest).
    pub fn analysis_pending(&self) -> bool {
        self.unanalysed.is_none() && self.analysis_seq != self.input_seq
    }

    /// Whether no analysis has been shown yet (the first is on its way from the worker).
    pub fn awaiting_first(&self) -> bool {
        self.analysis_seq == 0 && self.unanalysed.is_none()
    }

    /// After a discrete action (a click: example, undo, rewrite, opt-in): a short text is analysed at once, so
    /// the new text and its panels appear in the same frame.
    fn reanalyzed(self) -> Self {
        self.analysis_requested(true)
    }

    /// After typing: the worker analyses while the page renders the keystroke, unless the text is short and
    /// its last analysis was fast (then at once, in the keystroke's own render).
    fn typed(self) -> Self {
        self.analysis_requested(false)
    }

    /// Numbers the current text and has it analysed: on the page only when it is short (bounded time, never
    /// a freeze), otherwise by the worker (left pending, for the analysis hook to send); with no worker a long
    /// text is kept unanalysed and the panels say why. Nothing above [`MAX_INPUT_BYTES`] is analysed at all.
    fn analysis_requested(mut self, prefer_on_page: bool) -> Self {
        self.input_seq += 1;
        let seq = self.input_seq;
        self.unanalysed = None;
        let bytes = input_bytes(&self.source, &self.options);
        if bytes > MAX_INPUT_BYTES {
            self.unanalysed = Some(Unanalysed::TooLarge { bytes });
            return self;
        }
        let short = bytes < ON_PAGE_MAX_BYTES;
        if short && (prefer_on_page || self.analysis_ms < WORKER_FROM_MS || !self.worker) {
            return self.analyzed_here(seq);
        }
        if !self.worker {
            self.unanalysed = Some(Unanalysed::NoWorker);
        }
        self
    }

    fn analyzed_here(self, seq: u64) -> Self {
        let (analysis, ms) = timed_analyze(&self.source, &self.options);
        self.shown(seq, analysis, ms)
    }

    fn shown(mut self, seq: u64, analysis: Rc<Analysis>, ms: f64) -> Self {
        self.analysis = analysis;
        self.analysis_ms = ms;
        self.analysis_seq = seq;
        self.revision += 1;
        self
    }
}

/// The most input (Dockerfile and context files, in UTF-8 bytes) the page analyses: 2 MB is about 80,000
/// lines, far beyond any real Dockerfile, and its analysis stays within a worker's memory (`docs/scaling.md`).
/// Above it the page keeps the text and says it is too large (issue #20).
pub const MAX_INPUT_BYTES: usize = 2_000_000;

/// The most input the page analyses on its own thread (about 1,000 lines: tens of milliseconds at worst,
/// since the analysis is linear in the text). Anything longer goes to the worker, so a long paste, link or
/// autosaved text can never freeze the page.
pub const ON_PAGE_MAX_BYTES: usize = 32 * 1024;

/// Short texts whose last analysis took under this (one frame: the rule) are analysed on the page even
/// when there is a worker: the panels then update in the keystroke's own render, where a worker round trip and
/// a second render measured slower and blocked no less (300 lines, `docs/web.md`).
const WORKER_FROM_MS: f64 = 16.0;

/// The bytes the analysis reads: the Dockerfile and the context files.
pub fn input_bytes(source: &str, options: &Options) -> usize {
    let context = &options.context;
    source.len()
        + [
            &context.requirements_txt,
            &context.pyproject_toml,
            &context.dockerignore,
        ]
        .into_iter()
        .flatten()
        .map(String::len)
        .sum::<usize>()
        + context.files.iter().flatten().map(|f| f.len() + 1).sum::<usize>()
}

fn timed_analyze(source: &str, options: &Options) -> (Rc<Analysis>, f64) {
    let started = now();
    let analysis = Rc::new(analyze(source, options));
    (analysis, now() - started)
}

pub enum Action {
    /// The user typed.
    Edit(String),
    /// A destructive replacement of the whole text (example, rewrite, shared link), undoable.
    Replace {
        source: String,
        label: String,
        /// New options too (a shared link carries them); `None` keeps the current ones.
        options: Option<Box<Options>>,
    },
    /// Restores the text before the last destructive action.
    Undo,
    /// Turns an opt-in change group on or off.
    SetOptIn {
        id: String,
        on: bool,
    },
    /// Sets a companion file; empty text means "not provided".
    SetContext(ContextFile, String),
    /// The worker's analysis of text number `seq`; dropped unless that is still the latest.
    Analyzed {
        seq: u64,
        analysis: Rc<Analysis>,
        ms: f64,
    },
    /// The worker failed: short texts are analysed on the page from now on, long ones not at all.
    WorkerFailed,
    /// The size tables arrived (installed on the page and sent to the worker) or could not be had.
    SizeData(SizeData),
    /// Turns a rule on or off (the catalog's settings): `ignore` and `extend_select` change as needed.
    SetRuleEnabled(&'static str, bool),
    /// Gives a rule a severity, or its own back (`None`).
    SetRuleSeverity(&'static str, Option<Severity>),
    ShowPanel(Panel),
    ShowView(View),
    SetTheme(String),
    Notice(Option<String>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(source) => {
                if source == self.source {
                    return self;
                }
                next.source = source;
                next.undo_armed = false;
                return Rc::new(next.typed());
            }
            Action::Replace { source, label, options } => {
                let replaced = options
                    .filter(|options| **options != self.options)
                    .map(|options| Box::new(std::mem::replace(&mut next.options, *options)));
                if source == self.source && replaced.is_none() {
                    return Rc::new(next.reanalyzed());
                }
                next.history.push(UndoEntry {
                    source: std::mem::replace(&mut next.source, source),
                    label: label.clone(),
                    options: replaced,
                });
                next.undo_armed = true;
                next.notice = Some(format!("Replaced the text ({label}). Undo restores it."));
                return Rc::new(next.reanalyzed());
            }
            Action::Undo => {
                let Some(entry) = next.history.pop() else {
                    return self;
                };
                next.source = entry.source;
                if let Some(options) = entry.options {
                    next.options = *options;
                }
                next.undo_armed = !next.history.is_empty();
                next.notice = Some(format!("Undone: {}.", entry.label));
                return Rc::new(next.reanalyzed());
            }
            Action::SetOptIn { id, on } => {
                next.options.opt_in.retain(|existing| existing != &id);
                if on {
                    next.options.opt_in.push(id);
                }
                return Rc::new(next.reanalyzed());
            }
            Action::SetRuleEnabled(code, on) => {
                let Some(rule) = dflab_core::rules::lookup(code) else {
                    return self;
                };
                let names_rule = |id: &String| dflab_core::rules::lookup(id).is_some_and(|r| std::ptr::eq(r, rule));
                next.options.ignore.retain(|id| !names_rule(id));
                next.options.extend_select.retain(|id| !names_rule(id));
                let by_default = dflab_core::rules::is_selected(rule, &next.options);
                if on && !by_default {
                    next.options.extend_select.push(rule.code.into());
                } else if !on && by_default {
                    next.options.ignore.push(rule.code.into());
                }
                if next.options == self.options {
                    return self;
                }
                return Rc::new(next.reanalyzed());
            }
            Action::SetRuleSeverity(code, severity) => {
                let Some(rule) = dflab_core::rules::lookup(code) else {
                    return self;
                };
                next.options
                    .severity
                    .retain(|id, _| !dflab_core::rules::lookup(id).is_some_and(|r| std::ptr::eq(r, rule)));
                if let Some(severity) = severity.filter(|s| *s != rule.severity) {
                    next.options.severity.insert(rule.code.into(), severity);
                }
                if next.options == self.options {
                    return self;
                }
                return Rc::new(next.reanalyzed());
            }
            Action::SetContext(file, text) => {
                let value = (!text.is_empty()).then_some(text);
                if file.get(&self.options) == value {
                    return self;
                }
                file.set(&mut next.options, value);
                return Rc::new(next.typed());
            }
            Action::Analyzed { seq, analysis, ms } => {
                if seq != self.input_seq {
                    return self;
                }
                return Rc::new(next.shown(seq, analysis, ms));
            }
            Action::SizeData(size_data) => {
                let ready = matches!(size_data, SizeData::Ready { .. });
                next.size_data = size_data;
                if ready {
                    return Rc::new(next.reanalyzed());
                }
            }
            Action::WorkerFailed => {
                next.worker = false;
                if self.analysis_pending() {
                    return Rc::new(next.reanalyzed());
                }
            }
            Action::ShowPanel(panel) => next.panel = panel,
            Action::ShowView(view) => next.view = view,
            Action::SetTheme(theme) => next.theme = theme,
            Action::Notice(notice) => next.notice = notice,
        }
        Rc::new(next)
    }
}
