//! `dflab`: Dockerfile Lab on the command line. Every subcommand is a view of `dflab_core::analyze` or the
//! rule catalog, so the CLI shows exactly what the web page shows.

mod catalog;
mod cli;
mod context;
mod fix;
mod lesson;
mod report;
mod terminal;
mod verify;

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use cli::{CheckArgs, CheckFormat, Cli, Command, ParseFormat, RulesFormat, TextOrJson};
use dflab_core::{analyze, rules};
use report::Checked;

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(with_default_subcommand(std::env::args_os().collect())) {
        Ok(cli) => cli,
        // Help and version go to stdout with exit 0; a wrong command line to stderr with exit 2.
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    // Buffered: stdout alone is line-buffered and scans every small write serde_json makes for a newline.
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let result = if writes_a_file(&cli.command) {
        write_with(stdout, &cli.command)
    } else {
        write_with(terminal::TerminalSafe::new(stdout), &cli.command)
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("dflab: {message}\n\nRun `dflab --help` for usage.");
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) => {
            eprintln!("dflab: {message}");
            ExitCode::from(2)
        }
    }
}

fn write_with(mut out: impl Write, command: &Command) -> Result<ExitCode, Failure> {
    let code = run(command, &mut out)?;
    out.flush()?;
    Ok(code)
}

/// Whether the command prints a Dockerfile (to be redirected into a file) rather than a report for people;
/// reports go through [`terminal::TerminalSafe`] so the input cannot drive the terminal.
fn writes_a_file(command: &Command) -> bool {
    match command {
        Command::Fix(args) => !args.diff,
        Command::Lesson(cli::LessonCommand::Start { .. }) => true,
        _ => false,
    }
}

/// `dflab FILE...` is `dflab analyze FILE...`, as before subcommands existed.
fn with_default_subcommand(mut argv: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if let Some(first) = argv.get(1).and_then(|a| a.to_str()) {
        let known = first == "help" || Cli::command().get_subcommands().any(|s| s.get_name() == first);
        if (first == "-" || !first.starts_with('-')) && !known {
            argv.insert(1, "analyze".into());
        }
    }
    argv
}

pub enum Failure {
    Usage(String),
    Io(String),
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error.to_string())
    }
}

fn run(command: &Command, out: &mut impl Write) -> Result<ExitCode, Failure> {
    match command {
        Command::Check(args) => return check(args, out),
        Command::Fix(args) => return fix::run(args, out),
        Command::Parse(args) => return parse(&args.files, args.format, out),
        Command::Lesson(command) => return lesson::run(command, out),
        Command::Verify(args) => return verify::run(args, out),
        Command::Rules(args) => match args.format {
            RulesFormat::Text => list_rules(out)?,
            RulesFormat::Json => {
                for rule in rules::ALL {
                    serde_json::to_writer(&mut *out, rule).map_err(|e| Failure::Io(e.to_string()))?;
                    writeln!(out)?;
                }
            }
            RulesFormat::Markdown => catalog::write_markdown(out)?,
        },
        Command::Explain { rule } => explain(out, rule)?,
        Command::Layers(args) => {
            let mut options = args.rules.options(&args.opt_in)?;
            for path in &args.files {
                // requirements.txt and the context's size sharpen the estimate, as in `check`.
                options.context = context::for_dockerfile(path, &args.context).map_err(Failure::Io)?;
                let analysis = analyze(&read_source(path)?, &options);
                match args.format {
                    TextOrJson::Json => {
                        serde_json::to_writer(&mut *out, &analysis.layers).map_err(|e| Failure::Io(e.to_string()))?;
                        writeln!(out)?;
                    }
                    TextOrJson::Text => report::layers::write(out, path, &analysis.layers)?,
                }
            }
        }
        Command::Analyze(args) => {
            let mut options = args.rules.options(&args.opt_in)?;
            for path in &args.files {
                options.context = context::for_dockerfile(path, &args.context).map_err(Failure::Io)?;
                let analysis = analyze(&read_source(path)?, &options);
                serde_json::to_writer(&mut *out, &analysis).map_err(|e| Failure::Io(e.to_string()))?;
                writeln!(out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: &CheckArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mut options = args.rules.options(&Default::default())?;
    let mut checked = Vec::new();
    for path in &args.files {
        let source = read_source(path)?;
        options.context = context::for_dockerfile(path, &args.context).map_err(Failure::Io)?;
        let findings = dflab_core::markdown::reported_findings(&analyze(&source, &options));
        checked.push(Checked {
            path: if path == "-" { "<stdin>".into() } else { path.clone() },
            source,
            findings,
        });
    }
    match args.format {
        CheckFormat::Text => report::text::write(out, &checked)?,
        CheckFormat::Json => report::jsonl::write(out, &checked)?,
        CheckFormat::Sarif => report::sarif::write(out, &checked)?,
        CheckFormat::Markdown => report::markdown::write(out, &checked)?,
    }
    let failing = checked
        .iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.severity >= args.fail_on);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The id under which `check` reports what BuildKit's parser rejects (the file cannot build).
pub use dflab_core::markdown::SYNTAX_ERROR;

/// BuildKit's view of each file, so any output can be diffed against BuildKit's own parser.
fn parse(files: &[String], format: ParseFormat, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mut rejected = false;
    for path in files {
        let tree = dflab_core::syntax::parse(&read_source(path)?);
        rejected |= tree.rejected().is_some();
        match format {
            ParseFormat::Ast => write!(out, "{}", dflab_core::syntax::buildkit::ast_dump(&tree))?,
            ParseFormat::Json => {
                let file = dflab_core::syntax::buildkit::dump_file(path, &tree);
                serde_json::to_writer(&mut *out, &file).map_err(|e| Failure::Io(e.to_string()))?;
                writeln!(out)?;
            }
        }
    }
    Ok(if rejected { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn list_rules(out: &mut impl Write) -> std::io::Result<()> {
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
            "{:<6} {:<40} {:<12} {:<8} {}",
            rule.code,
            rule.name,
            rule.category.as_str(),
            rule.severity.as_str(),
            equivalents.join(",")
        )?;
    }
    Ok(())
}

fn explain(out: &mut impl Write, id: &str) -> Result<(), Failure> {
    let rule = rules::lookup(id).ok_or_else(|| Failure::Usage(format!("no rule named `{id}` (see `dflab rules`)")))?;
    let e = &rule.explanation;
    let equivalents: Vec<&str> = rule
        .hadolint
        .iter()
        .chain(rule.buildkit)
        .chain(rule.trivy)
        .copied()
        .collect();
    writeln!(
        out,
        "{} {} ({}, {})",
        rule.code,
        rule.name,
        rule.category.as_str(),
        rule.severity.as_str()
    )?;
    if !equivalents.is_empty() {
        writeln!(out, "Also known as: {}", equivalents.join(", "))?;
    }
    let indent = |text: &str| text.lines().map(|line| format!("    {line}\n")).collect::<String>();
    write!(
        out,
        "\n{}\n\nWhy: {}\n\nBad:\n{}\nGood:\n{}\nSource: {}\n",
        e.summary,
        e.why,
        indent(e.bad),
        indent(e.good),
        e.source
    )?;
    Ok(())
}

/// Reads a file or standard input. Invalid UTF-8 is replaced rather than refused, so any bytes get diagnostics.
pub fn read_source(path: &str) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    read.map_err(|e| Failure::Io(format!("{path}: {e}")))?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}
