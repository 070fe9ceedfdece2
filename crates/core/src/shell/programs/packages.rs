//! System package managers: apt-get/apt, apk, yum/dnf/microdnf/zypper.

use super::{flag_values, last_flag_value, lookup, packages_at, split_subcommand, Operand, Package, Subcommand};
use crate::shell::args::{self, Args, Spec};
use crate::shell::ast::Word;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AptAction {
    Update,
    Install,
    Upgrade,
    DistUpgrade,
    Remove,
    Purge,
    Autoremove,
    Clean,
    Autoclean,
    DistClean,
    #[default]
    Other,
}

/// `apt-get`, `apt` or `aptitude`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AptGet {
    /// `apt-get`, `apt` or `aptitude`.
    pub tool: String,
    pub subcommand: Option<Subcommand>,
    pub action: AptAction,
    /// `-y`, `--yes`, `--assume-yes`, or `-o APT::Get::Assume-Yes=true`.
    pub assume_yes: bool,
    /// Quiet level: `-q` counts 1, `-qq` 2, `-q=2`/`--quiet=2` 2.
    pub quiet: u8,
    /// `--no-install-recommends` or `-o APT::Install-Recommends=false`.
    pub no_install_recommends: bool,
    /// `--allow-unauthenticated`, `--allow-insecure-repositories`, or `-o APT::Get::AllowUnauthenticated=true`.
    pub allow_unauthenticated: bool,
    /// `--auto-remove`/`--autoremove` on remove/purge.
    pub auto_remove: bool,
    /// Values of `-o`/`--option`.
    pub options: Vec<Operand>,
    /// Packages (`name`, `name=version`, `name/release`, `./local.deb`).
    pub packages: Vec<Package>,
    pub args: Args,
}

impl AptGet {
    /// `-y`-like flags or quiet level 2, which implies `--assume-yes` for apt-get.
    pub fn non_interactive(&self) -> bool {
        self.assume_yes || self.quiet >= 2
    }

    /// Byte offset right after the subcommand word: where to insert ` --no-install-recommends`.
    pub fn insert_offset(&self) -> Option<usize> {
        self.subcommand.as_ref().map(Subcommand::insert_offset)
    }
}

const APT_SPEC: Spec = Spec {
    short_value: b"octa",
    long_value: "--option --config-file --target-release --default-release --host-architecture --build-profiles",
    single_dash_long: false,
    stop_at_operand: false,
};

fn truthy(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on")
}

const APT_ACTIONS: &[(&str, AptAction)] = &[
    ("update", AptAction::Update),
    ("install", AptAction::Install),
    ("reinstall", AptAction::Install),
    ("upgrade", AptAction::Upgrade),
    ("full-upgrade", AptAction::Upgrade),
    ("safe-upgrade", AptAction::Upgrade),
    ("dist-upgrade", AptAction::DistUpgrade),
    ("remove", AptAction::Remove),
    ("purge", AptAction::Purge),
    ("autoremove", AptAction::Autoremove),
    ("auto-remove", AptAction::Autoremove),
    ("clean", AptAction::Clean),
    ("autoclean", AptAction::Autoclean),
    ("auto-clean", AptAction::Autoclean),
    ("dist-clean", AptAction::DistClean),
    ("distclean", AptAction::DistClean),
];

/// `name`, `name=version`, `name/release` or a local `.deb`.
fn apt_package(word: &Word) -> Package {
    let mut p = Package::new(word);
    if p.spec.starts_with('.') || p.spec.starts_with('/') || p.spec.ends_with(".deb") {
        p.local = true;
        return p;
    }
    if p.spec.contains('=') {
        p = p.split_at_ops(&["="]);
    } else if let Some((name, release)) = p.spec.clone().split_once('/') {
        p.name = name.to_string();
        p.op = Some("/".into());
        p.version = Some(release.to_string());
    }
    p
}

