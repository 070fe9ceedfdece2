//! Helpers shared by the correctness rules.

use crate::rules::Context;
use crate::syntax::model::{Base, Stage};
use crate::syntax::Instruction;

/// Whether the image the instruction runs in is Windows (by its root base image name).
pub fn is_windows(context: &Context, at: usize) -> bool {
    let Some(stage) = context.model.stage_of(at).map(|s| &context.model.stages[s]) else {
        return false;
    };
    match context.root_base(stage) {
        Base::Image { reference, .. } => {
            let r = reference.to_ascii_lowercase();
            r.contains("windows") || r.contains("servercore") || r.contains("nanoserver")
        }
        _ => false,
    }
}

/// Whether RUN at `at` runs in a POSIX shell (the default `/bin/sh`, or a SHELL naming sh/bash/ash/dash/zsh).
pub fn posix_shell(context: &Context, at: usize) -> bool {
    if is_windows(context, at) {
        return false;
    }
    match context.shell_at(at) {
        None => true,
        Some(words) => words.first().is_some_and(|program| {
            matches!(
                crate::shell::basename(program),
                "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox"
            )
        }),
    }
}

/// For each stage, every `keyword` instruction that a later one in the same stage overrides, with the
/// instruction that wins.
pub fn overridden<'a>(context: &Context<'a>, keyword: &str) -> Vec<(&'a Instruction, &'a Instruction)> {
    let mut found = Vec::new();
    for stage in &context.model.stages {
        let all: Vec<&Instruction> = context
            .stage_instructions(stage)
            .map(|(_, i)| i)
            .filter(|i| i.keyword == keyword)
            .collect();
        if let Some((last, earlier)) = all.split_last() {
            found.extend(earlier.iter().map(|e| (*e, *last)));
        }
    }
    found
}

/// Hits for instructions overridden later in their stage.
pub fn overridden_hits(context: &Context, keyword: &str, hits: &mut Vec<crate::rules::Hit>) {
    for (earlier, last) in overridden(context, keyword) {
        hits.push(crate::rules::Hit::new(
            earlier.span,
            format!(
                "this `{keyword}` has no effect: the `{keyword}` on line {} in the same stage replaces it",
                last.start_line
            ),
        ));
    }
}

/// The words of a command line that has no shell syntax at all (no quotes, variables, operators, globs or
/// redirects), so it means the same in exec form.
pub fn plain_words(text: &str) -> Option<Vec<&str>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let plain = |w: &str| {
        w.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'_' | b'.' | b'/' | b':' | b'=' | b'@' | b'%' | b'+' | b',' | b'-')
        })
    };
    (!words.is_empty() && words.iter().all(|w| plain(w))).then_some(words)
}

/// `["a", "b"]` for plain words.
pub fn json_array(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Whether the stage's root image has no shell and no user database: `scratch`, distroless `static`/`base`
/// (non-debug) and Chainguard `static`.
pub fn shell_less(context: &Context, stage: &Stage) -> bool {
    match context.root_base(stage) {
        Base::Scratch => true,
        Base::Image { image, .. } => {
            let debug = image.tag.as_deref().is_some_and(|t| t.contains("debug"));
            let distroless = image.registry.as_deref() == Some("gcr.io") && image.repository.starts_with("distroless/");
            let chainguard = image.registry.as_deref() == Some("cgr.dev") && image.repository.ends_with("/static");
            (distroless || chainguard) && !debug
        }
        Base::Stage { .. } => false,
    }
}

/// Whether a COPY/ADD before `at` (in the stage or the stages it is built on) writes to a destination for
/// which `touches` holds, or is an ADD (which may unpack a whole root filesystem).
pub fn copied_before(context: &Context, at: usize, touches: impl Fn(&str) -> bool) -> bool {
    context.inherited_before(at).iter().any(|(_, i)| {
        i.keyword == "ADD"
            || i.as_copy()
                .and_then(|c| c.destination)
                .is_some_and(|d| touches(&d.value))
    })
}
