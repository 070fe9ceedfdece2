//! Text reports quote the Dockerfile, and a Dockerfile can hold bytes a terminal obeys (ESC sequences that set
//! the window title or clear the screen, BEL, C1 controls). Reports for people go through [`TerminalSafe`],
//! which shows every control character except newline and tab as a visible escape, as rustc does. Output meant
//! to be redirected into a file (the rewritten Dockerfile, a lesson's starting file) is written as it is.

use std::io::{self, Write};

/// A writer that shows control characters as `\x1b`-style escapes (C0 except `\n` and `\t`, DEL, and C1).
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// The lead byte 0xC2 of a two-byte character split across writes (C1 controls are U+0080..U+009F).
    pending_c2: bool,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> Self {
        TerminalSafe {
            inner,
            pending_c2: false,
        }
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        for &byte in buf {
            if self.pending_c2 {
                self.pending_c2 = false;
                if (0x80..=0x9f).contains(&byte) {
                    out.extend_from_slice(format!("\\u{{{byte:x}}}").as_bytes());
                    continue;
                }
                out.push(0xc2);
            }
            match byte {
                0xc2 => self.pending_c2 = true,
                b'\n' | b'\t' => out.push(byte),
                0x00..=0x1f | 0x7f => out.extend_from_slice(format!("\\x{byte:02x}").as_bytes()),
                _ => out.push(byte),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.pending_c2) {
            self.inner.write_all(&[0xc2])?;
        }
        self.inner.flush()
    }
}

/// `text` as it shows through [`TerminalSafe`], with tabs as single spaces: one char per terminal column, so
/// that a pointer under a quoted line lines up.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            '\u{80}'..='\u{9f}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(text: &[u8], split: usize) -> String {
        let mut writer = TerminalSafe::new(Vec::new());
        writer.write_all(&text[..split]).unwrap();
        writer.write_all(&text[split..]).unwrap();
        writer.flush().unwrap();
        String::from_utf8(writer.inner).unwrap()
    }

    #[test]
    fn controls_become_visible_and_text_stays() {
        let text = "RUN echo \u{1b}]0;pwned\u{7}\u{1b}[2J é\u{9b}31m\tend\n".as_bytes();
        for split in 0..text.len() {
            assert_eq!(
                safe(text, split),
                "RUN echo \\x1b]0;pwned\\x07\\x1b[2J é\\u{9b}31m\tend\n",
                "split {split}"
            );
        }
    }
}
