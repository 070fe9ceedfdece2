//! Workshop lessons in the page: reading a pack (fetched from the page's own address or read from a file),
//! the learner's progress, and the lesson view's state, a reducer of its own so `state.rs` stays about the
//! editor. The goal is checked by the core (`dflab_core::lessons`), exactly as `dflab lesson check` does.

use std::rc::Rc;

use dflab_core::lessons::{
    check_goal, validate_pack, without_suppressions, GoalReport, Lesson, LessonContext, LessonPack,
};
use dflab_core::{Analysis, Options};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::Reducible;

/// The pack shipped with the app, fetched the first time the lesson view opens (never at page load).
pub const SHIPPED_PACK: &str = "static/lessons/python.json";

/// Reads and validates a pack: the core's JSON reader into [`LessonPack`] (unknown fields are errors, named
/// with their path and position), then [`validate_pack`]. Every problem is a message for the page, never a
/// panic.
pub fn parse_pack(text: &str) -> Result<LessonPack, String> {
    checked(LessonPack::from_json(text)?)
}

/// The pack when [`validate_pack`] finds nothing wrong, else its problems in one message.
pub fn checked(pack: LessonPack) -> Result<LessonPack, String> {
    let problems = validate_pack(&pack);
    if problems.is_empty() {
        Ok(pack)
    } else {
        Err(problems.join("; "))
    }
}

/// The text of a pack at `address` (relative to the page), which must be on the page's own host: the page
/// sends nothing anywhere, so another host is refused here, before the CSP would block it.
pub async fn fetch_text(address: &str) -> Result<String, String> {
    let window = gloo::utils::window();
    let location = window.location();
    let origin = location.origin().unwrap_or_default();
    let url = web_sys::Url::new_with_base(address, &location.href().unwrap_or_default())
        .map_err(|_| format!("`{address}` is not an address"))?;
    if url.origin() != origin {
        return Err(format!(
            "`{address}` is on another host. Packs load only from this page's own host ({origin}): \
             nothing leaves the page, so other hosts are blocked. Host the pack next to the app."
        ));
    }
    let response = JsFuture::from(window.fetch_with_str(&url.href()))
        .await
        .map_err(|e| js_message(&e))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = response.text().map_err(|e| js_message(&e))?;
    let text = JsFuture::from(text).await.map_err(|e| js_message(&e))?;
    Ok(text.as_string().unwrap_or_default())
}

/// The text of a file the user picked.
pub async fn file_text(file: web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await.map_err(|e| js_message(&e))?;
    Ok(text.as_string().unwrap_or_default())
}

fn js_message(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => error.as_string().unwrap_or_default(),
    }
}

/// `options` with the build-context files of a lesson (what loading a lesson puts in the context tabs).
pub fn with_context(options: &Options, context: &LessonContext) -> Options {
    let mut options = options.clone();
    options.context.requirements_txt = context.requirements_txt.clone();
    options.context.pyproject_toml = context.pyproject_toml.clone();
    options.context.dockerignore = context.dockerignore.clone();
    options
}

/// The learner's context files, as a lesson's context.
pub fn lesson_context(options: &Options) -> LessonContext {
    let context = &options.context;
    LessonContext {
        requirements_txt: context.requirements_txt.clone(),
        pyproject_toml: context.pyproject_toml.clone(),
        dockerignore: context.dockerignore.clone(),
    }
}

/// The goal report for the editor's text and context files: always what `Lesson::check` (and so
/// `dflab lesson check`) reports. The page's own analysis is reused when it was made the same way (no
/// suppression comment to blank, no rule selection or re-grading carried by a shared link; opt-in fixes only
/// change the rewrite); otherwise the lesson's own analysis is made.
pub fn goal_report(lesson: &Lesson, source: &str, options: &Options, analysis: &Analysis) -> GoalReport {
    let same_analysis = options.select.is_empty()
        && options.ignore.is_empty()
        && options.severity.is_empty()
        && options.context.context_copy_bytes.is_none()
        && without_suppressions(source) == source;
    if same_analysis {
        check_goal(&lesson.goal, analysis)
    } else {
        lesson.check(source, &lesson_context(options)).1
    }
}

