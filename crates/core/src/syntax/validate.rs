//! BuildKit's instruction-level verdicts (`frontend/dockerfile/instructions`): the file parses, but the
//! build would stop here. Reported as [`DiagnosticKind::Build`] errors with BuildKit's messages.

use std::collections::HashSet;

use super::tree::{Arguments, DiagnosticKind, Dockerfile, Instruction, SyntaxDiagnostic};
use crate::analysis::Severity;
use crate::span::Span;
use crate::syntax::Keyword;

/// Flags each instruction accepts (current BuildKit, labs flags included).
fn allowed_flags(keyword: Keyword) -> &'static [&'static str] {
    match keyword {
        Keyword::From => &["platform"],
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Add => &[
            "chown",
            "chmod",
            "link",
            "keep-git-dir",
            "checksum",
            "exclude",
            "unpack",
        ],
        Keyword::Healthcheck => &["interval", "timeout", "start-period", "start-interval", "retries"],
        _ => &[],
    }
}

/// Flags that may be given more than once.
const REPEATABLE: [&str; 3] = ["mount", "exclude", "device"];
/// Flags that take no value (or `true`/`false`).
const BOOLEAN: [&str; 4] = ["link", "parents", "keep-git-dir", "unpack"];

pub(crate) fn check(tree: &Dockerfile) -> Vec<SyntaxDiagnostic> {
    let mut out = Vec::new();
    let mut stages: HashSet<String> = HashSet::new();
    let mut in_stage = false;
    for instruction in tree.instructions() {
        if instruction.keyword == Keyword::From {
            in_stage = true;
        } else if !in_stage && instruction.keyword != Keyword::Arg && instruction.keyword.is_known() {
            push(
                &mut out,
                "no build stage in current context".into(),
                instruction.keyword_span,
            );
            // BuildKit stops at the first one; one report is enough.
            in_stage = true;
        }
        check_instruction(instruction, &mut stages, &mut out);
    }
    out
}

fn push(out: &mut Vec<SyntaxDiagnostic>, message: String, span: Span) {
    out.push(SyntaxDiagnostic {
        kind: DiagnosticKind::Build,
        severity: Severity::Error,
        message,
        span,
    });
}

fn check_instruction(instruction: &Instruction, stages: &mut HashSet<String>, out: &mut Vec<SyntaxDiagnostic>) {
    let keyword = instruction.keyword;
    if !keyword.is_known() {
        push(
            out,
            format!("unknown instruction: {}", instruction.keyword_text),
            instruction.keyword_span,
        );
        return;
    }
    check_flags(instruction, out);
    let mut values = Vec::new();
    super::tree::value_refs(&instruction.arguments, &mut values);
    let count = values.len();
    let span = if instruction.arguments_span.start < instruction.arguments_span.end {
        instruction.arguments_span
    } else {
        instruction.keyword_span
    };
    let at_least_one = || format!("{keyword} requires at least one argument");
    match keyword {
        Keyword::From => {
            if count == 3 && values[1].eq_ignore_ascii_case("as") {
                let name = values[2].to_ascii_lowercase();
                let valid = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
                if !valid {
                    let message = format!(
                        "invalid name for build stage: {}, name can't start with a number or contain symbols",
                        super::buildkit::go_quote(values[2])
                    );
                    push(out, message, span);
                } else if !stages.insert(name) {
                    push(
                        out,
                        format!("duplicate stage name {}", super::buildkit::go_quote(values[2])),
                        span,
                    );
                }
            } else if count != 1 {
                push(out, "FROM requires either one or three arguments".into(), span);
            }
        }
        Keyword::Env | Keyword::Label => {
            if count == 0 {
                push(out, at_least_one(), span);
            } else if let Arguments::Pairs(pairs) = &instruction.arguments {
                if let Some(blank) = pairs.iter().find(|p| p.key.value.is_empty()) {
                    push(out, format!("{keyword} names can not be blank"), blank.key.span);
                }
            }
        }
        Keyword::Arg | Keyword::Expose | Keyword::Volume | Keyword::Onbuild if count == 0 => {
            push(out, at_least_one(), span)
        }
        Keyword::Maintainer | Keyword::Workdir | Keyword::User | Keyword::Stopsignal if count != 1 => {
            push(out, format!("{keyword} requires exactly one argument"), span)
        }
        Keyword::Copy | Keyword::Add => {
            if count < 2 {
                let message = format!(
                    "{keyword} requires at least two arguments, but only one was provided. Destination could not be determined"
                );
                push(out, message, span);
            } else if is_heredoc_word(values[count - 1]) && !instruction.is_json() {
                push(out, format!("{keyword} cannot accept a heredoc as a destination"), span);
            }
        }
        Keyword::Shell => {
            if count == 0 {
                push(out, at_least_one(), span);
            } else if !instruction.is_json() {
                push(out, "SHELL requires the arguments to be in JSON form".into(), span);
            }
        }
        Keyword::Healthcheck => check_healthcheck(instruction, &values, span, out),
        Keyword::Onbuild => {
            if let Arguments::Sub(sub) = &instruction.arguments {
                match sub.keyword {
                    Keyword::Onbuild => push(
                        out,
                        "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into(),
                        sub.keyword_span,
                    ),
                    Keyword::From | Keyword::Maintainer => push(
                        out,
                        format!("{} isn't allowed as an ONBUILD trigger", sub.keyword),
                        sub.keyword_span,
                    ),
                    _ => check_instruction(sub, &mut HashSet::new(), out),
                }
            }
        }
        _ => {}
    }
}

