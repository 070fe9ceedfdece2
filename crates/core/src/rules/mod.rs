//! The rule registry and engine. A rule is one file holding its metadata, explanation, check, fix and tests;
//! the catalog (CLI `rules`/`explain`, SARIF, the web catalog page) is generated from [`ALL`], so text
//! cannot drift from behaviour.

#[cfg(test)]
mod conformance;
#[macro_use]
mod registry;
pub(crate) mod restructure;
pub(crate) mod support;
mod suppress;

use serde::Serialize;

use crate::analysis::{Finding, FixAvailability, Options, Severity};
use crate::model::purpose::StageKind;
use crate::model::Model;
use crate::rewrite::{Candidate, FixSource};
pub use crate::rewrite::{Edit, Effect, Fix};
use crate::span::Span;
use suppress::Suppressions;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Base,
    Cache,
    Packages,
    Python,
    Security,
    Correctness,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Base => "base",
            Category::Cache => "cache",
            Category::Packages => "packages",
            Category::Python => "python",
            Category::Security => "security",
            Category::Correctness => "correctness",
        }
    }

    /// What the category is about, for headings.
    pub fn title(self) -> &'static str {
        match self {
            Category::Base => "Base images",
            Category::Cache => "Layers and cache",
            Category::Packages => "Package managers",
            Category::Python => "Python",
            Category::Security => "Security",
            Category::Correctness => "Correctness",
        }
    }
}

/// Why a practice matters, with examples and where it comes from: shown by `dflab explain` and the web UI.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Explanation {
    /// One sentence: what the rule checks.
    pub summary: &'static str,
    pub why: &'static str,
    /// A Dockerfile excerpt the rule reports...
    pub bad: &'static str,
    /// ...and the same excerpt written well.
    pub good: &'static str,
    /// Where the practice comes from (documentation, tool ids).
    pub source: &'static str,
}

/// One best practice: its identity, equivalents in other tools, explanation and check.
#[derive(Serialize)]
pub struct Rule {
    /// Stable short code: category letter and number, e.g. `B001`.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Whether the rule runs without being selected (pinning rules, for example, do not).
    pub enabled: bool,
    /// The kinds of stage whose instructions the rule judges; its findings in other stages are dropped.
    pub judges: Judges,
    pub hadolint: &'static [&'static str],
    pub buildkit: &'static [&'static str],
    pub trivy: &'static [&'static str],
    /// The best fix the rule can offer; each hit says what it actually offers.
    pub fix: FixAvailability,
    /// What the fix may change in the built image besides the text (empty: nothing; checked by real builds).
    pub effects: &'static [Effect],
    pub explanation: Explanation,
    #[serde(skip)]
    pub check: fn(&Model, &mut Vec<Hit>),
}

/// The kinds of stage ([`StageKind`]) a rule judges. Most advice is about an image that ships: a
/// health check, a non-root user, a small final layer. Applied to a stage whose files are only copied out,
/// to a development image or to a template's placeholder, it is right in general and wrong there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Judges {
    pub shipped: bool,
    pub build_only: bool,
    pub development: bool,
    pub template: bool,
    pub base_image: bool,
}

impl Judges {
    /// Whatever the stage is for: the build fails, or the instruction is wrong, everywhere.
    pub const EVERY_STAGE: Judges = Judges {
        shipped: true,
        build_only: true,
        development: true,
        template: true,
        base_image: true,
    };
    /// Rules about the base image reference, which a template's placeholder does not name yet.
    pub const NOT_TEMPLATES: Judges = Judges {
        template: false,
        ..Judges::EVERY_STAGE
    };
    /// Rules about what the built image holds (its size, its tools): a build-only stage's layers never ship.
    pub const IMAGES: Judges = Judges {
        build_only: false,
        template: false,
        ..Judges::EVERY_STAGE
    };
    /// Rules about running in production (user, health check, dev dependencies): a development image is
    /// made to hold the toolchain and to run as its developer, and a base image (ONBUILD) leaves those
    /// choices to the images built on it.
    pub const PRODUCTION: Judges = Judges {
        shipped: true,
        build_only: false,
        development: false,
        template: false,
        base_image: false,
    };
    /// Rules about a reproducible build (a base that moves): development images choose to float.
    pub const BUILDS: Judges = Judges {
        development: false,
        template: false,
        ..Judges::EVERY_STAGE
    };

    pub fn covers(self, kind: StageKind) -> bool {
        match kind {
            StageKind::Shipped => self.shipped,
            StageKind::BuildOnly => self.build_only,
            StageKind::Development => self.development,
            StageKind::Template => self.template,
            StageKind::BaseImage => self.base_image,
        }
    }
}

