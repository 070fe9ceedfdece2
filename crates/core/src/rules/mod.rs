//! The rule registry and engine. A rule is one file holding its metadata, explanation, check, fix and tests;
//! the catalog (CLI `rules`/`explain`, SARIF, the web catalog page) is generated from [`ALL`], so text
//! cannot drift from behaviour.

mod base;
mod cache;
mod context;
mod correctness;
mod packages;
mod python;
mod security;
mod suppress;

use std::ops::Range;

use serde::Serialize;

pub use context::Context;

use crate::analysis::{Finding, FixAvailability, Options, Severity};
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
    pub hadolint: &'static [&'static str],
    pub buildkit: &'static [&'static str],
    pub trivy: &'static [&'static str],
    /// The best fix the rule can offer; each hit says what it actually offers.
    pub fix: FixAvailability,
    pub explanation: Explanation,
    #[serde(skip)]
    pub check: fn(&Context, &mut Vec<Hit>),
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

/// Text edits that resolve a hit, applied together by the rewriter.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// What the fix does, e.g. "add `--no-install-recommends`".
    pub title: String,
    /// `Safe` or `OptIn`.
    pub safety: FixAvailability,
    /// For opt-in fixes: the one-line warning of what changes in the image.
    pub warning: Option<String>,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix the rewriter may apply by default.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title.into(), FixAvailability::Safe, None, edits)
    }

    /// A fix applied only when asked for, with the one-line warning of what changes in the image.
    pub fn opt_in(title: impl Into<String>, warning: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title.into(), FixAvailability::OptIn, Some(warning.into()), edits)
    }

    fn new(title: String, safety: FixAvailability, warning: Option<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title,
            safety,
            warning,
            edits,
        }
    }
}

/// Replace the bytes `range` of the Dockerfile with `replacement` (an empty range inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            range: at..at,
            replacement: text.into(),
        }
    }

    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Self {
        Edit {
            range,
            replacement: text.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit {
            range,
            replacement: String::new(),
        }
    }
}

/// Every rule, in catalog order. Add a rule inside its category's section.
pub static ALL: &[&Rule] = &[
    // base images
    &base::untagged_image::RULE,
    &base::latest_tag::RULE,
    &base::digest_pin::RULE,
    &base::full_variant::RULE,
    &base::alpine_compiled_python::RULE,
    &base::python_eol::RULE,
    &base::node_eol::RULE,
    &base::os_release_eol::RULE,
    &base::platform_constant::RULE,
    &base::redundant_target_platform::RULE,
    &base::final_build_platform::RULE,
    &base::undefined_arg_in_from::RULE,
    &base::invalid_default_arg_in_from::RULE,
    &base::invalid_reference::RULE,
    &base::python_minor_floating::RULE,
    &base::distro_floating::RULE,
    &base::deprecated_image::RULE,
    &base::python_prerelease::RULE,
    &base::unstable_distro::RULE,
    &base::arch_namespace::RULE,
    &base::stage_python_mismatch::RULE,
    // end of base images

    // layers and cache
    &cache::install_after_source_copy::RULE,
    &cache::context_copy_dockerignore::RULE,
    &cache::cleanup_in_later_layer::RULE,
    &cache::chown_after_copy::RULE,
    &cache::consecutive_runs::RULE,
    &cache::update_alone::RULE,
    &cache::apt_lists_left::RULE,
    &cache::apk_cache_left::RULE,
    &cache::yum_cache_left::RULE,
    &cache::dnf_cache_left::RULE,
    &cache::zypper_cache_left::RULE,
    &cache::npm_cache_left::RULE,
    &cache::yarn_cache_left::RULE,
    &cache::apt_cache_mount_docker_clean::RULE,
    &cache::cleanup_in_cache_mount::RULE,
    &cache::cache_mount_available::RULE,
    // end of layers and cache

    // package managers
    &packages::apt_install_yes::RULE,
    &packages::apt_install_recommends::RULE,
    &packages::apt_not_apt_get::RULE,
    &packages::apt_upgrade::RULE,
    &packages::apt_unpinned::RULE,
    &packages::apk_unpinned::RULE,
    &packages::apk_upgrade::RULE,
    &packages::node_unpinned::RULE,
    &packages::gem_unpinned::RULE,
    &packages::go_install_unpinned::RULE,
    &packages::yum_install_yes::RULE,
    &packages::yum_unpinned::RULE,
    &packages::zypper_non_interactive::RULE,
    &packages::zypper_dist_upgrade::RULE,
    &packages::zypper_unpinned::RULE,
    &packages::dnf_install_yes::RULE,
    &packages::dnf_unpinned::RULE,
    &packages::wget_progress::RULE,
    &packages::curl_and_wget::RULE,
    &packages::node_install_with_lockfile::RULE,
    &packages::node_dev_dependencies::RULE,
    &packages::gem_no_document::RULE,
    &packages::apt_install_without_update::RULE,
    // end of package managers

    // python
    &python::pip_no_cache_dir::RULE,
    &python::pip_unpinned::RULE,
    &python::uv_image_unpinned::RULE,
    &python::uv_sync_unlocked::RULE,
    &python::uv_link_mode::RULE,
    &python::unbuffered_missing::RULE,
    &python::uv_bytecode::RULE,
    &python::venv_moved::RULE,
    &python::pip_user_invisible::RULE,
    &python::pip_tls_off::RULE,
    &python::index_credentials::RULE,
    &python::poetry_dev::RULE,
    &python::pipenv_deploy::RULE,
    &python::pip_outside_venv::RULE,
    &python::distro_python::RULE,
    &python::editable_install::RULE,
    &python::install_not_copied::RULE,
    &python::break_system_packages::RULE,
    &python::build_tools_in_final::RULE,
    // end of python

    // security
    &security::final_user_root::RULE,
    &security::sudo::RULE,
    &security::secret_env::RULE,
    &security::secret_files::RULE,
    &security::dockerignore_secrets::RULE,
    &security::tls_off::RULE,
    &security::remote_script::RULE,
    &security::world_writable::RULE,
    &security::ssh_port::RULE,
    &security::add_url_checksum::RULE,
    &security::add_instead_of_copy::RULE,
    &security::useradd_log_init::RULE,
    &security::missing_healthcheck::RULE,
    &security::user_by_name::RULE,
    &security::secret_leaked::RULE,
    // end of security

    // correctness
    &correctness::instruction_casing::RULE,
    &correctness::duplicate_stage_name::RULE,
    &correctness::expose_format::RULE,
    &correctness::expose_proto_casing::RULE,
    &correctness::from_as_casing::RULE,
    &correctness::json_args::RULE,
    &correctness::legacy_key_value::RULE,
    &correctness::maintainer::RULE,
    &correctness::multiple_cmd::RULE,
    &correctness::multiple_entrypoint::RULE,
    &correctness::multiple_healthcheck::RULE,
    &correctness::empty_continuation::RULE,
    &correctness::reserved_stage_name::RULE,
    &correctness::stage_name_casing::RULE,
    &correctness::undefined_var::RULE,
    &correctness::workdir_relative::RULE,
    &correctness::copy_ignored_file::RULE,
    &correctness::cd_in_run::RULE,
    &correctness::container_irrelevant_command::RULE,
    &correctness::ln_sh::RULE,
    &correctness::pipefail::RULE,
    &correctness::expose_port_range::RULE,
    &correctness::copy_dest_slash::RULE,
    &correctness::copy_from_stage::RULE,
    &correctness::copy_from_self::RULE,
    &correctness::copy_missing_destination::RULE,
    &correctness::copy_relative_destination::RULE,
    &correctness::onbuild_trigger::RULE,
    &correctness::env_self_reference::RULE,
    &correctness::entrypoint_ignores_cmd::RULE,
    &correctness::instruction_before_from::RULE,
    &correctness::label_key::RULE,
    &correctness::shell_json::RULE,
    &correctness::invalid_json_array::RULE,
    &correctness::exec_form_spaces::RULE,
    &correctness::exec_form_variable::RULE,
    &correctness::healthcheck_duration::RULE,
    &correctness::global_arg_in_run::RULE,
    &correctness::shell_form_without_shell::RULE,
    &correctness::user_on_scratch::RULE,
    &correctness::stopsignal::RULE,
    &correctness::definition_description::RULE,
    &correctness::bashism::RULE,
    // end of correctness
];

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
pub fn run(context: &Context, options: &Options) -> Vec<Checked> {
    run_where(context, options, |_| true)
}

