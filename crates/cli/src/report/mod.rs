//! How `dflab check` prints findings: text for people, JSON lines for scripts, SARIF for code-scanning UIs,
//! Markdown for an issue or a pull-request comment.

pub mod jsonl;
pub mod layers;
pub mod markdown;
pub mod sarif;
pub mod text;

use dflab_core::Finding;

/// One analysed file, as every report format sees it.
pub struct Checked {
    /// Path as given, or `<stdin>`.
    pub path: String,
    pub source: String,
    pub findings: Vec<Finding>,
}
