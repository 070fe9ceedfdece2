//! L016 and its opt-in restructuring: keep package-manager downloads in BuildKit cache mounts instead of
//! deleting them (or never writing them) in the layer.
//!
//! Offered per RUN, for the shell-form RUNs without here-documents that run as root (no non-root USER
//! before them in the stage and the stages it builds on):
//! - `pip install --no-cache-dir ...`: the flag is dropped and `/root/.cache/pip` is mounted; not when
//!   `PIP_NO_CACHE_DIR`/`PIP_CACHE_DIR` or `--cache-dir` are set (the mount would be unused or misplaced),
//!   nor with `--no-index` (local files only: nothing to download);
//! - `uv sync` (and `uv pip install --no-cache`): `/root/.cache/uv` is mounted, `--no-cache` dropped, and
//!   `ENV UV_LINK_MODE=copy` added before the RUN when no `UV_LINK_MODE` is in scope; not when
//!   `UV_NO_CACHE`/`UV_CACHE_DIR` are set;
//! - pip and uv, not when `HOME` or `XDG_CACHE_HOME` is set: the caches would land there, in the layer;
//! - `apt-get update` + `apt-get install` whose RUN deletes the lists (`rm -rf /var/lib/apt/lists/*`) or
//!   the archives (`apt-get clean`): `/var/cache/apt` and `/var/lib/apt` are mounted (`sharing=locked`, as
//!   apt locks them), the deletions are removed, and Debian's `docker-clean` hook is disabled in a RUN just
//!   before, as Docker's documentation shows, unless an earlier instruction already did. The `rm` must be a
//!   plain top-level command joined by `&&` or `;`; when it also removes other paths, only the apt paths go.
//!
//! The RUN is left alone when it already mounts one of these directories.
//!
//! The rule reports only where the Dockerfile already uses BuildKit features (a `# syntax=` directive or a
//! `RUN --mount`), or when the user opted in to its fix: a file written for the classic builder (the official
//! images' Dockerfiles, for one) deletes its caches on purpose.

use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::apt_config;
use crate::rules::support::python::is_root_user;
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::rules::support::stages::image_env;
use crate::shell::{path_has_prefix, AptAction, Command, Connector, PipAction, PipInvocation, Program, Script};
use crate::syntax::instructions::View;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "L016",
    name: "cache-mount-available",
    category: Category::Cache,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Paths(&[
        "~/.cache/pip",
        "~/.cache/uv",
        "~/.cache/pypoetry",
        "~/.npm",
        "~/.cache/yarn",
        "/var/cache/apt",
        "/var/lib/apt",
        "/var/cache/apk",
        // apt keeps downloaded packages for the cache mount only without the image's docker-clean hook, and
        // the keep-cache setting stays in the image.
        "/etc/apt/apt.conf.d/docker-clean",
        "/etc/apt/apt.conf.d/keep-cache",
    ]),
    // `ENV UV_LINK_MODE=copy`, so uv copies from the cache mount instead of hard-linking into it.
    Effect::Config(&["Env"])],
    explanation: Explanation {
        summary:
            "A RUN deletes (or never keeps) package downloads that a BuildKit cache mount could keep between builds.",
        why: "`--no-cache-dir` and `rm -rf /var/lib/apt/lists/*` keep caches out of the image, but every rebuild of \
              the layer then downloads everything again. A `RUN --mount=type=cache` directory is kept by the \
              builder between builds and is never part of the layer: the image stays as small and rebuilds reuse \
              the downloads. This needs BuildKit, the default builder of every current Docker release. For apt on \
              Debian and Ubuntu images, the `docker-clean` hook that deletes downloaded packages must be disabled \
              first.",
        bad: "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n",
        good: "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n",
        source: "Docker docs, \"Optimize cache usage in builds\" (use cache mounts) and \"RUN --mount=type=cache\" \
                 (apt example with `docker-clean`); uv docs, \"Using uv in Docker\" (caching). Opt-in fix: add the \
                 mounts, drop the cache deletion. Reported where the file uses BuildKit features or the fix is opted in.",
    },
    check,
};