/// A rule's report of one instance: where, a message naming it, and the fix when one is safe to offer.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub span: Span,
    pub message: String,
    pub fix: Option<Fix>,
}

impl Hit {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Hit {
            span,
            message: message.into(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

registry! {
    base {
        base_image_untagged,
        base_image_latest_tag,
        base_image_not_pinned_by_digest,
        final_image_full_variant,
        alpine_compiled_python_packages,
        python_version_eol,
        node_version_eol,
        os_release_eol,
        from_platform_constant,
        redundant_target_platform,
        final_stage_build_platform,
        undefined_arg_in_from,
        invalid_default_arg_in_from,
        invalid_image_reference,
        python_minor_version_floating,
        base_image_distro_floating,
        deprecated_base_image,
        python_prerelease,
        unstable_distribution,
        architecture_specific_image,
        python_stage_mismatch,
    }
    cache {
        install_after_source_copy,
        context_copy_without_dockerignore,
        cleanup_in_later_layer,
        chown_after_copy,
        consecutive_runs,
        update_alone,
        apt_lists_left_in_layer,
        apk_cache_left_in_layer,
        yum_cache_left_in_layer,
        dnf_cache_left_in_layer,
        zypper_cache_left_in_layer,
        npm_cache_left_in_layer,
        yarn_cache_left_in_layer,
        apt_cache_mount_emptied_by_docker_clean,
        cleanup_in_cache_mount,
        cache_mount_available,
    }
    packages {
        apt_install_without_lists,
        apt_package_not_in_release,
        apt_install_without_yes,
        apt_install_recommends,
        apt_in_scripts,
        apt_dist_upgrade,
        apt_packages_unpinned,
        apk_packages_unpinned,
        apk_upgrade,
        node_packages_unpinned,
        gem_packages_unpinned,
        go_install_unpinned,
        yum_install_without_yes,
        yum_packages_unpinned,
        zypper_without_non_interactive,
        zypper_dist_upgrade,
        zypper_packages_unpinned,
        dnf_install_without_yes,
        dnf_packages_unpinned,
        wget_progress,
        curl_and_wget,
        node_install_ignores_lockfile,
        node_dev_dependencies_in_image,
        gem_install_with_documentation,
        apt_install_without_update,
    }
    python {
        pip_externally_managed,
        pip_user_without_home,
        pip_no_cache_dir,
        pip_unpinned,
        uv_image_unpinned,
        uv_sync_unlocked,
        uv_cache_mount_link_mode,
        python_unbuffered_missing,
        uv_bytecode_not_compiled,
        venv_copied_to_other_path,
        user_packages_invisible,
        python_tls_verification_off,
        index_url_credentials,
        poetry_install_dev,
        pipenv_install_no_deploy,
        pip_outside_venv,
        distro_python_on_python_image,
        editable_install_in_final_image,
        builder_install_not_copied,
        pip_break_system_packages,
        build_tools_in_final_image,
    }
    security {
        final_user_root,
        sudo_in_run,
        secret_in_arg_or_env,
        secret_file_copied,
        dockerignore_misses_secrets,
        tls_verification_disabled,
        remote_script_executed,
        world_writable_permissions,
        ssh_port_exposed,
        add_url_without_checksum,
        add_instead_of_copy,
        useradd_high_uid_without_l,
        service_without_healthcheck,
        user_by_name,
        secret_mount_written_to_layer,
    }
    correctness {
        program_not_installed,
        user_not_found,
        copy_source_missing,
        file_not_in_image,
        keyword_joined_to_argument,
        copy_from_path_missing,
        consistent_instruction_casing,
        duplicate_stage_name,
        expose_invalid_format,
        expose_proto_casing,
        from_as_casing,
        json_args_recommended,
        legacy_key_value_format,
        maintainer_deprecated,
        multiple_cmd,
        multiple_entrypoint,
        multiple_healthcheck,
        no_empty_continuation,
        reserved_stage_name,
        stage_name_casing,
        undefined_var,
        workdir_relative_path,
        copy_ignored_file,
        cd_instead_of_workdir,
        container_irrelevant_command,
        replace_bin_sh,
        pipe_without_pipefail,
        expose_port_out_of_range,
        copy_multiple_sources_destination,
        copy_from_unknown_stage,
        copy_from_own_stage,
        copy_missing_destination,
        copy_relative_destination_without_workdir,
        onbuild_invalid_trigger,
        env_same_statement_reference,
        entrypoint_shell_form_ignores_cmd,
        instruction_before_from,
        invalid_label_key,
        shell_requires_json,
        invalid_json_array,
        exec_form_whole_command,
        exec_form_variable,
        healthcheck_invalid_option,
        global_arg_not_in_stage,
        shell_form_without_shell,
        user_name_without_passwd,
        invalid_stopsignal,
        invalid_definition_description,
        bashism_in_dash,
    }
}

/// Finds a rule by code, name or an equivalent id (`DL3006`), case-insensitively.
pub fn lookup(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| {
        rule.code.eq_ignore_ascii_case(id)
            || rule.name.eq_ignore_ascii_case(id)
            || rule
                .hadolint
                .iter()
                .chain(rule.buildkit)
                .chain(rule.trivy)
                .any(|other| other.eq_ignore_ascii_case(id))
    })
}

/// A finding with the fix that came with it, for the rewriter.
pub struct Checked {
    pub finding: Finding,
    pub fix: Option<Fix>,
}

/// Runs the rules the options select, honouring suppression comments and severity overrides.
pub fn run(model: &Model, options: &Options) -> Vec<Checked> {
    run_where(model, options, |_| true)
}

/// [`run`] for the rules that can offer a fix only: what the rewriter's later passes need, at a fraction
/// of the cost.
pub fn run_fixable(model: &Model, options: &Options) -> Vec<Checked> {
    run_where(model, options, |rule| rule.fix != FixAvailability::None)
}

/// The rules as the rewriter asks them: the fixes offered for each intermediate text, and which opt-in fixes
/// the options chose.
pub struct RuleFixes<'o> {
    pub options: &'o Options,
    /// Opt-in groups (rule codes) not applied though chosen (see `crate::cache_check`).
    pub withheld: &'o [String],
}

impl FixSource for RuleFixes<'_> {
    fn offers(&self, model: &Model) -> Vec<Candidate> {
        offers(&run_fixable(model, self.options))
    }