/// The localStorage key of a pack's progress: one per pack title, so two packs never mix their lessons.
pub fn progress_key(pack_title: &str) -> String {
    format!("dflab.lessons.done.v1:{pack_title}")
}

/// The localStorage key of the lesson last opened, so a reload resumes it instead of resetting the editor.
pub const CURRENT_KEY: &str = "dflab.lessons.current.v1";

/// Stored progress: the done lesson ids, one per line (ids are `a-z`, `0-9` and `-`).
pub fn encode_done(done: &[String]) -> String {
    done.join("\n")
}

/// The done lessons of `pack` in stored progress, each once; ids the pack no longer has are dropped. (A
/// `Vec`: a pack has a dozen lessons, and a set type would add code to the bundle for nothing.)
pub fn decode_done(text: &str, pack: &LessonPack) -> Vec<String> {
    let mut done: Vec<String> = Vec::new();
    for id in text.lines() {
        if pack.lessons.iter().any(|lesson| lesson.id == id) && !done.iter().any(|d| d == id) {
            done.push(id.into());
        }
    }
    done
}

/// The value of [`CURRENT_KEY`] for a lesson of a pack.
pub fn current_marker(pack_title: &str, id: &str) -> String {
    format!("{pack_title}\n{id}")
}

/// The next (or previous) index in a list of `count` items, wrapping around; from nothing, the first (last).
pub fn cycle(current: Option<usize>, count: usize, forward: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    Some(match (current, forward) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    })
}

/// A loaded pack, compared by identity: a pack never changes once loaded, and comparing lessons field by field
/// (effect dependencies, props) would cost time and bundle size for nothing.
#[derive(Clone, Debug)]
pub struct Pack(pub Rc<LessonPack>);

impl PartialEq for Pack {
    fn eq(&self, other: &Pack) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Pack {
    type Target = LessonPack;
    fn deref(&self) -> &LessonPack {
        &self.0
    }
}

/// A lesson the page should go to once the pack is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub id: String,
    /// Keep the editor's text when this lesson was the one last open (a reload of `#lesson=<id>`).
    pub resume: bool,
}

/// The lesson view: whether it is open, the pack, the lesson shown and how much of it is revealed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonsState {
    pub open: bool,
    pub pack: Option<Pack>,
    /// What is being loaded (a file name or an address), while it is.
    pub loading: Option<String>,
    /// Why the last pack could not be loaded.
    pub error: Option<String>,
    pub current: Option<usize>,
    /// A lesson asked for (deep link, list, next/previous, presenter keys), gone to once the pack is loaded.
    pub wanted: Option<Wanted>,
    pub hints_shown: usize,
    pub solution_shown: bool,
    /// Ids of the lessons of this pack the learner completed, in the order they were done.
    pub done: Vec<String>,
    /// The latest news for screen readers (an aria-live region).
    pub announcement: String,
}

impl LessonsState {
    /// Opened by the page's address: `#lessons`, `#lesson=<id>`, or a pack handed out with `?lessons=`.
    pub fn opened(wanted: Option<Wanted>) -> Self {
        LessonsState {
            open: true,
            wanted,
            ..Self::default()
        }
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.done.iter().any(|done| done == id)
    }

    pub fn lesson(&self) -> Option<&Lesson> {
        self.pack.as_ref()?.lessons.get(self.current?)
    }

    /// The hash the page shows for this view: `lesson=<id>`, `lessons`, or none when closed.
    pub fn hash(&self) -> Option<String> {
        if !self.open {
            return None;
        }
        let id = self
            .wanted
            .as_ref()
            .map(|w| w.id.as_str())
            .or(self.lesson().map(|l| l.id.as_str()));
        Some(id.map_or_else(|| "lessons".to_string(), |id| format!("lesson={id}")))
    }
}

