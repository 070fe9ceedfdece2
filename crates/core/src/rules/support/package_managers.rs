//! Helpers shared by the package-manager rules.

use crate::model::Model;
use crate::rules::{Edit, Fix, Hit};
use crate::shell::{Command, Package, Program, RpmAction};
use crate::syntax::Instruction;

/// A safe fix that inserts `text` at byte `at`.
pub fn insert(title: impl Into<String>, at: usize, text: impl Into<String>) -> Fix {
    Fix::safe(title, vec![Edit::insert(at, text)])
}

/// The instructions that configure apt option `key` for the commands after them: a COPY into `/etc/apt`, or a
/// RUN that writes `APT::…<key>` (`echo … > /etc/apt/apt.conf.d/…`, a here-document). An apt command's own `-o`
/// or flag configures only itself, and the text `--no-install-recommends` configures nothing: reading any
/// mention of the key as configuration silenced P001/P002 for every later install of the file (issue #19).
pub struct AptConfig(Vec<usize>);

pub fn apt_config(model: &Model, key: &str) -> AptConfig {
    let option = format!("::{key}");
    let mentions = |text: &str| crate::ascii::contains_ignoring_case(text, &option);
    let configures = |i: usize, instruction: &Instruction| {
        if let Some(copy) = instruction.as_copy() {
            return copy.destination.is_some_and(|d| d.value.starts_with("/etc/apt"));
        }
        model.scripts(i).iter().any(|script| {
            script.commands().iter().any(|c| {
                let apt_itself = matches!(c.program, Program::AptGet(_));
                (!apt_itself && c.words.iter().any(|w| mentions(&w.value)))
                    || c.redirects
                        .iter()
                        .any(|r| r.heredoc.as_ref().is_some_and(|h| mentions(&h.body)))
            })
        }) || instruction.heredocs.iter().any(|h| mentions(&h.content))
    };
    AptConfig(
        model
            .instructions
            .iter()
            .enumerate()
            .filter(|&(i, instruction)| configures(i, instruction))
            .map(|(i, _)| i)
            .collect(),
    )
}

impl AptConfig {
    /// Whether apt is configured before instruction `at` in the image `at` builds: earlier in its stage or in
    /// a stage it is built on (configuration in another stage does not reach it).
    pub fn before(&self, model: &Model, at: usize) -> bool {
        let Some(stage) = model.build.stage_of(at) else {
            return false;
        };
        let chain = model.stage_chain(&model.build.stages[stage]);
        self.0.iter().any(|&i| {
            i < at
                && model
                    .build
                    .stage_of(i)
                    .is_some_and(|s| chain.iter().any(|c| c.index == s))
        })
    }
}

/// Reports every package that `select` finds in a command without an exact version. `select` returns the
/// command's label (`apt-get install`), its packages and how a pinned spelling looks (`name=<version>`).
pub fn report_unpinned(
    model: &Model,
    hits: &mut Vec<Hit>,
    select: impl Fn(&Command) -> Option<(String, &[Package], &'static str)>,
) {
    for cmd in model.commands() {
        let Some((label, packages, form)) = select(cmd.command) else {
            continue;
        };
        for package in packages {
            if package.expansion {
                for word in expanded_operands(model, cmd.index, &package.spec).unwrap_or_default() {
                    if word.contains(['=', '@', ':', '<', '>', '~', '*']) || looks_local(&word) {
                        continue;
                    }
                    hits.push(Hit::new(
                        model.span(package.span.clone()),
                        format!(
                            "`{}` installs `{word}` (its build argument's default) unpinned in `{label}`: write `{}` in the default",
                            package.spec,
                            form.replace("NAME", &word)
                        ),
                    ));
                }
                continue;
            }
            if package.is_pinned() || package.local || looks_local(&package.spec) {
                continue;
            }
            let pinned = form.replace("NAME", &package.name);
            hits.push(Hit::new(
                model.span(package.span.clone()),
                format!("`{}` is not pinned in `{label}`: write `{pinned}`", package.spec),
            ));
        }
    }
}

/// The words an operand with expansions installs, through the ARG and ENV values in scope at instruction
/// `at` (`apt-get install ${PACKAGES}` after `ARG PACKAGES="curl gosu"`); `None` when a variable has no known
/// value or the operand holds anything but plain references (`$(...)`, quotes).
pub fn expanded_operands(model: &Model, at: usize, spec: &str) -> Option<Vec<String>> {
    if spec.contains(['(', '`', '"', '\'', '\\']) {
        return None;
    }
    let resolved = model.scope(at).expand(spec, model.tree.escape);
    if !resolved.unresolved.is_empty() || resolved.text.contains('$') {
        return None;
    }
    Some(resolved.text.split_whitespace().map(str::to_string).collect())
}

/// A path, URL, archive or VCS reference rather than a registry name.
pub fn looks_local(spec: &str) -> bool {
    spec.starts_with(['.', '/', '~', '-'])
        || spec.contains("://")
        || [
            "git+",
            "git@",
            "file:",
            "github:",
            "gitlab:",
            "bitbucket:",
            "link:",
            "workspace:",
        ]
        .iter()
        .any(|p| spec.starts_with(p))
        || [".tgz", ".tar.gz", ".gem", ".deb", ".rpm", ".apk"]
            .iter()
            .any(|s| spec.ends_with(s))
}

/// Reports yum/dnf/zypper commands of `tools` that can prompt and lack a non-interactive switch, with a fix
/// inserting ` -y` after the subcommand.
pub fn report_rpm_without_yes(model: &Model, hits: &mut Vec<Hit>, tools: &[&str]) {
    for cmd in model.commands() {
        let Program::Rpm(rpm) = &cmd.command.program else {
            continue;
        };
        if !tools.contains(&rpm.tool.as_str()) || rpm.assume_yes || cmd.command.pipe_index > 0 {
            continue;
        }
        let Some(sub) = &rpm.subcommand else { continue };
        let prompts = matches!(rpm.action, RpmAction::Install | RpmAction::Update | RpmAction::Remove)
            || matches!(
                sub.name.as_str(),
                "groupinstall" | "groupupdate" | "downgrade" | "patch" | "swap"
            );
        if !prompts {
            continue;
        }
        let switch = if rpm.tool == "zypper" { "-n`/`-y" } else { "-y" };
        hits.push(
            Hit::new(
                model.span(cmd.command.span.clone()),
                format!(
                    "`{} {}` without `{switch}` stops at the confirmation prompt",
                    rpm.tool, sub.name
                ),
            )
            .with_fix(insert("add `-y`", sub.span.end, " -y")),
        );
    }
}

/// The packages of an install by one of `tools`, for [`report_unpinned`].
pub fn rpm_install<'c>(command: &'c Command, tools: &[&str]) -> Option<(String, &'c [Package])> {
    match &command.program {
        Program::Rpm(rpm) if tools.contains(&rpm.tool.as_str()) && rpm.action == RpmAction::Install => {
            let sub = rpm.subcommand.as_ref().map_or("install", |s| s.name.as_str());
            Some((format!("{} {sub}", rpm.tool), rpm.packages.as_slice()))
        }
        _ => None,
    }
}