    fn opted_in(&self, rule: &str) -> bool {
        !self.withheld.iter().any(|w| w == rule)
            && self
                .options
                .opt_in
                .iter()
                .any(|id| id.eq_ignore_ascii_case("all") || id == rule || lookup(id).is_some_and(|r| r.code == rule))
    }
}

/// The fixes among checked findings, each named by its rule's code (its change group).
pub fn offers(checked: &[Checked]) -> Vec<Candidate> {
    checked
        .iter()
        .filter_map(|c| {
            Some(Candidate {
                group: c.finding.rule.clone(),
                fix: c.fix.clone()?,
            })
        })
        .collect()
}

/// Whether any of `ids` (codes, names or equivalent ids) names `rule`.
fn names(ids: &[String], rule: &Rule) -> bool {
    ids.iter().any(|id| lookup(id).is_some_and(|r| std::ptr::eq(r, rule)))
}

/// Whether `options` run `rule`: `select` (or the rules on by default when it is empty), plus
/// `extend_select`, minus `ignore`.
pub fn is_selected(rule: &Rule, options: &Options) -> bool {
    let selected = if options.select.is_empty() {
        rule.enabled
    } else {
        names(&options.select, rule)
    };
    (selected || names(&options.extend_select, rule)) && !names(&options.ignore, rule)
}

/// The severity `options` give `rule`: its override, or its default.
pub fn severity_of(rule: &Rule, options: &Options) -> Severity {
    options
        .severity
        .iter()
        .find(|(id, _)| lookup(id).is_some_and(|r| std::ptr::eq(r, rule)))
        .map_or(rule.severity, |(_, severity)| *severity)
}

/// Whether the stage a hit is in is of a kind the rule judges.
fn judged(rule: &Rule, model: &Model, hit: &Hit) -> bool {
    model
        .purpose_at_line(hit.span.line)
        .is_none_or(|purpose| rule.judges.covers(purpose.kind))
}

