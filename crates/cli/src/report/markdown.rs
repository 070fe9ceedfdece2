//! The core's Markdown report (the same text as the page's "Copy as Markdown").

use std::io::{self, Write};

use super::Checked;
use dflab_core::markdown::{report, ReportFile};

pub fn write(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    let files: Vec<ReportFile> = files
        .iter()
        .map(|file| ReportFile {
            path: &file.path,
            source: &file.source,
            findings: &file.findings,
        })
        .collect();
    out.write_all(report(&files).as_bytes())
}
