//! The opt-in restructuring behind S001: create a non-root user with a numeric UID in the final stage, give it
//! the files copied from the build context (`COPY --chown`), and switch to it before the command.
//!
//! Preconditions, checked here (the fix refrains otherwise):
//! - the final stage sets no USER at all (an explicit `USER root` was written on purpose);
//! - the image can create the user: its root base is a Debian/Ubuntu-based image (`useradd`, from the
//!   essential `passwd` package) or Alpine (busybox `adduser`); distroless and unknown images are left alone;
//! - nothing lives in root's home for the application: no `pip install --user`, no ENV, COPY or ADD naming
//!   `/root` and no `PIP_USER`, no CMD or ENTRYPOINT running `poetry` or `pipenv` (their virtualenvs live there);
//! - the user goes after the last RUN/COPY/ADD of the stage, so every build step still runs as root.

use crate::model::Base;
use crate::model::Model;
use crate::rules::{Edit, Fix};
use crate::syntax::Keyword;

/// Numeric, so that Kubernetes' `runAsNonRoot` can verify it; above the range distributions allocate.
pub const UID: u32 = 10001;

pub fn fix(model: &Model) -> Option<Fix> {
    let stage = model.final_stage()?;
    let Base::Image { reference, .. } = model.root_base(stage) else {
        return None;
    };
    let image = reference.rsplit('/').next().unwrap_or(reference).to_ascii_lowercase();
    let (name, tag) = image.split_once(':').unwrap_or((&image, ""));
    let create = if name == "alpine" || tag.contains("alpine") {
        format!("RUN addgroup -S -g {UID} app && adduser -S -D -H -u {UID} -G app app")
    } else if ["python", "debian", "ubuntu", "node", "ruby", "golang", "buildpack-deps"].contains(&name)
        && !tag.contains("windows")
    {
        format!("RUN groupadd --system --gid {UID} app && useradd --system --no-log-init --uid {UID} --gid app --no-create-home app")
    } else {
        return None;
    };
    let in_stage: Vec<(usize, &crate::syntax::Instruction)> = model.stage_instructions(stage).collect();
    if in_stage.iter().any(|(_, i)| i.keyword == Keyword::User) {
        return None;
    }
    // Root's home is private (mode 700) and not the new user's home: packages installed with `--user`,
    // tools copied or put on PATH under `/root`, and the virtualenvs `poetry run`/`pipenv run` look for
    // there would vanish for the application.
    let uses_root_home = model.chain_instructions(stage).iter().any(|(index, i)| {
        (matches!(i.keyword, Keyword::Env | Keyword::Copy | Keyword::Add) && i.original.contains("/root"))
            || (i.keyword == Keyword::Env && i.original.contains("PIP_USER"))
            || (matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint)
                && (i.original.contains("poetry") || i.original.contains("pipenv")))
            || model.scripts(*index).iter().any(|s| s.pip().any(|(_, pip)| pip.user))
    });
    if uses_root_home {
        return None;
    }
    let last_step = in_stage
        .iter()
        .rposition(|(_, i)| matches!(i.keyword, Keyword::Run | Keyword::Copy | Keyword::Add | Keyword::From))?;
    let (_, anchor) = in_stage.get(last_step + 1).copied().unwrap_or(in_stage[last_step]);
    let source = model.source;
    let line_start = |at: usize| source[..at].rfind('\n').map_or(0, |i| i + 1);
    let (at, text) = if last_step + 1 < in_stage.len() {
        let at = line_start(anchor.span.start);
        (at, format!("{create}\nUSER {UID}\n"))
    } else {
        let end = anchor.span.end;
        let at = source[end..].find('\n').map_or(source.len(), |i| end + i + 1);
        let newline = if at == source.len() && !source.ends_with('\n') {
            "\n"
        } else {
            ""
        };
        (at, format!("{newline}{create}\nUSER {UID}\n"))
    };
    let mut edits = vec![Edit::insert(at, text)];
    for (_, instruction) in &in_stage {
        let Some(copy) = instruction.as_copy() else { continue };
        if copy.from.is_some() || copy.chown.is_some() || instruction.span.start >= at {
            continue;
        }
        let after_keyword = instruction.keyword_span.end;
        edits.push(Edit::insert(after_keyword, format!(" --chown={UID}:{UID}")));
    }
    Some(Fix::opt_in(
        format!("run as a non-root user (UID {UID})"),
        format!(
            "the process runs as UID {UID}, a user added to `/etc/passwd` and `/etc/group` that owns the files \
             copied from the build context: it can write only to those and to its own mounts, and cannot bind \
             ports below 1024 where the runtime does not allow it"
        ),
        edits,
    ))
}