const PIP_CACHE: &str = "/root/.cache/pip";
/// `--no-cache-dir` with `--no-binary` may be deliberate: the builds from source then land in the cache mount.
const SOURCE_BUILD_NOTE: &str =
    "drops `--no-cache-dir` from a source build (`--no-binary`): the wheels pip builds are kept in the cache mount";
const UV_CACHE: &str = "/root/.cache/uv";
const APT_MOUNTS: &str =
    "--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked";
const DOCKER_CLEAN: &str = "RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache";

/// A delete of the word (or command) at `range` together with the blanks before it; a word alone on a
/// continuation line takes the whole line.
fn delete_word(model: &Model, range: std::ops::Range<usize>) -> Edit {
    let source = model.source;
    let escape = model.tree.escape;
    let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let after = &source[range.end..];
    let rest = after.trim_start_matches([' ', '\t']);
    let continued = rest.strip_prefix(escape).and_then(|r| r.strip_prefix('\n'));
    if source[line_start..range.start].trim().is_empty() {
        if let Some(r) = continued {
            return Edit::delete(line_start..source.len() - r.len());
        }
    }
    let start = range.start - source[..range.start].len() + source[..range.start].trim_end_matches([' ', '\t']).len();
    Edit::delete(start..range.end)
}

/// The edit removing a whole top-level command and the connector joining it to its neighbour.
fn delete_command(script: &Script, command: &Command) -> Option<Edit> {
    if !command.context.is_top_shell() || !command.redirects.is_empty() {
        return None;
    }
    let top: Vec<&Command> = script.commands().iter().filter(|c| c.context.is_top_shell()).collect();
    let at = top.iter().position(|c| c.id == command.id)?;
    let joins = |c: &Option<Connector>| matches!(c, Some(Connector::And | Connector::Semi));
    match (&command.before, &command.after) {
        (Some(_), _) if joins(&command.before) && at > 0 => {
            if command.after.as_ref().is_some_and(|c| !joins(&Some(*c))) {
                return None;
            }
            Some(Edit::delete(top[at - 1].span.end..command.span.end))
        }
        (None, Some(_)) if joins(&command.after) => Some(Edit::delete(command.span.start..top.get(at + 1)?.span.start)),
        _ => None,
    }
}

/// Whether RUN `index` runs as root, where pip and uv keep their caches in `/root/.cache`: no USER before it in
/// its stage chain names another user, and the image the chain starts from is one known to run as root (an
/// unknown image may set its own USER, and a cache mounted at `/root/.cache` would then go unused while the
/// cache lands in the layer, as a real build showed).
fn runs_as_root(model: &Model, index: usize) -> bool {
    let Some(stage) = model.build.stage_of(index).and_then(|s| model.build.stages.get(s)) else {
        return false;
    };
    let last_user = model
        .chain_instructions(stage)
        .into_iter()
        .rfind(|(i, instruction)| *i < index && instruction.keyword == Keyword::User);
    match last_user {
        Some((at, _)) => matches!(model.view(at), View::User(Some(word)) if is_root_user(&word.value)),
        None => image_env(model.root_base(stage)).is_some(),
    }
}

