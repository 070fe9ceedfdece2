//! `dflab`: Dockerfile Lab on the command line. Every subcommand is a view of `dflab_core::analyze` or the
//! rule catalog, so the CLI shows exactly what the web page shows.

use std::io::{Read, Write};
use std::process::ExitCode;

use dflab_core::{analyze, rules, Options};

const HELP: &str = "\
dflab - lint, rewrite and estimate the layers of Dockerfiles, offline.

USAGE:
    dflab [analyze] [OPTIONS] FILE...     print the full analysis of each file as JSON (one line per file)
    dflab rules                           list every rule: code, name, category, severity, equivalents
    dflab explain RULE                    explain a rule (code like B001, name, or hadolint id like DL3006)
    dflab help                            show this help

FILE is a path, or `-` for standard input.

OPTIONS:
    --select RULE,...      run only these rules
    --ignore RULE,...      never report these rules
    --opt-in RULE,...|all  apply these opt-in fixes in the rewrite
    -h, --help             show this help

EXIT CODES:
    0  success
    1  a file could not be read
    2  the command line was wrong
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args, &mut std::io::stdout().lock()) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("dflab: {message}\n\n{HELP}");
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) => {
            eprintln!("dflab: {message}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Io(String),
}

fn run(args: &[String], out: &mut impl Write) -> Result<ExitCode, Failure> {
    let io = |e: std::io::Error| Failure::Io(e.to_string());
    let (command, rest) = match args.first().map(String::as_str) {
        Some("analyze") => ("analyze", &args[1..]),
        Some("rules") => ("rules", &args[1..]),
        Some("explain") => ("explain", &args[1..]),
        Some("help" | "-h" | "--help") => ("help", &args[1..]),
        Some(_) => ("analyze", args),
        None => ("help", args),
    };
    match command {
        "help" => write!(out, "{HELP}").map_err(io)?,
        "rules" => {
            for rule in rules::ALL {
                let equivalents: Vec<&str> = rule
                    .hadolint
                    .iter()
                    .chain(rule.buildkit)
                    .chain(rule.trivy)
                    .copied()
                    .collect();
                writeln!(
                    out,
                    "{:<6} {:<32} {:<12} {:<8} {}",
                    rule.code,
                    rule.name,
                    rule.category.as_str(),
                    rule.severity.as_str(),
                    equivalents.join(",")
                )
                .map_err(io)?;
            }
        }
        "explain" => {
            let [id] = rest else {
                return Err(Failure::Usage("explain takes one rule id".into()));
            };
            let rule = rules::lookup(id).ok_or_else(|| Failure::Usage(format!("no rule named `{id}`")))?;
            let e = &rule.explanation;
            writeln!(
                out,
                "{} {} ({}, {})\n\n{}\n\nWhy: {}\n\nBad:\n{}\nGood:\n{}\nSource: {}",
                rule.code,
                rule.name,
                rule.category.as_str(),
                rule.severity.as_str(),
                e.summary,
                e.why,
                indent(e.bad),
                indent(e.good),
                e.source
            )
            .map_err(io)?;
        }
        _ => {
            let (options, files) = parse_options(rest)?;
            if files.is_empty() {
                return Err(Failure::Usage("no FILE given (use `-` for standard input)".into()));
            }
            for file in files {
                let source = read_source(&file).map_err(|e| Failure::Io(format!("{file}: {e}")))?;
                let analysis = analyze(&source, &options);
                serde_json::to_writer(&mut *out, &analysis).map_err(|e| Failure::Io(e.to_string()))?;
                writeln!(out).map_err(io)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_options(args: &[String]) -> Result<(Options, Vec<String>), Failure> {
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let list = |target: &mut Vec<String>, args: &mut std::slice::Iter<String>| {
            let value = inline.clone().or_else(|| args.next().cloned());
            let value = value.ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))?;
            target.extend(value.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            Ok::<_, Failure>(())
        };
        match flag {
            "--select" => list(&mut options.select, &mut args)?,
            "--ignore" => list(&mut options.ignore, &mut args)?,
            "--opt-in" => list(&mut options.opt_in, &mut args)?,
            "-" => files.push(arg.clone()),
            _ if flag.starts_with('-') => return Err(Failure::Usage(format!("unknown option `{flag}`"))),
            _ => files.push(arg.clone()),
        }
    }
    Ok((options, files))
}

/// Reads a file or standard input; invalid UTF-8 is replaced rather than refused, so any bytes get diagnostics.
fn read_source(file: &str) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file)?;
    }
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}