pub(crate) fn apt(tool: &str, args: &[Word]) -> AptGet {
    let parsed = args::parse(args, &APT_SPEC);
    let (subcommand, operands) = split_subcommand(args, &parsed);
    let action = lookup(APT_ACTIONS, subcommand.as_ref().map(|s| s.name.as_str())).unwrap_or_default();
    let options = flag_values(&parsed, "-o --option");
    let option = |key: &str| {
        options.iter().any(|o| {
            o.value
                .split_once('=')
                .is_some_and(|(k, v)| k.eq_ignore_ascii_case(key) && truthy(v))
        })
    };
    let option_false = |key: &str| {
        options.iter().any(|o| {
            o.value
                .split_once('=')
                .is_some_and(|(k, v)| k.eq_ignore_ascii_case(key) && !truthy(v))
        })
    };
    let mut quiet = parsed.count_any("-q") as u8;
    for flag in parsed.get_any("-q --quiet") {
        if let Some(level) = flag.value.as_deref().and_then(|v| v.parse::<u8>().ok()) {
            quiet = quiet.max(level);
        } else if flag.name == "--quiet" {
            quiet = quiet.max(1);
        }
    }
    let packages = if matches!(action, AptAction::Other | AptAction::Update | AptAction::Clean) {
        Vec::new()
    } else {
        packages_at(args, &operands, apt_package)
    };
    AptGet {
        tool: tool.to_string(),
        assume_yes: parsed.has_any("-y --yes --assume-yes") || option("APT::Get::Assume-Yes"),
        quiet,
        no_install_recommends: parsed.has_any("--no-install-recommends") || option_false("APT::Install-Recommends"),
        allow_unauthenticated: parsed.has_any("--allow-unauthenticated --allow-insecure-repositories")
            || option("APT::Get::AllowUnauthenticated"),
        auto_remove: parsed.has_any("--auto-remove --autoremove"),
        subcommand,
        action,
        options,
        packages,
        args: parsed,
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApkAction {
    Add,
    Del,
    Update,
    Upgrade,
    /// `apk cache ...` (`apk cache clean`).
    Cache,
    #[default]
    Other,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Apk {
    pub subcommand: Option<Subcommand>,
    pub action: ApkAction,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `-U`/`--update` (refresh the index first).
    pub update: bool,
    /// `-t`/`--virtual NAME`.
    pub virtual_name: Option<Operand>,
    /// `--allow-untrusted`.
    pub allow_untrusted: bool,
    /// Packages with optional `=ver`, `~ver`, `>ver`, `<ver`, `>=ver`, `<=ver`, `~=ver`.
    pub packages: Vec<Package>,
    pub args: Args,
}

impl Apk {
    /// Byte offset right after the subcommand (`add`): where to insert ` --no-cache`.
    pub fn insert_offset(&self) -> Option<usize> {
        self.subcommand.as_ref().map(Subcommand::insert_offset)
    }
}

const APK_SPEC: Spec = Spec {
    short_value: b"tXp",
    long_value: "--virtual --repository --root --repositories-file --keys-dir --arch --cache-dir --cache-max-age \
        --timeout",
    single_dash_long: false,
    stop_at_operand: false,
};

const APK_ACTIONS: &[(&str, ApkAction)] = &[
    ("add", ApkAction::Add),
    ("del", ApkAction::Del),
    ("update", ApkAction::Update),
    ("upgrade", ApkAction::Upgrade),
    ("cache", ApkAction::Cache),
];

/// `name` with an optional constraint, or a local `.apk`.
fn apk_package(word: &Word) -> Package {
    let p = Package::new(word);
    if p.spec.ends_with(".apk") || p.spec.starts_with('/') || p.spec.starts_with("./") {
        return Package { local: true, ..p };
    }
    p.split_at_ops(&["=", "~", ">", "<", ">=", "<=", "~="])
}

pub(crate) fn apk(args: &[Word]) -> Apk {
    let parsed = args::parse(args, &APK_SPEC);
    let (subcommand, operands) = split_subcommand(args, &parsed);
    let action = lookup(APK_ACTIONS, subcommand.as_ref().map(|s| s.name.as_str())).unwrap_or_default();
    let packages = if matches!(action, ApkAction::Add | ApkAction::Del) {
        packages_at(args, &operands, apk_package)
    } else {
        Vec::new()
    };
    Apk {
        subcommand,
        action,
        no_cache: parsed.has_any("--no-cache"),
        update: parsed.has_any("-U --update"),
        virtual_name: last_flag_value(&parsed, "-t --virtual"),
        allow_untrusted: parsed.has_any("--allow-untrusted"),
        packages,
        args: parsed,
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RpmAction {
    Install,
    /// `update`, `upgrade`, zypper `up`/`dup`.
    Update,
    Remove,
    Clean,
    Makecache,
    #[default]
    Other,
}

/// `yum`, `dnf`, `microdnf`, `tdnf` or `zypper`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rpm {
    pub tool: String,
    pub subcommand: Option<Subcommand>,
    pub action: RpmAction,
    /// `-y`, `--assumeyes`, zypper `-n`/`--non-interactive`/`--no-confirm`.
    pub assume_yes: bool,
    /// `--nodocs`, `--no-docs` or `--setopt=tsflags=nodocs`.
    pub nodocs: bool,
    /// `clean all`, zypper `clean -a`/`--all`.
    pub clean_all: bool,
    /// Packages; yum/dnf `name-1.2` is split at the first `-` followed by a digit, zypper `name=1.2`.
    pub packages: Vec<Package>,
    pub args: Args,
}

impl Rpm {
    /// Byte offset right after the subcommand (`install`): where to insert ` -y` or ` --nodocs`.
    pub fn insert_offset(&self) -> Option<usize> {
        self.subcommand.as_ref().map(Subcommand::insert_offset)
    }
}

const RPM_SPEC: Spec = Spec {
    short_value: b"cdexR",
    long_value: "--setopt --enablerepo --disablerepo --installroot --releasever --exclude --config --repo \
        --repofrompath --from-repo --repository --root --type",
    single_dash_long: false,
    stop_at_operand: false,
};

const ZYPPER_SPEC: Spec = Spec {
    short_value: b"cDRrtp",
    long_value: "--root --config --repo --from --type --reposd-dir --cache-dir",
    single_dash_long: false,
    stop_at_operand: false,
};

/// Where the version starts in a yum/dnf package spec `NAME-VERSION` or `NAME-VERSION-RELEASE` (an epoch
/// `N:` may lead the version), or `None` for a bare name. The version and the release are the last one or
/// two `-` fields, and each starts with a digit; a version has a `.` or an epoch. Names may contain `-digit`
/// themselves (`java-1.8.0-openjdk`, `gcc-toolset-12`), so the fields are taken from the end.
fn rpm_version_at(spec: &str) -> Option<usize> {
    let digit_at = |k: usize| spec.as_bytes().get(k).is_some_and(u8::is_ascii_digit);
    let last = spec.rfind('-')? + 1;
    if last < 2 || !digit_at(last) {
        return None;
    }
    // NAME-VERSION-RELEASE when the field before the last one is a version too.
    let at = match spec[..last - 1].rfind('-') {
        Some(k) if k >= 1 && digit_at(k + 1) && spec[k + 1..last - 1].contains(['.', ':']) => k + 1,
        _ => last,
    };
    let end = spec[at..].find('-').map_or(spec.len(), |e| at + e);
    spec[at..end].contains(['.', ':']).then_some(at)
}

const RPM_ACTIONS: &[(&str, RpmAction)] = &[
    ("install", RpmAction::Install),
    ("in", RpmAction::Install),
    ("reinstall", RpmAction::Install),
    ("localinstall", RpmAction::Install),
    ("update", RpmAction::Update),
    ("upgrade", RpmAction::Update),
    ("up", RpmAction::Update),
    ("dup", RpmAction::Update),
    ("dist-upgrade", RpmAction::Update),
    ("distro-sync", RpmAction::Update),
    ("remove", RpmAction::Remove),
    ("erase", RpmAction::Remove),
    ("rm", RpmAction::Remove),
    ("autoremove", RpmAction::Remove),
    ("clean", RpmAction::Clean),
    ("cc", RpmAction::Clean),
    ("makecache", RpmAction::Makecache),
    ("refresh", RpmAction::Makecache),
    ("ref", RpmAction::Makecache),
];

/// `name`, `name-version[-release]`, zypper `name=version`, or a local `.rpm` or URL.
fn rpm_package(word: &Word) -> Package {
    let p = Package::new(word);
    if p.spec.ends_with(".rpm") || p.spec.starts_with('/') || p.spec.contains("://") {
        return Package { local: true, ..p };
    }
    if p.spec.contains(['=', '<', '>']) {
        return p.split_at_ops(&["=", "<", ">", ">=", "<="]);
    }
    match rpm_version_at(&p.spec) {
        Some(k) => Package {
            name: p.spec[..k - 1].to_string(),
            op: Some("-".into()),
            version: Some(p.spec[k..].to_string()),
            ..p
        },
        None => p,
    }
}

pub(crate) fn rpm(tool: &str, args: &[Word]) -> Rpm {
    let spec = if tool == "zypper" { &ZYPPER_SPEC } else { &RPM_SPEC };
    let parsed = args::parse(args, spec);
    let (subcommand, operands) = split_subcommand(args, &parsed);
    let action = lookup(RPM_ACTIONS, subcommand.as_ref().map(|s| s.name.as_str())).unwrap_or_default();
    let clean_all =
        action == RpmAction::Clean && (operands.iter().any(|&i| args[i].value == "all") || parsed.has_any("-a --all"));
    let packages = if matches!(action, RpmAction::Install | RpmAction::Update | RpmAction::Remove) {
        packages_at(args, &operands, rpm_package)
    } else {
        Vec::new()
    };
    let setopt_nodocs = parsed.get_any("--setopt").any(|f| {
        f.value
            .as_deref()
            .is_some_and(|v| v.replace(' ', "") == "tsflags=nodocs")
    });
    Rpm {
        tool: tool.to_string(),
        assume_yes: parsed.has_any("-y --assumeyes -n --non-interactive --no-confirm"),
        nodocs: parsed.has_any("--nodocs --no-docs") || setopt_nodocs,
        clean_all,
        subcommand,
        action,
        packages,
        args: parsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{parse, Program};

    fn program(text: &str) -> Program {
        parse(text, 0).commands().last().unwrap().program.clone()
    }

    fn names(packages: &[Package]) -> Vec<(String, Option<String>)> {
        packages.iter().map(|p| (p.name.clone(), p.version.clone())).collect()
    }

    #[test]
    fn apt_get_install() {
        let text = "apt-get install -y --no-install-recommends curl=7.88 git";
        let Program::AptGet(apt) = program(text) else { panic!() };
        assert_eq!(apt.action, AptAction::Install);
        assert!(apt.assume_yes && apt.no_install_recommends && apt.non_interactive());
        assert_eq!(
            names(&apt.packages),
            [("curl".into(), Some("7.88".into())), ("git".into(), None)]
        );
        assert!(apt.packages[0].is_pinned() && !apt.packages[1].is_pinned());
        assert_eq!(&text[apt.packages[0].span.clone()], "curl=7.88");
        assert_eq!(apt.insert_offset(), Some("apt-get install".len()));
    }

    #[test]
    #[allow(clippy::type_complexity)] // table rows
    fn apt_flags_table() {
        // (text, action, assume_yes, non_interactive, no_install_recommends, packages)
        let cases: &[(&str, AptAction, bool, bool, bool, &[&str])] = &[
            ("apt-get update", AptAction::Update, false, false, false, &[]),
            ("apt-get -qq update", AptAction::Update, false, true, false, &[]),
            ("apt-get -y install x", AptAction::Install, true, true, false, &["x"]),
            ("apt-get install --yes x", AptAction::Install, true, true, false, &["x"]),
            (
                "apt-get install --assume-yes x",
                AptAction::Install,
                true,
                true,
                false,
                &["x"],
            ),
            ("apt-get install -q=2 x", AptAction::Install, false, true, false, &["x"]),
            ("apt-get install -qq x", AptAction::Install, false, true, false, &["x"]),
            ("apt-get install -q x", AptAction::Install, false, false, false, &["x"]),
            (
                "apt-get -o Dpkg::Options::=--force-confdef -o APT::Install-Recommends=false install x",
                AptAction::Install,
                false,
                false,
                true,
                &["x"],
            ),
            (
                "apt-get install -t bookworm-backports x",
                AptAction::Install,
                false,
                false,
                false,
                &["x"],
            ),
            (
                "apt install -y x/bookworm",
                AptAction::Install,
                true,
                true,
                false,
                &["x"],
            ),
            ("apt-get upgrade -y", AptAction::Upgrade, true, true, false, &[]),
            ("apt-get dist-upgrade", AptAction::DistUpgrade, false, false, false, &[]),
            (
                "apt-get purge -y --auto-remove x",
                AptAction::Purge,
                true,
                true,
                false,
                &["x"],
            ),
            ("apt-get remove x", AptAction::Remove, false, false, false, &["x"]),
            ("apt-get autoremove -y", AptAction::Autoremove, true, true, false, &[]),
            ("apt-get clean", AptAction::Clean, false, false, false, &[]),
            ("apt-get dist-clean", AptAction::DistClean, false, false, false, &[]),
        ];
        for &(text, action, yes, nonint, nir, pkgs) in cases {
            let Program::AptGet(apt) = program(text) else {
                panic!("{text}")
            };
            let got: Vec<_> = apt.packages.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(
                (
                    apt.action,
                    apt.assume_yes,
                    apt.non_interactive(),
                    apt.no_install_recommends,
                    &got[..]
                ),
                (action, yes, nonint, nir, pkgs),
                "{text}"
            );
        }
        let Program::AptGet(apt) = program("apt-get install --allow-unauthenticated ./x.deb") else {
            panic!()
        };
        assert!(apt.allow_unauthenticated && apt.packages[0].local);
    }

    #[test]
    fn apk_table() {
        let Program::Apk(apk) = program("apk add --no-cache --virtual .build-deps gcc musl-dev=1.2 py3-x~3.1") else {
            panic!()
        };
        assert_eq!(apk.action, ApkAction::Add);
        assert!(apk.no_cache && !apk.update);
        assert_eq!(apk.virtual_name.as_ref().map(|v| v.value.as_str()), Some(".build-deps"));
        assert_eq!(
            names(&apk.packages),
            [
                ("gcc".into(), None),
                ("musl-dev".into(), Some("1.2".into())),
                ("py3-x".into(), Some("3.1".into()))
            ]
        );
        let Program::Apk(apk) = program("apk add -U --allow-untrusted 'x>1.0' 'y>=2' -t .v") else {
            panic!()
        };
        assert!(apk.update && apk.allow_untrusted);
        assert_eq!(apk.packages[0].op.as_deref(), Some(">"));
        assert_eq!(apk.packages[1].op.as_deref(), Some(">="));
        assert_eq!(apk.packages.len(), 2);
        let Program::Apk(apk) = program("apk del .build-deps") else {
            panic!()
        };
        assert_eq!((apk.action, apk.packages.len()), (ApkAction::Del, 1));
        let Program::Apk(apk) = program("apk cache clean") else {
            panic!()
        };
        assert_eq!(apk.action, ApkAction::Cache);
    }

    #[test]
    #[allow(clippy::type_complexity)] // table rows
    fn rpm_table() {
        let cases: &[(&str, RpmAction, bool, bool, bool, &[(&str, Option<&str>)])] = &[
            (
                "yum install -y httpd-2.4.6 python3-pip",
                RpmAction::Install,
                true,
                false,
                false,
                &[("httpd", Some("2.4.6")), ("python3-pip", None)],
            ),
            (
                "dnf install -y java-1.8.0-openjdk-devel java-1.8.0-openjdk-1.8.0.412.b08-1.el8 httpd-2.4.6-99.el7 nodejs-1:18.19.0 gcc-toolset-12 python3.11-3.11.5",
                RpmAction::Install,
                true,
                false,
                false,
                &[
                    ("java-1.8.0-openjdk-devel", None),
                    ("java-1.8.0-openjdk", Some("1.8.0.412.b08-1.el8")),
                    ("httpd", Some("2.4.6-99.el7")),
                    ("nodejs", Some("1:18.19.0")),
                    ("gcc-toolset-12", None),
                    ("python3.11", Some("3.11.5")),
                ],
            ),
            (
                "dnf install -y --nodocs java-11-openjdk",
                RpmAction::Install,
                true,
                true,
                false,
                &[("java-11-openjdk", None)],
            ),
            (
                "microdnf install -y --setopt=tsflags=nodocs x",
                RpmAction::Install,
                true,
                true,
                false,
                &[("x", None)],
            ),
            ("yum clean all", RpmAction::Clean, false, false, true, &[]),
            ("dnf clean packages", RpmAction::Clean, false, false, false, &[]),
            (
                "zypper -n install x=1.0",
                RpmAction::Install,
                true,
                false,
                false,
                &[("x", Some("1.0"))],
            ),
            (
                "zypper --non-interactive in x",
                RpmAction::Install,
                true,
                false,
                false,
                &[("x", None)],
            ),
            ("zypper clean -a", RpmAction::Clean, false, false, true, &[]),
            ("yum update -y", RpmAction::Update, true, false, false, &[]),
            (
                "yum --enablerepo epel install -y x",
                RpmAction::Install,
                true,
                false,
                false,
                &[("x", None)],
            ),
        ];
        for &(text, action, yes, nodocs, clean_all, pkgs) in cases {
            let Program::Rpm(rpm) = program(text) else {
                panic!("{text}")
            };
            let got: Vec<_> = rpm
                .packages
                .iter()
                .map(|p| (p.name.as_str(), p.version.as_deref()))
                .collect();
            assert_eq!(
                (rpm.action, rpm.assume_yes, rpm.nodocs, rpm.clean_all, &got[..]),
                (action, yes, nodocs, clean_all, pkgs),
                "{text}"
            );
        }
    }
}