fn is_heredoc_word(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    word[digits..]
        .strip_prefix("<<")
        .map(|rest| rest.strip_prefix('-').unwrap_or(rest))
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('<'))
}

fn check_healthcheck(instruction: &Instruction, values: &[&str], span: Span, out: &mut Vec<SyntaxDiagnostic>) {
    let Some(kind) = values.first() else {
        push(out, "HEALTHCHECK requires at least one argument".into(), span);
        return;
    };
    match kind.to_ascii_uppercase().as_str() {
        "NONE" if values.len() > 1 => push(out, "HEALTHCHECK NONE takes no arguments".into(), span),
        "NONE" => {}
        "CMD" if values.len() == 1 => push(out, "Missing command after HEALTHCHECK CMD".into(), span),
        "CMD" => {
            if let Some(retries) = instruction.flag("retries").and_then(|f| f.value.as_deref()) {
                match retries.parse::<i64>() {
                    Ok(n) if n < 1 => push(out, format!("--retries must be at least 1 (not {n})"), span),
                    Ok(_) => {}
                    Err(_) => push(out, format!("invalid value for --retries: {retries}"), span),
                }
            }
        }
        other => push(out, format!("Unknown type \"{other}\" in HEALTHCHECK (try CMD)"), span),
    }
}

fn check_flags(instruction: &Instruction, out: &mut Vec<SyntaxDiagnostic>) {
    let allowed = allowed_flags(instruction.keyword);
    // One bit per allowed flag name: a line may carry thousands of flags.
    let mut seen = 0u32;
    for flag in &instruction.flags {
        let name = flag.name.as_str();
        if !flag.raw.starts_with("--") {
            push(out, format!("Arg {} is not a flag", flag.raw), flag.span);
            continue;
        }
        let Some(position) = allowed.iter().position(|a| *a == name) else {
            push(out, format!("unknown flag: {name}"), flag.span);
            continue;
        };
        if seen & (1 << position) != 0 && !REPEATABLE.contains(&name) {
            push(out, format!("Duplicate flag specified: {name}"), flag.span);
        }
        seen |= 1 << position;
        match (&flag.value, BOOLEAN.contains(&name)) {
            (None, false) => push(out, format!("missing a value on flag: {name}"), flag.span),
            (Some(value), true) if !matches!(value.to_ascii_lowercase().as_str(), "true" | "false" | "") => push(
                out,
                format!("expecting boolean value for flag {name}, not: {value}"),
                flag.span,
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::{parse, DiagnosticKind};

    fn build_errors(source: &str) -> Vec<String> {
        parse(source)
            .diagnostics
            .into_iter()
            .filter(|d| d.kind == DiagnosticKind::Build)
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn reports_buildkit_instruction_errors() {
        assert_eq!(
            build_errors("RUN x\nRUN y\nFROM a\n"),
            ["no build stage in current context"]
        );
        assert_eq!(build_errors("ARG A\nFROM a\n"), Vec::<String>::new());
        assert_eq!(
            build_errors("FROM a b\n"),
            ["FROM requires either one or three arguments"]
        );
        assert_eq!(
            build_errors("FROM a AS 1x\n"),
            ["invalid name for build stage: \"1x\", name can't start with a number or contain symbols"]
        );
        assert_eq!(
            build_errors("FROM a AS x\nFROM b AS X\n"),
            ["duplicate stage name \"X\""]
        );
        assert_eq!(build_errors("FROM a\nCOPY x\n").len(), 1);
        assert_eq!(
            build_errors("FROM a\nCOPY x <<EOF\nEOF\n"),
            ["COPY cannot accept a heredoc as a destination"]
        );
        assert_eq!(build_errors("FROM a\nCOPY --form=x a b\n"), ["unknown flag: form"]);
        assert_eq!(
            build_errors("FROM a\nCOPY --from a b\n"),
            ["missing a value on flag: from"]
        );
        assert_eq!(build_errors("FROM a\nCOPY --link --link=maybe a b\n").len(), 2);
        assert_eq!(
            build_errors("FROM a\nRUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b x\n").len(),
            0
        );
        assert_eq!(
            build_errors("FROM a\nSHELL sh -c\n"),
            ["SHELL requires the arguments to be in JSON form"]
        );
        assert_eq!(
            build_errors("FROM a\nHEALTHCHECK NONE x\n"),
            ["HEALTHCHECK NONE takes no arguments"]
        );
        assert_eq!(
            build_errors("FROM a\nHEALTHCHECK CMD\n"),
            ["Missing command after HEALTHCHECK CMD"]
        );
        assert_eq!(
            build_errors("FROM a\nHEALTHCHECK FOO x\n"),
            ["Unknown type \"FOO\" in HEALTHCHECK (try CMD)"]
        );
        assert_eq!(
            build_errors("FROM a\nONBUILD ONBUILD RUN x\n"),
            ["Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]
        );
        assert_eq!(
            build_errors("FROM a\nONBUILD FROM b\n"),
            ["FROM isn't allowed as an ONBUILD trigger"]
        );
        assert_eq!(
            build_errors("FROM a\nONBUILD COPY --bad=1 a b\n"),
            ["unknown flag: bad"]
        );
        assert_eq!(build_errors("FROM a\nUSER\nWORKDIR\nENV\nEXPOSE\n").len(), 4);
        assert_eq!(build_errors("FROM a\nBOGUS\n"), ["unknown instruction: BOGUS"]);
        assert!(
            build_errors("FROM python:3.12 AS build\nRUN --network=none x\nCOPY --from=build --chown=1:1 a b\n")
                .is_empty()
        );
    }
}
