//! The full page's header: the name, what the page promises, and the toolbar.

use std::rc::Rc;

use yew::prelude::*;

use super::super::dispatch_on;
use super::super::share::use_share;
use super::super::toolbar::{toolbar, ToolbarProps};
use crate::lessons::{LessonAction, LessonsState};
use crate::state::{Action, State, View};
use crate::storage::{Draft, Storage};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub page: UseReducerHandle<State>,
    pub lessons: UseReducerHandle<LessonsState>,
    pub drafts: Rc<Vec<Draft>>,
    pub on_example: Callback<usize>,
    pub storage: Storage,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let page = &props.page;
    let share = use_share();
    let on_restore = {
        let (dispatcher, drafts) = (page.dispatcher(), props.drafts.clone());
        Callback::from(move |index: usize| {
            if let Some(draft) = drafts.get(index) {
                dispatcher.dispatch(Action::Replace {
                    source: draft.snapshot.source.clone(),
                    label: "restore a draft".into(),
                    options: Some(Box::new(draft.snapshot.options.clone())),
                });
            }
        })
    };
    let on_theme = {
        let (dispatcher, dark, storage) = (page.dispatcher(), page.theme == "dark", props.storage);
        Callback::from(move |()| {
            let theme = if dark { "light" } else { "dark" };
            storage.save_theme(theme);
            dispatcher.dispatch(Action::SetTheme(theme.into()));
        })
    };
    let on_lessons = {
        let (dispatcher, lessons, open) = (page.dispatcher(), props.lessons.dispatcher(), props.lessons.open);
        Callback::from(move |()| {
            dispatcher.dispatch(Action::ShowView(View::Lab));
            lessons.dispatch(LessonAction::Open(!open));
        })
    };
    html! {
        <header class="app-header">
            <div class="brand">
                <h1>{ "Dockerfile Lab" }</h1>
                <p class="tagline">
                    { "Findings, a safer rewrite and a layer estimate for your Dockerfile. " }
                    <strong>{ "Runs in your browser: nothing you paste is sent anywhere." }</strong>
                </p>
            </div>
            { toolbar(ToolbarProps {
                snapshot: page.snapshot(),
                share,
                undo_label: page.history.last().map(|entry| entry.label.clone()),
                on_undo: dispatch_on(page.dispatcher(), |()| Action::Undo),
                drafts: props.drafts.clone(),
                on_restore,
                on_example: props.on_example.clone(),
                theme: page.theme.clone().into(),
                on_theme,
                on_catalog: dispatch_on(page.dispatcher(), |()| Action::ShowView(View::Catalog(None))),
                lessons_open: props.lessons.open,
                on_lessons,
            }) }
        </header>
    }
}
