//! What BuildKit's own parser makes of a file, in the shapes its tools print: the per-instruction
//! oracle records (`buildkit-oracle.jsonl`) and the S-expression AST dump of its parser tests.

use serde::Serialize;

use super::tree::{Arguments, Dockerfile, Instruction};

/// One instruction as the `dockerfile` Python binding of BuildKit's parser reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OracleInstruction {
    pub cmd: String,
    pub sub_cmd: Option<String>,
    pub json: bool,
    pub flags: Vec<String>,
    pub value: Vec<String>,
    pub start_line: u32,
    pub end_line: u32,
    pub original: String,
    pub heredocs: Vec<OracleHeredoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OracleHeredoc {
    pub name: String,
    pub fd: u32,
    pub content: String,
}

/// A whole file: `{"file", "ok": true, "instructions"}` or `{"file", "ok": false, "error"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OracleFile {
    pub file: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Vec<OracleInstruction>>,
    /// BuildKit's error message (the binding prefixes it with `GoParseError: `).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The instructions of a file in oracle form; `Err` with BuildKit's message when BuildKit rejects the file.
pub fn dump(tree: &Dockerfile) -> Result<Vec<OracleInstruction>, String> {
    if let Some(diagnostic) = tree.rejected() {
        return Err(diagnostic.message.clone());
    }
    Ok(tree.instructions().map(oracle_instruction).collect())
}

/// [`dump`] wrapped in the file-level record.
pub fn dump_file(file: &str, tree: &Dockerfile) -> OracleFile {
    match dump(tree) {
        Ok(instructions) => OracleFile {
            file: file.to_string(),
            ok: true,
            instructions: Some(instructions),
            error: None,
        },
        Err(error) => OracleFile {
            file: file.to_string(),
            ok: false,
            instructions: None,
            error: Some(error),
        },
    }
}

fn oracle_instruction(instruction: &Instruction) -> OracleInstruction {
    // The binding reads values and heredocs from ONBUILD's trigger, which has no heredocs of its own.
    let (sub_cmd, target) = match &instruction.arguments {
        Arguments::Sub(sub) => (Some(sub.keyword_text.clone()), &**sub),
        _ => (None, instruction),
    };
    let mut original = instruction.original.clone();
    if !target.heredocs.is_empty() {
        original.push('\n');
        for heredoc in &target.heredocs {
            original.push_str(&heredoc.content);
            original.push_str(&heredoc.name);
            original.push('\n');
        }
    }
    OracleInstruction {
        cmd: instruction.keyword_text.clone(),
        sub_cmd,
        json: target.is_json(),
        flags: instruction.flags.iter().map(|f| f.raw.clone()).collect(),
        value: target.values(),
        start_line: instruction.start_line,
        end_line: instruction.end_line,
        original,
        heredocs: target
            .heredocs
            .iter()
            .map(|h| OracleHeredoc {
                name: h.name.clone(),
                fd: h.fd,
                content: h.content.clone(),
            })
            .collect(),
    }
}

/// BuildKit's `Node.Dump()` for the whole file, one `(cmd ...)` line per instruction, as in its parser
/// test fixtures (`testfiles/*/result`). ENV and LABEL pairs carry their separator (`=` or empty) there.
pub fn ast_dump(tree: &Dockerfile) -> String {
    let mut out = String::new();
    for instruction in tree.instructions() {
        out.push('(');
        out.push_str(&node_dump(instruction));
        out.push_str(")\n");
    }
    out
}

fn node_dump(instruction: &Instruction) -> String {
    let mut out = instruction.keyword_text.to_lowercase();
    if !instruction.flags.is_empty() {
        let flags: Vec<String> = instruction.flags.iter().map(|f| go_quote(&f.raw)).collect();
        out.push_str(&format!(" [{}]", flags.join(" ")));
    }
    let mut values = Vec::new();
    match &instruction.arguments {
        Arguments::Sub(sub) => values.push(format!("({})", node_dump(sub))),
        Arguments::Pairs(pairs) => {
            for pair in pairs {
                values.push(go_quote(&pair.key.value));
                values.push(go_quote(&pair.value.value));
                values.push(go_quote(if pair.equals { "=" } else { "" }));
            }
        }
        other => values.extend(super::tree::arguments_values(other).iter().map(|v| go_quote(v))),
    }
    for value in values {
        out.push(' ');
        out.push_str(&value);
    }
    out.trim().to_string()
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the
/// ASCII space; not controls, format characters, other spaces, or unassigned code points.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF
        | 0xF0000..=0x10FFFF | 0xE0001 | 0xE0020..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("\0\t é"), r#""\x00\t é""#);
        assert_eq!(go_quote("\u{200b}"), r#""\u200b""#);
    }

    #[test]
    fn dumps_the_ast_like_buildkit() {
        let tree = super::super::parse("FROM a\nENV x=1 y=2\nONBUILD RUN [\"a\"]\nCOPY --from=b c d\n");
        assert_eq!(
            ast_dump(&tree),
            "(from \"a\")\n(env \"x\" \"1\" \"=\" \"y\" \"2\" \"=\")\n(onbuild (run \"a\"))\n(copy [\"--from=b\"] \"c\" \"d\")\n"
        );
    }
}