pub enum LessonAction {
    Open(bool),
    /// Go to a lesson by id (it waits for the pack when needed).
    Go(Wanted),
    /// Go to the next (`true`) or previous lesson.
    Step(bool),
    Loading(String),
    /// A sound pack, with the progress stored for it.
    Loaded(Pack, Vec<String>),
    Failed(String),
    /// The wanted lesson is on screen (its text loaded unless resumed).
    Shown(usize),
    /// The wanted lesson is not in the pack.
    NotFound(String),
    ShowHint,
    ToggleSolution,
    Done(String),
    /// A done lesson's goal fails again once the text settles: it is no longer done.
    Undone(String),
}

impl Reducible for LessonsState {
    type Action = LessonAction;

    fn reduce(self: Rc<Self>, action: LessonAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LessonAction::Open(open) => next.open = open,
            LessonAction::Go(wanted) => {
                next.open = true;
                next.wanted = Some(wanted);
            }
            LessonAction::Step(forward) => {
                let Some(pack) = &self.pack else { return self };
                let Some(index) = cycle(self.current, pack.lessons.len(), forward) else {
                    return self;
                };
                next.wanted = Some(Wanted {
                    id: pack.lessons[index].id.clone(),
                    resume: false,
                });
            }
            LessonAction::Loading(what) => {
                next.loading = Some(what);
                next.error = None;
            }
            LessonAction::Loaded(pack, done) => {
                next.announcement = format!("Loaded the lesson pack {}.", pack.title);
                next.pack = Some(pack);
                next.done = done;
                next.loading = None;
                next.error = None;
                next.current = None;
                next.hints_shown = 0;
                next.solution_shown = false;
            }
            LessonAction::Failed(error) => {
                // The error is shown with role="alert", which screen readers announce.
                next.loading = None;
                next.error = Some(error);
                next.wanted = None;
            }
            LessonAction::Shown(index) => {
                next.wanted = None;
                if self.current != Some(index) {
                    next.current = Some(index);
                    next.hints_shown = 0;
                    next.solution_shown = false;
                }
            }
            LessonAction::NotFound(id) => {
                next.wanted = None;
                next.error = Some(format!("This pack has no lesson `{id}`."));
            }
            LessonAction::ShowHint => next.hints_shown += 1,
            LessonAction::ToggleSolution => next.solution_shown = !self.solution_shown,
            LessonAction::Done(id) => {
                if self.is_done(&id) {
                    return self;
                }
                let title = self.lesson().map_or(id.as_str(), |l| l.title.as_str());
                next.announcement = format!("Lesson done: {title}. Every check of its goal passes.");
                next.done.push(id);
            }
            LessonAction::Undone(id) => {
                if !self.is_done(&id) {
                    return self;
                }
                let title = self.lesson().map_or(id.as_str(), |l| l.title.as_str());
                next.announcement = format!("Lesson no longer done: {title}. A check of its goal fails again.");
                next.done.retain(|done| *done != id);
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> LessonPack {
        LessonPack::from_json(include_str!("../../../static/lessons/python.json")).unwrap()
    }

    #[test]
    fn the_goal_report_is_the_cores_whatever_the_page_options() {
        let pack = shipped();
        for lesson in &pack.lessons {
            for (source, context) in [
                (&lesson.start, &lesson.context),
                (&lesson.solution, lesson.solution_context()),
            ] {
                let expected = lesson.check(source, context).1;
                // Opt-in fixes on (they change only the rewrite): the page's analysis is reused.
                let mut options = context.options();
                options.opt_in = vec!["all".into()];
                let analysis = dflab_core::analyze(source, &options);
                assert_eq!(
                    goal_report(lesson, source, &options, &analysis),
                    expected,
                    "{}",
                    lesson.id
                );
                // A shared link that ignores the lesson's rules cannot pass it.
                options.ignore = vec!["Y001".into(), "L001".into(), "S001".into()];
                let analysis = dflab_core::analyze(source, &options);
                assert_eq!(
                    goal_report(lesson, source, &options, &analysis),
                    expected,
                    "{}",
                    lesson.id
                );
            }
        }
    }

    #[test]
    fn a_suppression_comment_does_not_meet_the_goal() {
        let pack = shipped();
        let lesson = pack.lessons.iter().find(|l| l.id == "pip-no-cache").unwrap();
        let source = format!("# dflab ignore=Y001,L005\n{}", lesson.start);
        let options = lesson.context.options();
        let analysis = dflab_core::analyze(&source, &options);
        let report = goal_report(lesson, &source, &options, &analysis);
        assert!(!report.passed);
        assert!(
            report.checks[0].message.contains("Y001"),
            "{}",
            report.checks[0].message
        );
    }

    #[test]
    fn progress_round_trips_and_forgets_lessons_the_pack_lost() {
        let pack = shipped();
        let done = vec!["uv".to_string(), "cache-order".to_string()];
        assert_eq!(decode_done(&encode_done(&done), &pack), done);
        assert_eq!(decode_done("uv\nno-such-lesson\n\ncache-order\nuv", &pack), done);
        assert!(decode_done("", &pack).is_empty());
        assert_ne!(progress_key("Python"), progress_key("Go"));
    }

    #[test]
    fn next_and_previous_wrap_around() {
        assert_eq!(cycle(None, 3, true), Some(0));
        assert_eq!(cycle(None, 3, false), Some(2));
        assert_eq!(cycle(Some(2), 3, true), Some(0));
        assert_eq!(cycle(Some(0), 3, false), Some(2));
        assert_eq!(cycle(Some(1), 3, true), Some(2));
        assert_eq!(cycle(None, 0, true), None);
    }

    #[test]
    fn the_reducer_goes_to_a_wanted_lesson_and_records_completion_once() {
        let pack = Pack(Rc::new(shipped()));
        let want = |id: &str| Wanted {
            id: id.into(),
            resume: false,
        };
        let state = Rc::new(LessonsState::opened(Some(want("uv"))));
        assert_eq!(
            state.hash().as_deref(),
            Some("lesson=uv"),
            "the link stays while the pack loads"
        );
        let state = state.reduce(LessonAction::Loaded(pack.clone(), Vec::new()));
        assert_eq!(state.wanted, Some(want("uv")), "loading keeps what the link asked for");
        let uv = pack.lessons.iter().position(|l| l.id == "uv").unwrap();
        let state = state.reduce(LessonAction::ShowHint).reduce(LessonAction::Shown(uv));
        assert_eq!(
            (state.current, state.hints_shown, state.wanted.clone()),
            (Some(uv), 0, None)
        );
        let state = state.reduce(LessonAction::ShowHint).reduce(LessonAction::ShowHint);
        assert_eq!(state.hints_shown, 2);
        let state = state.reduce(LessonAction::Done("uv".into()));
        assert!(state.is_done("uv"));
        assert!(
            state.announcement.starts_with("Lesson done: Install with uv"),
            "{}",
            state.announcement
        );
        let again = state.clone().reduce(LessonAction::Done("uv".into()));
        assert!(Rc::ptr_eq(&state, &again), "a second completion changes nothing");
        let undone = state.clone().reduce(LessonAction::Undone("uv".into()));
        assert!(!undone.is_done("uv"));
        assert!(undone
            .announcement
            .starts_with("Lesson no longer done: Install with uv"));
        let still = undone.clone().reduce(LessonAction::Undone("uv".into()));
        assert!(
            Rc::ptr_eq(&undone, &still),
            "withdrawing a lesson not done changes nothing"
        );
        let state = state.reduce(LessonAction::Step(true));
        assert_eq!(
            state.wanted,
            Some(want(&pack.lessons[(uv + 1) % pack.lessons.len()].id))
        );
        let closed = state.reduce(LessonAction::Open(false));
        assert_eq!(closed.hash(), None);
    }
}
