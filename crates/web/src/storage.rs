//! localStorage, wrapped: every call is best effort (storage may be full, disabled or forbidden in an
//! iframe). Embed mode and a framed full app never write it, nor read the user's text (the [`Storage`]
//! handle is built with `persist = false`).
//!
//! Besides the autosaved text, the last [`MAX_DRAFTS`] texts that an action replaced (a shared link, an
//! example, a lesson, an applied rewrite) are kept as drafts, so opening a link never loses the user's own
//! text, even after the tab is closed (issue #20).

use crate::url_state::{from_records, to_records, Snapshot};

const TEXT_KEY: &str = "dflab.autosave.v1";
const THEME_KEY: &str = "dflab.theme";
const DRAFTS_KEY: &str = "dflab.drafts.v1";

/// How many replaced texts are kept.
pub const MAX_DRAFTS: usize = 5;
/// Drafts longer than this are not kept: localStorage holds about 5 MB per site, shared with the autosave.
const MAX_DRAFT_BYTES: usize = 256 * 1024;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Storage {
    pub persist: bool,
}

/// A text the user had before an action replaced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// When it was replaced, in milliseconds since the epoch.
    pub replaced_at: u64,
    pub snapshot: Snapshot,
}

/// Drafts as stored: `<replaced_at> <records length>:<records>` repeated, newest first.
pub fn drafts_to_text(drafts: &[Draft]) -> String {
    let mut out = String::new();
    for draft in drafts {
        let records = to_records(&draft.snapshot);
        out.push_str(&format!("{} {}:{records}", draft.replaced_at, records.len()));
    }
    out
}

/// The drafts of [`drafts_to_text`]; what cannot be read is dropped, never an error.
pub fn drafts_from_text(mut text: &str) -> Vec<Draft> {
    let mut drafts = Vec::new();
    while let Some((head, rest)) = text.split_once(':') {
        let Some((at, length)) = head.split_once(' ') else {
            break;
        };
        let (Ok(replaced_at), Ok(length)) = (at.parse::<u64>(), length.parse::<usize>()) else {
            break;
        };
        let Some(records) = rest.get(..length) else { break };
        if let Some(snapshot) = from_records(records) {
            drafts.push(Draft { replaced_at, snapshot });
        }
        text = &rest[length..];
    }
    drafts
}

/// `drafts` with `snapshot` first (an older copy of the same text moves up), at most [`MAX_DRAFTS`].
pub fn with_draft(mut drafts: Vec<Draft>, snapshot: &Snapshot, replaced_at: u64) -> Vec<Draft> {
    if snapshot.source.trim().is_empty() || snapshot.source.len() > MAX_DRAFT_BYTES {
        return drafts;
    }
    drafts.retain(|draft| draft.snapshot.source != snapshot.source);
    drafts.insert(
        0,
        Draft {
            replaced_at,
            snapshot: snapshot.clone(),
        },
    );
    drafts.truncate(MAX_DRAFTS);
    drafts
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Storage {
    /// The autosaved text; `None` where the page must not read it (embed mode, framed).
    pub fn load_snapshot(self) -> Option<Snapshot> {
        if !self.persist {
            return None;
        }
        from_records(&local()?.get_item(TEXT_KEY).ok()??)
    }

    pub fn load_drafts(self) -> Vec<Draft> {
        match self.persist.then(local).flatten() {
            Some(storage) => drafts_from_text(&storage.get_item(DRAFTS_KEY).ok().flatten().unwrap_or_default()),
            None => Vec::new(),
        }
    }

    /// Keeps a replaced text as the newest draft; returns the drafts now kept.
    pub fn keep_draft(self, snapshot: &Snapshot, replaced_at: u64) -> Vec<Draft> {
        let drafts = with_draft(self.load_drafts(), snapshot, replaced_at);
        if self.persist {
            if let Some(storage) = local() {
                let _ = storage.set_item(DRAFTS_KEY, &drafts_to_text(&drafts));
            }
        }
        drafts
    }

    pub fn save_snapshot(self, snapshot: &Snapshot) {
        if self.persist {
            if let Some(storage) = local() {
                let _ = storage.set_item(TEXT_KEY, &to_records(snapshot));
            }
        }
    }

    /// Any other value (lesson progress, `crate::lessons`).
    pub fn load(self, key: &str) -> Option<String> {
        local()?.get_item(key).ok()?
    }

    pub fn save(self, key: &str, value: &str) {
        if self.persist {
            if let Some(storage) = local() {
                let _ = storage.set_item(key, value);
            }
        }
    }

    pub fn load_theme(self) -> Option<String> {
        local()?.get_item(THEME_KEY).ok()?
    }

    pub fn save_theme(self, theme: &str) {
        if self.persist {
            if let Some(storage) = local() {
                let _ = storage.set_item(THEME_KEY, theme);
            }
        }
    }
}