/// [`run`] for the rules that can offer a fix only: what the rewriter's later passes need, at a fraction
/// of the cost.
pub fn run_fixable(context: &Context, options: &Options) -> Vec<Checked> {
    run_where(context, options, |rule| rule.fix != FixAvailability::None)
}

fn run_where(context: &Context, options: &Options, include: impl Fn(&Rule) -> bool) -> Vec<Checked> {
    let names = |ids: &[String], rule: &Rule| ids.iter().any(|id| lookup(id).is_some_and(|r| std::ptr::eq(r, rule)));
    let suppressions = Suppressions::read(context.tree);
    let mut checked = Vec::new();
    for rule in ALL.iter().copied().filter(|rule| include(rule)) {
        let selected = if options.select.is_empty() {
            rule.enabled
        } else {
            names(&options.select, rule)
        };
        if !selected || names(&options.ignore, rule) {
            continue;
        }
        let severity = options
            .severity
            .iter()
            .find(|(id, _)| lookup(id).is_some_and(|r| std::ptr::eq(r, rule)))
            .map_or(rule.severity, |(_, severity)| *severity);
        let mut hits = Vec::new();
        (rule.check)(context, &mut hits);
        let strings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        checked.extend(
            hits.into_iter()
                .filter(|hit| !suppressions.covers(rule, hit.span))
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

    pub fn hits_with(rule: &Rule, source: &str, options: &Options) -> Vec<Hit> {
        let tree = syntax::parse(source);
        let model = syntax::model(&tree);
        let context = Context::new(&tree, &model, options);
        let mut hits = Vec::new();
        (rule.check)(&context, &mut hits);
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
        let with_context = Options {
            context: crate::analysis::ContextFiles {
                dockerignore: Some("node_modules\n.env\n".into()),
                ..Default::default()
            },
            ..Options::default()
        };
        [Options::default(), with_context]
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
        let model = crate::syntax::model(&tree);
        run(&Context::new(&tree, &model, options), options)
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
        let model = crate::syntax::model(&tree);
        let mut regrade = Options::default();
        regrade.severity.insert("B001".into(), Severity::Error);
        let checked = run(&Context::new(&tree, &model, &regrade), &regrade);
        assert_eq!(checked[0].finding.severity, Severity::Error);
    }
}