fn run_where(model: &Model, options: &Options, include: impl Fn(&Rule) -> bool) -> Vec<Checked> {
    let suppressions = Suppressions::read(model.tree);
    let mut checked = Vec::new();
    for rule in ALL.iter().copied().filter(|rule| include(rule)) {
        if !is_selected(rule, options) {
            continue;
        }
        let severity = severity_of(rule, options);
        let mut hits = Vec::new();
        (rule.check)(model, &mut hits);
        let strings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        checked.extend(
            hits.into_iter()
                .filter(|hit| !suppressions.covers(rule, hit.span))
                .filter(|hit| judged(rule, model, hit))
                .map(|hit| Checked {
                    finding: Finding {
                        rule: rule.code.into(),
                        name: rule.name.into(),
                        category: rule.category.as_str().into(),
                        severity,
                        message: hit.message,
                        span: hit.span,
                        fix: hit.fix.as_ref().map_or(FixAvailability::None, |fix| fix.safety),
                        hadolint: strings(rule.hadolint),
                        buildkit: strings(rule.buildkit),
                        trivy: strings(rule.trivy),
                        stage_note: model.purpose_at_line(hit.span.line).and_then(|p| p.note()),
                    },
                    fix: hit.fix,
                }),
        );
    }
    crate::sort::sort_by(&mut checked, |a, b| {
        (a.finding.span.start, &a.finding.rule).cmp(&(b.finding.span.start, &b.finding.rule))
    });
    checked
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::syntax;

    /// The hits a rule reports for `source` with default options, in order.
    pub fn hits(rule: &Rule, source: &str) -> Vec<Hit> {
        hits_with(rule, source, &Options::default())
    }

    /// The hits as the engine keeps them: in the kinds of stage the rule judges.
    pub fn hits_with(rule: &Rule, source: &str, options: &Options) -> Vec<Hit> {
        let tree = syntax::parse(source);
        let model = Model::new(&tree, options);
        let mut hits = Vec::new();
        (rule.check)(&model, &mut hits);
        hits.retain(|hit| judged(rule, &model, hit));
        hits
    }

    /// Messages the rule reports for `source`, in order.
    pub fn check(rule: &Rule, source: &str) -> Vec<String> {
        hits(rule, source).into_iter().map(|hit| hit.message).collect()
    }

    /// Asserts that `rule` reports nothing on any of `sources`, naming the first source it fires on.
    #[track_caller]
    pub fn assert_quiet(rule: &Rule, sources: &[&str]) {
        for source in sources {
            assert!(check(rule, source).is_empty(), "{source}");
        }
    }

    /// The text under each hit's span.
    pub fn flagged<'s>(rule: &Rule, source: &'s str) -> Vec<&'s str> {
        hits(rule, source)
            .into_iter()
            .map(|hit| &source[hit.span.start..hit.span.end])
            .collect()
    }

    /// `source` with the first hit's fix applied (edits applied back to front).
    pub fn fixed(rule: &Rule, source: &str) -> Option<String> {
        let fix = hits(rule, source).into_iter().find_map(|hit| hit.fix)?;
        let mut edits = fix.edits;
        crate::sort::sort_by_key(&mut edits, |edit| std::cmp::Reverse(edit.range.start));
        let mut text = source.to_string();
        for edit in edits {
            text.replace_range(edit.range, &edit.replacement);
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                rule.name
            );
            let letter = match rule.category {
                Category::Base => 'B',
                Category::Cache => 'L',
                Category::Packages => 'P',
                Category::Python => 'Y',
                Category::Security => 'S',
                Category::Correctness => 'C',
            };
            assert!(
                rule.code.starts_with(letter) && rule.code.len() == 4,
                "{} should be {letter}nnn",
                rule.code
            );
            let e = &rule.explanation;
            for (field, text) in [
                ("summary", e.summary),
                ("why", e.why),
                ("bad", e.bad),
                ("good", e.good),
                ("source", e.source),
            ] {
                assert!(!text.trim().is_empty(), "{} has an empty {field}", rule.code);
            }
        }
    }

    /// Examples are Dockerfile excerpts; rules about the build context also see a minimal `.dockerignore`
    /// like many real ones: it excludes `node_modules` and `.env`, but not the other secrets (`.git`, keys).
    fn example_options() -> [Options; 2] {
        let with_model = Options {
            context: crate::analysis::ContextFiles {
                dockerignore: Some("node_modules\n.env\n".into()),
                // The files of a small project, for the rules that ask whether a source is there.
                files: Some(
                    [
                        "app.py",
                        "main.py",
                        "requirements.txt",
                        "pyproject.toml",
                        "uv.lock",
                        ".env",
                        "src/app/__init__.py",
                    ]
                    .map(String::from)
                    .to_vec(),
                ),
                ..Default::default()
            },
            ..Options::default()
        };
        [Options::default(), with_model]
    }

    #[test]
    fn every_bad_example_fires_and_every_good_example_does_not() {
        for rule in ALL {
            let e = &rule.explanation;
            let fires = |source| {
                example_options()
                    .iter()
                    .any(|o| !testing::hits_with(rule, source, o).is_empty())
            };
            assert!(fires(e.bad), "{}: its bad example does not fire", rule.code);
            assert!(!fires(e.good), "{}: its good example fires", rule.code);
        }
    }

    #[test]
    fn rules_that_fix_say_so_in_the_catalog() {
        for rule in ALL {
            let e = &rule.explanation;
            for options in example_options() {
                for hit in testing::hits_with(rule, e.bad, &options) {
                    if let Some(fix) = hit.fix {
                        assert_ne!(
                            rule.fix,
                            FixAvailability::None,
                            "{} offers fixes but declares none",
                            rule.code
                        );
                        if fix.safety == FixAvailability::Safe {
                            assert_eq!(rule.fix, FixAvailability::Safe, "{} offers a safe fix", rule.code);
                        }
                    }
                }
            }
        }
    }

    /// Effects belong to fixes, and a safe fix may not change what is installed or restructure the image.
    #[test]
    fn only_fixes_declare_effects_and_safe_ones_stay_narrow() {
        for rule in ALL {
            match rule.fix {
                FixAvailability::None => assert!(rule.effects.is_empty(), "{} has no fix but effects", rule.code),
                FixAvailability::Safe => assert!(
                    !rule
                        .effects
                        .iter()
                        .any(|e| matches!(e, Effect::Anything | Effect::Packages | Effect::PythonPackages)),
                    "{}: a safe fix that changes what is installed is not safe",
                    rule.code
                ),
                FixAvailability::OptIn => {}
            }
        }
    }

    #[test]
    fn lookup_accepts_code_name_and_equivalents() {
        let rule = ALL[0];
        assert!(std::ptr::eq(lookup(&rule.code.to_lowercase()).unwrap(), rule));
        assert!(std::ptr::eq(lookup(rule.name).unwrap(), rule));
        if let Some(dl) = rule.hadolint.first() {
            assert!(std::ptr::eq(lookup(dl).unwrap(), rule));
        }
        assert!(lookup("no-such-rule").is_none());
    }

    fn codes(source: &str, options: &Options) -> Vec<String> {
        let tree = crate::syntax::parse(source);
        run(&Model::new(&tree, options), options)
            .into_iter()
            .map(|c| c.finding.rule)
            .collect()
    }

    #[test]
    fn suppression_comments_cover_the_next_instruction_only() {
        let source = "# hadolint ignore=DL3006\nFROM python\nFROM node\n";
        assert_eq!(codes(source, &Options::default()), ["B001"]);
        for comment in [
            "# dflab ignore=B001",
            "# trivy:ignore:AVD-DS-0001",
            "# hadolint ignore=base-image-untagged",
        ] {
            let source = format!("{comment}\nFROM python\n");
            assert!(codes(&source, &Options::default()).is_empty(), "{comment}");
        }
        assert!(codes(
            "# hadolint global ignore=DL3006\nFROM python\nFROM node\n",
            &Options::default()
        )
        .is_empty());
    }

    #[test]
    fn options_select_ignore_and_regrade() {
        let source = "FROM python\n";
        let ignore = Options {
            ignore: vec!["DL3006".into()],
            ..Options::default()
        };
        assert!(codes(source, &ignore).is_empty());
        let select_other = Options {
            select: vec!["no-such".into()],
            ..Options::default()
        };
        assert!(codes(source, &select_other).is_empty());
        let tree = crate::syntax::parse(source);
        let mut regrade = Options::default();
        regrade.severity.insert("B001".into(), Severity::Error);
        let checked = run(&Model::new(&tree, &regrade), &regrade);
        assert_eq!(checked[0].finding.severity, Severity::Error);
    }

    #[test]
    fn extend_select_turns_on_a_rule_that_is_off_by_default_and_keeps_the_others() {
        let off = ALL
            .iter()
            .copied()
            .find(|rule| !rule.enabled)
            .expect("a rule off by default");
        let on = ALL
            .iter()
            .copied()
            .find(|rule| rule.enabled)
            .expect("a rule on by default");
        let mut options = Options::default();
        assert!(!is_selected(off, &options) && is_selected(on, &options));
        options.extend_select.push(off.code.into());
        assert!(is_selected(off, &options) && is_selected(on, &options));
        options.ignore.push(off.name.into());
        assert!(!is_selected(off, &options), "ignore wins");
        let pin = Options {
            extend_select: vec!["DL3008".into()],
            ..Options::default()
        };
        let source = "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        assert!(!codes(source, &Options::default())
            .iter()
            .any(|c| lookup(c).is_some_and(|r| r.hadolint.contains(&"DL3008"))));
        assert!(codes(source, &pin)
            .iter()
            .any(|c| lookup(c).is_some_and(|r| r.hadolint.contains(&"DL3008"))));
    }
}
