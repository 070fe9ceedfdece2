//! Page state as a reducer: every change is an [`Action`], so components stay pure views.

use std::rc::Rc;

use dflab_core::{analyze, Analysis, Options};
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub source: String,
    pub options: Options,
    /// Recomputed on every edit: analysis is fast enough to run per keystroke (measured in the e2e run).
    pub analysis: Rc<Analysis>,
}

impl State {
    pub fn new(source: String) -> Self {
        let options = Options::default();
        let analysis = Rc::new(analyze(&source, &options));
        State {
            source,
            options,
            analysis,
        }
    }
}

pub enum Action {
    Edit(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(source) if source == self.source => self,
            Action::Edit(source) => {
                let analysis = Rc::new(analyze(&source, &self.options));
                Rc::new(State {
                    source,
                    options: self.options.clone(),
                    analysis,
                })
            }
        }
    }
}
