//! Downloaders: curl and wget.

use super::{flag_values, last_flag_value, operands_at, Operand};
use crate::shell::args::{self, Args, Spec};
use crate::shell::ast::Word;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FetchTool {
    #[default]
    Curl,
    Wget,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fetch {
    pub tool: FetchTool,
    /// URL operands (curl: every operand and `--url`; wget: every operand).
    pub urls: Vec<Operand>,
    /// `-k`/`--insecure` (curl), `--no-check-certificate` (wget).
    pub insecure: bool,
    /// Output file: curl `-o`/`--output`, wget `-O`/`--output-document` (`-` means stdout).
    pub output: Option<Operand>,
    /// curl `-O`/`--remote-name`/`--remote-name-all`: saves under the remote name.
    pub remote_name: bool,
    /// The body goes to standard output (curl without an output option, `-o -`, wget `-O -`).
    pub to_stdout: bool,
    /// `-s`/`--silent` (curl), `-q`/`--quiet` (wget).
    pub quiet: bool,
    /// curl `-f`/`--fail`/`--fail-with-body`.
    pub fail: bool,
    /// curl `-L`/`--location`.
    pub follow_redirects: bool,
    /// `--progress-bar`/`-#` (curl) or `--progress=...` (wget) was given.
    pub progress: bool,
    /// wget `-nv`/`--no-verbose` (also within `-n` letters: `-ncv`), not undone by a later `-v`/`--verbose`:
    /// one line per download instead of the progress display.
    pub no_verbose: bool,
    /// Set by the script: the program this output is piped into, when it is an interpreter
    /// (`curl ... | sh`), or that runs it through `$(...)` (`sh -c "$(curl ...)"`).
    pub executed_by: Option<String>,
    pub args: Args,
}

const CURL_SPEC: Spec = Spec {
    short_value: b"odHuAexXwTFbcmrCEKyYzQ",
    long_value: "--output --data --data-raw --data-binary --data-urlencode --data-ascii --header --user --user-agent \
        --referer --proxy --request --write-out --upload-file --form --cookie --cookie-jar --max-time \
        --connect-timeout --retry --retry-delay --retry-max-time --range --continue-at --cacert --capath \
        --cert --key --url --resolve --limit-rate --proto --proto-redir --output-dir --config --interface \
        --dns-servers --max-filesize --time-cond --speed-limit --speed-time --quote --netrc-file --tlsv1.2 \
        --ciphers --pinnedpubkey --connect-to --max-redirs --oauth2-bearer --json --variable",
    single_dash_long: false,
    stop_at_operand: false,
};

const WGET_SPEC: Spec = Spec {
    // `-n` takes letters (`-nv`, `-nc`, `-nH`, `-nd`, `-np`, or several: `-ncv`).
    short_value: b"OoaPtTUeiwlARBDIXn",
    long_value: "--output-document --output-file --append-output --directory-prefix --tries --timeout --user-agent \
        --header --execute --input-file --user --password --http-user --http-password --post-data --post-file \
        --ca-certificate --ca-directory --certificate --private-key --wait --level --accept --reject --base \
        --domains --limit-rate --referer --method --body-data --quota --dns-timeout --connect-timeout \
        --read-timeout --waitretry --cut-dirs --load-cookies --save-cookies --secure-protocol",
    single_dash_long: false,
    stop_at_operand: false,
};

pub(crate) fn fetch(name: &str, args: &[Word]) -> Fetch {
    let tool = if name == "wget" {
        FetchTool::Wget
    } else {
        FetchTool::Curl
    };
    let spec = if tool == FetchTool::Wget {
        &WGET_SPEC
    } else {
        &CURL_SPEC
    };
    let parsed = args::parse(args, spec);
    let mut urls = operands_at(args, &parsed.operands);
    let (output, remote_name, to_stdout, insecure, quiet);
    match tool {
        FetchTool::Curl => {
            urls.extend(flag_values(&parsed, "--url"));
            output = last_flag_value(&parsed, "-o --output");
            remote_name = parsed.has_any("-O --remote-name --remote-name-all -J --remote-header-name");
            to_stdout = output.as_ref().map_or(!remote_name, |o| o.value == "-");
            insecure = parsed.has_any("-k --insecure");
            quiet = parsed.has_any("-s --silent");
        }
        FetchTool::Wget => {
            output = last_flag_value(&parsed, "-O --output-document");
            remote_name = output.is_none();
            to_stdout = output.as_ref().is_some_and(|o| o.value == "-");
            insecure = parsed.has_any("--no-check-certificate");
            quiet = parsed.has_any("-q --quiet");
        }
    }
    crate::sort::sort_by_key(&mut urls, |u| u.span.start);
    Fetch {
        tool,
        urls,
        insecure,
        output,
        remote_name,
        to_stdout,
        quiet,
        fail: parsed.has_any("-f --fail --fail-with-body"),
        follow_redirects: parsed.has_any("-L --location"),
        progress: parsed.has_any("-# --progress-bar --progress --show-progress"),
        no_verbose: tool == FetchTool::Wget
            && parsed
                .flags
                .iter()
                .rev()
                .find_map(|f| match f.name.as_str() {
                    "--no-verbose" => Some(true),
                    "-n" if f.value.as_deref().is_some_and(|v| v.contains('v')) => Some(true),
                    "-v" | "--verbose" => Some(false),
                    _ => None,
                })
                .unwrap_or(false),
        executed_by: None,
        args: parsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{parse, Program};

    fn fetch_of(text: &str) -> Fetch {
        match parse(text, 0).commands().last().unwrap().program.clone() {
            Program::Fetch(f) => *f,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    #[allow(clippy::type_complexity)] // table rows
    fn fetch_table() {
        // (text, urls, insecure, output, to_stdout, quiet)
        let cases: &[(&str, &[&str], bool, Option<&str>, bool, bool)] = &[
            (
                "curl -fsSL https://x/install.sh",
                &["https://x/install.sh"],
                false,
                None,
                true,
                true,
            ),
            (
                "curl -k -o /tmp/f https://x",
                &["https://x"],
                true,
                Some("/tmp/f"),
                false,
                false,
            ),
            (
                "curl --insecure -O https://x/a.tgz",
                &["https://x/a.tgz"],
                true,
                None,
                false,
                false,
            ),
            (
                "curl -H 'Accept: x' -u user:pw https://x -o -",
                &["https://x"],
                false,
                Some("-"),
                true,
                false,
            ),
            (
                "curl --url https://x --output f",
                &["https://x"],
                false,
                Some("f"),
                false,
                false,
            ),
            (
                "wget -q https://x/a.tgz",
                &["https://x/a.tgz"],
                false,
                None,
                false,
                true,
            ),
            ("wget -qO- https://x", &["https://x"], false, Some("-"), true, true),
            (
                "wget --no-check-certificate -O python.tar.xz \"https://p/$V.tar.xz\"",
                &["https://p/$V.tar.xz"],
                true,
                Some("python.tar.xz"),
                false,
                false,
            ),
            (
                "wget --progress=dot:giga -O x https://x",
                &["https://x"],
                false,
                Some("x"),
                false,
                false,
            ),
        ];
        for &(text, urls, insecure, output, to_stdout, quiet) in cases {
            let f = fetch_of(text);
            let got: Vec<_> = f.urls.iter().map(|u| u.value.as_str()).collect();
            assert_eq!(
                (
                    &got[..],
                    f.insecure,
                    f.output.as_ref().map(|o| o.value.as_str()),
                    f.to_stdout,
                    f.quiet
                ),
                (urls, insecure, output, to_stdout, quiet),
                "{text}"
            );
        }
        assert!(fetch_of("wget --progress=dot:giga https://x").progress);
        let f = fetch_of("curl -fsSL https://x");
        assert!(f.fail && f.follow_redirects);
    }

    #[test]
    fn wget_no_verbose() {
        let no_verbose = |text: &str| fetch_of(text).no_verbose;
        assert!(no_verbose("wget -nv https://x"));
        assert!(no_verbose("wget --no-verbose -O x https://x"));
        assert!(no_verbose("wget -ncv https://x") && no_verbose("wget -nvc https://x"));
        assert!(
            !no_verbose("wget -nv -v https://x"),
            "a later -v turns verbose output back on"
        );
        assert!(!no_verbose("wget -nc https://x") && !no_verbose("curl -nv https://x"));
        // `-nc` is no-clobber, not `-n` and `-c` (continue); the URL stays an operand.
        let f = fetch_of("wget -nc https://x");
        assert!(!f.args.has(&["-c"]));
        assert_eq!(f.urls.len(), 1);
    }
}
