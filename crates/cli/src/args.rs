//! Command-line options shared by `check` and `analyze`.

use dflab_core::{Options, Severity};

use crate::{Failure, DEFAULT_FAIL_ON};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

pub struct Args {
    pub options: Options,
    pub format: Format,
    pub fail_on: Severity,
    /// `fix`: print a unified diff instead of the rewritten file.
    pub diff: bool,
    /// `fix`: rewrite the files in place.
    pub write: bool,
    files: Vec<String>,
}

impl Args {
    pub fn parse(argv: &[String]) -> Result<Args, Failure> {
        let mut args = Args {
            options: Options::default(),
            format: Format::Text,
            fail_on: DEFAULT_FAIL_ON,
            diff: false,
            write: false,
            files: Vec::new(),
        };
        let mut rest = argv.iter();
        while let Some(arg) = rest.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| rest.next().cloned())
                    .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
            };
            let list = |value: String| {
                value
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            match flag {
                "--select" => args.options.select.extend(list(value()?)),
                "--ignore" => args.options.ignore.extend(list(value()?)),
                "--opt-in" => args.options.opt_in.extend(list(value()?)),
                "--severity" => {
                    for pair in list(value()?) {
                        let (rule, level) = pair
                            .split_once('=')
                            .ok_or_else(|| Failure::Usage(format!("--severity takes RULE=LEVEL, not `{pair}`")))?;
                        args.options.severity.insert(rule.to_string(), severity(level)?);
                    }
                }
                "--fail-on" => args.fail_on = severity(&value()?)?,
                "--format" => {
                    args.format = match value()?.as_str() {
                        "text" => Format::Text,
                        "json" => Format::Json,
                        "sarif" => Format::Sarif,
                        other => return Err(Failure::Usage(format!("unknown format `{other}` (text, json, sarif)"))),
                    }
                }
                "--diff" => args.diff = true,
                "--write" => args.write = true,
                "-" => args.files.push(arg.clone()),
                _ if flag.starts_with('-') => return Err(Failure::Usage(format!("unknown option `{flag}`"))),
                _ => args.files.push(arg.clone()),
            }
        }
        Ok(args)
    }

    pub fn files(&self) -> Result<&[String], Failure> {
        if self.files.is_empty() {
            return Err(Failure::Usage("no FILE given (use `-` for standard input)".into()));
        }
        Ok(&self.files)
    }
}

fn severity(level: &str) -> Result<Severity, Failure> {
    match level.to_ascii_lowercase().as_str() {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        _ => Err(Failure::Usage(format!(
            "unknown severity `{level}` (error, warning, info)"
        ))),
    }
}
