//! localStorage, wrapped: every call is best effort (storage may be full, disabled or forbidden in an
//! iframe), and embed mode never writes it (the [`Storage`] handle is built with `persist = false`).

use crate::url_state::{from_records, to_records, Snapshot};

const TEXT_KEY: &str = "dflab.autosave.v1";
const THEME_KEY: &str = "dflab.theme";

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Storage {
    pub persist: bool,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Storage {
    pub fn load_snapshot(self) -> Option<Snapshot> {
        from_records(&local()?.get_item(TEXT_KEY).ok()??)
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
