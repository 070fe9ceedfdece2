//! Helpers shared by the correctness rules.

use crate::model::Model;
use crate::model::{Base, Stage};
use crate::syntax::Instruction;
use crate::syntax::Keyword;

/// Whether the image the instruction runs in is Windows (by its root base image name).
pub fn is_windows(model: &Model, at: usize) -> bool {
    let Some(stage) = model.build.stage_of(at).map(|s| &model.build.stages[s]) else {
        return false;
    };
    match model.root_base(stage) {
        Base::Image { reference, .. } => ["windows", "servercore", "nanoserver"]
            .iter()
            .any(|name| crate::ascii::contains_ignoring_case(reference, name)),
        _ => false,
    }
}

/// Whether RUN at `at` runs in a POSIX shell (the default `/bin/sh`, or a SHELL naming sh/bash/ash/dash/zsh).
pub fn posix_shell(model: &Model, at: usize) -> bool {
    if is_windows(model, at) {
        return false;
    }
    match model.shell_at(at) {
        None => true,
        Some(words) => words.first().is_some_and(|program| {
            matches!(
                crate::shell::basename(program),
                "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox"
            )
        }),
    }
}

/// Whether RUN at `at` runs in PowerShell (a SHELL naming `powershell` or `pwsh`): there `wget` and `curl`
/// can be aliases of `Invoke-WebRequest`, and Windows PowerShell rejects `&&`.
pub fn powershell(model: &Model, at: usize) -> bool {
    model.shell_at(at).is_some_and(|words| {
        words.first().is_some_and(|program| {
            let name = crate::shell::basename(program).to_ascii_lowercase();
            name.starts_with("powershell") || name.starts_with("pwsh")
        })
    })
}

/// For each stage, every `keyword` instruction that a later one in the same stage overrides, with the
/// instruction that wins.
pub fn overridden<'a>(model: &Model<'a>, keyword: Keyword) -> Vec<(&'a Instruction, &'a Instruction)> {
    let mut found = Vec::new();
    for stage in &model.build.stages {
        let all: Vec<&Instruction> = model
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
pub fn overridden_hits(model: &Model, keyword: Keyword, hits: &mut Vec<crate::rules::Hit>) {
    for (earlier, last) in overridden(model, keyword) {
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
pub fn shell_less(model: &Model, stage: &Stage) -> bool {
    match model.root_base(stage) {
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
pub fn copied_before(model: &Model, at: usize, touches: impl Fn(&str) -> bool) -> bool {
    model.inherited_before(at).iter().any(|(_, i)| {
        i.keyword == Keyword::Add
            || i.as_copy()
                .and_then(|c| c.destination)
                .is_some_and(|d| touches(&d.value))
    })
}

/// Environment variables the image configs of these official images define, so a `$NAME` of one of them is
/// set in a stage built on the image. `None` for other images (what they define is unknown, so rules
/// that look for undefined variables report nothing there).
///
/// The union over the images' versions, since the tag does not say which Dockerfile built it: the
/// `python` images set `PATH` (`/usr/local/bin` first), `LANG`, `GPG_KEY` and `PYTHON_VERSION`; newer ones
/// `PYTHON_SHA256`, older ones `PYTHON_PIP_VERSION`, `PYTHON_SETUPTOOLS_VERSION`, `PYTHON_GET_PIP_URL` and
/// `PYTHON_GET_PIP_SHA256`. The `node` images set `NODE_VERSION` and `YARN_VERSION` on top of the `PATH` of
/// the distribution image they are built on; `debian`, `ubuntu`, `alpine` and `busybox` set only `PATH`.
/// `scratch` defines nothing.
pub fn image_env(base: &Base) -> Option<&'static [&'static str]> {
    const PYTHON: &[&str] = &[
        "PATH",
        "LANG",
        "GPG_KEY",
        "PYTHON_VERSION",
        "PYTHON_SHA256",
        "PYTHON_PIP_VERSION",
        "PYTHON_SETUPTOOLS_VERSION",
        "PYTHON_GET_PIP_URL",
        "PYTHON_GET_PIP_SHA256",
    ];
    const NODE: &[&str] = &["PATH", "NODE_VERSION", "YARN_VERSION"];
    const DISTRIBUTION: &[&str] = &["PATH"];
    match base {
        Base::Scratch => Some(&[]),
        Base::Image { image, .. } => match crate::rules::support::image_refs::official_name(image)? {
            "python" => Some(PYTHON),
            "node" => Some(NODE),
            "debian" | "ubuntu" | "alpine" | "busybox" => Some(DISTRIBUTION),
            _ => None,
        },
        Base::Stage { .. } => None,
    }
}

/// The environment variables defined when `stage` starts: those of its root image ([`image_env`]) and the
/// ENV keys of the stages it is built on. `None` when the root image is not one we know. A set: rules add
/// each ARG and ENV of the stage and ask about every variable, which a list made quadratic.
pub fn env_at_start(model: &Model, stage: &Stage) -> Option<std::collections::HashSet<String>> {
    let chain = model.stage_chain(stage);
    let mut defined: std::collections::HashSet<String> =
        image_env(&chain.last()?.base)?.iter().map(|s| s.to_string()).collect();
    for ancestor in &chain[1..] {
        for (index, _) in model.stage_instructions(ancestor) {
            if let crate::syntax::View::Env(pairs) = model.view(index) {
                defined.extend(pairs.iter().map(|p| p.key.value.clone()));
            }
        }
    }
    Some(defined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn root_env(source: &str) -> Option<&'static [&'static str]> {
        let model = crate::model::build_model(&syntax::parse(source));
        image_env(&model.stages[0].base)
    }

    #[test]
    fn image_env_is_one_table_for_the_official_images() {
        let python = root_env("FROM python:3.12-slim\n").unwrap();
        for name in [
            "PATH",
            "LANG",
            "GPG_KEY",
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "PYTHON_PIP_VERSION",
        ] {
            assert!(python.contains(&name), "{name}");
        }
        assert_eq!(
            root_env("FROM node:22-alpine\n").unwrap(),
            ["PATH", "NODE_VERSION", "YARN_VERSION"]
        );
        assert_eq!(root_env("FROM docker.io/library/debian:12\n").unwrap(), ["PATH"]);
        assert_eq!(root_env("FROM scratch\n").unwrap(), [] as [&str; 0]);
        assert_eq!(root_env("FROM acme/python:3.12\n"), None);
    }
}