/// The user asked for this rule's opt-in fix (by code, name, or `all`).
fn opted_in(model: &Model) -> bool {
    model.options.opt_in.iter().any(|id| {
        id.eq_ignore_ascii_case("all") || crate::rules::lookup(id).is_some_and(|rule| std::ptr::eq(rule, &RULE))
    })
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    if !model.uses_buildkit_syntax() && !opted_in(model) {
        return;
    }
    let hook_handled = apt_config(model, "Keep-Downloaded-Packages");
    let mut hook_added_in: Vec<usize> = Vec::new();
    let mut link_mode_added_in: Vec<usize> = Vec::new();
    // Whether a RUN before `hook_scanned` deletes Debian's `docker-clean` apt hook.
    let (mut hook_scanned, mut hook_removed) = (0, false);
    let source = model.source;
    for (index, instruction, scripts) in model.runs() {
        let Some(run) = instruction.as_run() else { continue };
        if run.command.is_exec() || !instruction.heredocs.is_empty() {
            continue;
        }
        let [script] = scripts else { continue };
        if !script.errors().is_empty() {
            continue;
        }
        let mounted = |path: &str| {
            run.mounts.iter().any(|m| {
                m.target
                    .as_deref()
                    .is_some_and(|t| path_has_prefix(path, t) || path_has_prefix(t, path))
            })
        };
        let stage = model.build.stage_of(index).unwrap_or(0);
        let root = runs_as_root(model, index);
        let var = |command: &Command, name: &str| {
            command.assignments.iter().any(|a| a.name == name) || model.var_at(index, name).is_some()
        };
        let mut tools: Vec<&str> = Vec::new();
        let mut mounts: Vec<String> = Vec::new();
        let mut edits: Vec<Edit> = Vec::new();
        let mut notes: Vec<&str> = Vec::new();
        let mut first: Option<std::ops::Range<usize>> = None;
        // pip and uv
        // Another home or cache base moves the caches away from the mounts, into the layer.
        let cache_moved = model.var_at(index, "HOME").is_some() || model.var_at(index, "XDG_CACHE_HOME").is_some();
        let mut pip_ok = root && !cache_moved && !mounted(PIP_CACHE);
        let mut uv_ok = root && !cache_moved && !mounted(UV_CACHE);
        let mut pip_edits = Vec::new();
        let mut uv_edits = Vec::new();
        let mut uv_used = false;
        let mut link_mode = false;
        for command in script.commands() {
            match &command.program {
                Program::Pip(pip) if pip.invocation != PipInvocation::Uv && pip.action == PipAction::Install => {
                    let flags: Vec<_> = command
                        .args()
                        .iter()
                        .filter(|w| w.value == "--no-cache-dir")
                        .map(|w| w.span.clone())
                        .collect();
                    // `--no-index` installs only what is already local: there are no downloads to keep.
                    if flags.is_empty() || pip.args.has(&["--no-index"]) {
                        continue;
                    }
                    if var(command, "PIP_NO_CACHE_DIR")
                        || var(command, "PIP_CACHE_DIR")
                        || pip.args.has(&["--cache-dir"])
                        || command.args().iter().any(|w| w.value.starts_with("--cache-dir"))
                    {
                        pip_ok = false;
                    }
                    first.get_or_insert(command.span.clone());
                    if pip.args.has(&["--no-binary"]) && !notes.contains(&SOURCE_BUILD_NOTE) {
                        notes.push(SOURCE_BUILD_NOTE);
                    }
                    pip_edits.extend(flags.into_iter().map(|f| delete_word(model, f)));
                }
                Program::Uv(uv) if uv.subcommand.as_ref().is_some_and(|s| s.name == "sync") => {
                    uv_used = true;
                    first.get_or_insert(command.span.clone());
                    if var(command, "UV_NO_CACHE") || var(command, "UV_CACHE_DIR") || uv.args.has(&["--cache-dir"]) {
                        uv_ok = false;
                    }
                    link_mode |= uv.args.has(&["--link-mode"]) || var(command, "UV_LINK_MODE");
                    uv_edits.extend(
                        command
                            .args()
                            .iter()
                            .filter(|w| w.value == "--no-cache")
                            .map(|w| delete_word(model, w.span.clone())),
                    );
                }
                Program::Pip(pip)
                    if pip.invocation == PipInvocation::Uv
                        && matches!(pip.action, PipAction::Install | PipAction::Sync) =>
                {
                    let flags: Vec<_> = command
                        .args()
                        .iter()
                        .filter(|w| w.value == "--no-cache")
                        .map(|w| w.span.clone())
                        .collect();
                    if flags.is_empty() {
                        continue;
                    }
                    uv_used = true;
                    first.get_or_insert(command.span.clone());
                    if var(command, "UV_NO_CACHE") || var(command, "UV_CACHE_DIR") || pip.args.has(&["--cache-dir"]) {
                        uv_ok = false;
                    }
                    link_mode |= pip.args.has(&["--link-mode"]) || var(command, "UV_LINK_MODE");
                    uv_edits.extend(flags.into_iter().map(|f| delete_word(model, f)));
                }
                _ => {}
            }
        }
        if pip_ok && !pip_edits.is_empty() {
            tools.push("pip");
            mounts.push(format!("--mount=type=cache,target={PIP_CACHE}"));
            edits.append(&mut pip_edits);
        }
        if uv_ok && uv_used {
            tools.push("uv");
            mounts.push(format!("--mount=type=cache,target={UV_CACHE}"));
            edits.append(&mut uv_edits);
            if !link_mode && !link_mode_added_in.contains(&stage) {
                link_mode_added_in.push(stage);
                let line = source[..instruction.span.start].rfind('\n').map_or(0, |i| i + 1);
                let indent = &source[line..instruction.span.start];
                edits.push(Edit::insert(line, format!("{indent}ENV UV_LINK_MODE=copy\n")));
                notes.push("sets `ENV UV_LINK_MODE=copy` in the image config");
            }
        }
        // apt
        let updates = script.apt().any(|(_, a)| a.action == AptAction::Update);
        let installs = script.apt().any(|(_, a)| a.action == AptAction::Install);
        if updates && installs && !mounted("/var/cache/apt") && !mounted("/var/lib/apt") {
            let apt_path = |p: &str| path_has_prefix(p, "/var/lib/apt/lists") || path_has_prefix(p, "/var/cache/apt");
            let mut apt_edits = Vec::new();
            let mut ok = true;
            for command in script.commands() {
                match &command.program {
                    Program::Rm(rm) if rm.paths.iter().any(|p| apt_path(&p.value)) => {
                        if rm.paths.iter().all(|p| apt_path(&p.value)) {
                            match delete_command(script, command) {
                                Some(edit) => apt_edits.push(edit),
                                None => ok = false,
                            }
                        } else {
                            apt_edits.extend(
                                rm.paths
                                    .iter()
                                    .filter(|p| apt_path(&p.value))
                                    .map(|p| delete_word(model, p.span.clone())),
                            );
                        }
                    }
                    Program::AptGet(a) if matches!(a.action, AptAction::Clean | AptAction::DistClean) => {
                        match delete_command(script, command) {
                            Some(edit) => apt_edits.push(edit),
                            None => ok = false,
                        }
                    }
                    _ => {}
                }
            }
            if ok && !apt_edits.is_empty() {
                let install = script
                    .commands()
                    .iter()
                    .find(|c| matches!(&c.program, Program::AptGet(a) if a.action == AptAction::Install));
                if let Some(install) = install {
                    first.get_or_insert(install.span.clone());
                }
                tools.push("apt");
                mounts.push(APT_MOUNTS.to_string());
                notes.push("apt's record of automatically installed packages (`/var/lib/apt/extended_states`) stays out of the image, so a later `apt-get autoremove` cannot tell them apart");
                edits.append(&mut apt_edits);
                // Scanned incrementally (RUNs come in order): asking "any RUN before this one?" afresh for
                // every apt RUN made long files quadratic.
                while hook_scanned < index {
                    hook_removed |= model
                        .scripts(hook_scanned)
                        .iter()
                        .any(|s| s.removes_path_prefix("/etc/apt/apt.conf.d/docker-clean"));
                    hook_scanned += 1;
                }
                let removed_before = hook_removed;
                if !hook_handled.before(model, index) && !removed_before && !hook_added_in.contains(&stage) {
                    hook_added_in.push(stage);
                    let line = source[..instruction.span.start].rfind('\n').map_or(0, |i| i + 1);
                    let indent = &source[line..instruction.span.start];
                    edits.push(Edit::insert(line, format!("{indent}{DOCKER_CLEAN}\n")));
                    notes.push(
                        "disables Debian's `docker-clean` apt hook in a RUN before (its removal and the \
                         `keep-cache` setting stay in the image)",
                    );
                }
            }
        }
        if tools.is_empty() {
            continue;
        }
        let Some(first) = first else { continue };
        edits.push(Edit::insert(
            instruction.keyword_span.end,
            format!(" {}", mounts.join(" ")),
        ));
        let targets: Vec<&str> = mounts
            .iter()
            .flat_map(|m| m.split(' '))
            .filter_map(|m| m.split("target=").nth(1))
            .map(|t| t.split(',').next().unwrap_or(t))
            .collect();
        let mut warning = format!(
            "needs BuildKit (the default builder of current Docker): the RUN mounts build caches on {} instead of \
             deleting or skipping them",
            targets.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        );
        for note in &notes {
            warning.push_str("; ");
            warning.push_str(note);
        }
        hits.push(
            Hit::new(
                model.span(first),
                format!(
                    "{} could keep {} instead of downloading everything again on every rebuild",
                    tools.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" and "),
                    if tools.len() == 1 {
                        "its downloads in a BuildKit cache mount"
                    } else {
                        "their downloads in BuildKit cache mounts"
                    }
                ),
            )
            .with_fix(Fix::opt_in(
                "use BuildKit cache mounts instead of deleting caches",
                warning,
                edits,
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::Options;
    use crate::rules::testing;

    fn opted() -> Options {
        Options {
            opt_in: vec!["L016".into()],
            ..Options::default()
        }
    }

    fn check(rule: &crate::rules::Rule, source: &str) -> Vec<String> {
        testing::hits_with(rule, source, &opted())
            .into_iter()
            .map(|h| h.message)
            .collect()
    }

    /// The source with the first hit's fix applied, the fix opted in.
    fn fixed(rule: &crate::rules::Rule, source: &str) -> Option<String> {
        testing::fixed(rule, &format!("# syntax=docker/dockerfile:1\n{source}"))
            .map(|text| text["# syntax=docker/dockerfile:1\n".len()..].to_string())
    }

    #[test]
    fn reports_only_with_buildkit_syntax_or_when_opted_in() {
        let source = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n";
        assert!(testing::check(&RULE, source).is_empty());
        assert_eq!(check(&RULE, source).len(), 1);
        assert_eq!(
            testing::check(&RULE, &format!("# syntax=docker/dockerfile:1\n{source}")).len(),
            1
        );
        let all = Options {
            opt_in: vec!["all".into()],
            ..Options::default()
        };
        assert_eq!(testing::hits_with(&RULE, source, &all).len(), 1);
    }

    #[test]
    fn mounts_the_pip_cache_instead_of_no_cache_dir() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n").as_deref(),
            Some("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n")
        );
        assert_eq!(
            fixed(
                &RULE,
                "FROM python:3.12-slim\nRUN pip install \\\n    --no-cache-dir \\\n    -r requirements.txt\n"
            )
            .as_deref(),
            Some("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install \\\n    -r requirements.txt\n")
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n"),
            ["`pip` could keep its downloads in a BuildKit cache mount instead of downloading everything again on every rebuild"]
        );
    }

    #[test]
    fn mounts_the_uv_cache_and_sets_the_link_mode() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-slim\nWORKDIR /app\nRUN uv sync --locked --no-cache\n").as_deref(),
            Some("FROM python:3.12-slim\nWORKDIR /app\nENV UV_LINK_MODE=copy\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n")
        );
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-slim\nENV UV_LINK_MODE=copy\nRUN uv sync --locked\n").as_deref(),
            Some("FROM python:3.12-slim\nENV UV_LINK_MODE=copy\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n")
        );
    }

    /// The warning names what real builds show changing (tests/builds/apt-curl-lists): the hook's removal and
    /// the keep-cache setting stay in the image, apt's auto-installed record leaves it; and a deliberate
    /// `--no-cache-dir` on a source build is called out.
    #[test]
    fn the_warning_names_every_change_a_real_build_shows() {
        let warning = |source: &str| {
            crate::rules::testing::hits_with(&RULE, source, &opted())[0]
                .fix
                .as_ref()
                .and_then(|fix| fix.warning.clone())
                .unwrap()
        };
        let apt = warning("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
        assert!(apt.contains("`keep-cache` setting stay in the image") && apt.contains("extended_states"), "{apt}");
        let source_build = warning("FROM python:3.12-slim\nRUN pip install --no-cache-dir --no-binary :all: six\n");
        assert!(source_build.contains("source build"), "{source_build}");
        assert!(!warning("FROM python:3.12-slim\nRUN pip install --no-cache-dir six\n").contains("source build"));
    }

    #[test]
    fn mounts_the_apt_caches_and_disables_docker_clean() {
        let before = "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends gcc \\\n && rm -rf /var/lib/apt/lists/*\n";
        let after = "FROM python:3.12-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update \\\n && apt-get install -y --no-install-recommends gcc\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
        // The hook already gone; other paths of the rm stay; apt-get clean goes too.
        let before = "FROM debian:bookworm\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN apt-get update && apt-get install -y curl && apt-get clean && rm -rf /var/lib/apt/lists/* /tmp/x\n";
        let after = "FROM debian:bookworm\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl && rm -rf /tmp/x\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
    }

    #[test]
    fn other_spellings() {
        assert_eq!(
            fixed(&RULE, "FROM python:3.12-slim\nENV UV_LINK_MODE=copy\nRUN uv pip install --system --no-cache -r r.txt\n").as_deref(),
            Some("FROM python:3.12-slim\nENV UV_LINK_MODE=copy\nRUN --mount=type=cache,target=/root/.cache/uv uv pip install --system -r r.txt\n")
        );
        let before = "FROM debian:bookworm\nRUN set -eux; apt-get update; apt-get install -y curl; rm -rf /var/lib/apt/lists/*; curl --version\n";
        let after = "FROM debian:bookworm\nRUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked set -eux; apt-get update; apt-get install -y curl; curl --version\n";
        assert_eq!(fixed(&RULE, before).as_deref(), Some(after));
        // One RUN, several managers: one fix.
        let before = "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/* && pip install --no-cache-dir x==1\n";
        assert_eq!(
            check(&RULE, before),
            ["`pip` and `apt` could keep their downloads in BuildKit cache mounts instead of downloading everything again on every rebuild"]
        );
    }

    #[test]
    fn refrains_when_the_mount_would_be_unused_or_is_there() {
        testing::assert_quiet(
            &RULE,
            &[
                // already mounted
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n",
                "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y x\n",
                // the cache is configured elsewhere or off anyway
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install --no-cache-dir flask\n",
                "FROM python:3.12\nRUN pip install --no-cache-dir --cache-dir=/c flask\n",
                // local wheels only: nothing is downloaded
                "FROM python:3.12\nRUN pip install --no-cache-dir --no-index /wheels/*\n",
                "FROM python:3.12\nENV UV_NO_CACHE=1\nRUN uv sync\n",
                "FROM python:3.12\nENV HOME=/app\nRUN pip install --no-cache-dir flask\n",
                "FROM python:3.12\nENV XDG_CACHE_HOME=/cache\nRUN uv sync\n",
                // pip without the flag is Y001's (it adds the flag)
                "FROM python:3.12\nRUN pip install flask\n",
                // not root: /root/.cache is not the cache
                "FROM ghcr.io/acme/app-base:1\nRUN pip install --no-cache-dir flask\n",
                "FROM python:3.12\nUSER app\nRUN pip install --no-cache-dir flask\n",
                // apt without cleanup, or the rm cannot be removed plainly
                "FROM debian\nRUN apt-get update && apt-get install -y x\n",
                "FROM debian\nRUN apt-get update && apt-get install -y x || rm -rf /var/lib/apt/lists/*\n",
                // exec form and here-documents
                "FROM python:3.12\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"x\"]\n",
            ],
        );
    }
}
