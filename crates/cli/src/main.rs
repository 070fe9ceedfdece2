//! `dflab`: Dockerfile Lab on the command line. Every subcommand is a view of `dflab_core::analyze` or the
//! rule catalog, so the CLI shows exactly what the web page shows.

mod args;
mod catalog;
mod fix;
mod report;

use std::io::{Read, Write};
use std::process::ExitCode;

use args::{Args, Format};
use dflab_core::{analyze, rules, Severity};
use report::Checked;

const HELP: &str = "\
dflab - lint, rewrite and estimate the layers of Dockerfiles, offline.

USAGE:
    dflab check [OPTIONS] FILE...      report findings (default format: text)
    dflab fix [--diff] [--write] [--opt-in RULE,...|all] [OPTIONS] FILE...
                                       the rewritten Dockerfile on stdout (one file), a unified diff whose
                                       hunks name their rules (--diff), or written in place (--write: the
                                       only way a file is changed). Safe fixes always; opt-in ones when named
                                       (the ones on offer are listed on stderr)
    dflab analyze [OPTIONS] FILE...    print the whole analysis (findings, rewrite, diff, layers) as JSON,
                                       one line per file
    dflab parse [--format json|ast] FILE...
                                       print BuildKit's view of each file: one JSON object per file per line
                                       in the schema of BuildKit's parser (cmd, sub_cmd, json, flags, value,
                                       start_line, end_line, original, heredocs), or BuildKit's AST dump
    dflab layers [--format text|json] [OPTIONS] FILE...
                                       the estimated layers of each file, before and after the rewrite: size
                                       range, basis, what invalidates the cache, wasted bytes (text: a bar
                                       per layer)
    dflab rules [--format json|markdown]
                                       list every rule: code, name, category, severity, equivalent ids
                                       (json: one rule per line, with its whole explanation; markdown: the
                                       catalog page, docs/rules.md)
    dflab explain RULE                 explain a rule (our code like B001, its name, or an id like DL3006)
    dflab lesson list PACK             list the lessons of a lesson pack (e.g. static/lessons/python.json)
    dflab lesson show PACK LESSON      print a lesson: what it teaches, its goal, and the starting Dockerfile
    dflab lesson start PACK LESSON     print only the starting Dockerfile (`> Dockerfile` to begin the lesson)
    dflab lesson check [LESSON OPTIONS] PACK LESSON FILE
                                       check FILE against the lesson's goal: each check with ✓ or ✗ and what
                                       remains; exits 0 when the goal is met, 1 otherwise
    dflab help                         show this help

FILE is a path, or `-` for standard input.

OPTIONS:
    --format text|json|sarif   check's output: text like rustc/ruff, JSON lines (one finding per line:
                               file, line, column, end_line, end_column, rule, name, severity, message,
                               hadolint, buildkit, trivy, fix), or SARIF 2.1.0
    --select RULE,...          run only these rules (codes, names, or hadolint/BuildKit/Trivy ids)
    --ignore RULE,...          never report these rules
    --severity RULE=LEVEL,...  re-grade rules (LEVEL: error, warning, info)
    --fail-on LEVEL            lowest severity that makes check exit 1 (default: warning)
    --opt-in RULE,...|all      apply these opt-in fixes in the rewrite (analyze)
    -h, --help                 show this help

LESSON OPTIONS (each replaces one of the lesson's context files):
    --dockerignore FILE        the .dockerignore of the build context
    --requirements FILE        the requirements.txt of the build context
    --pyproject FILE           the pyproject.toml of the build context
    --format text|json         json: the goal report as one JSON object

EXIT CODES:
    0  no finding at or above --fail-on (check), the lesson's goal is met (lesson check), or success
    1  check reported a finding at or above --fail-on; parse: BuildKit would reject a file; lesson check:
       the goal is not met
    2  the command line was wrong, a file could not be read, or a lesson pack is malformed
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    // Buffered: stdout alone is line-buffered and scans every small write serde_json makes for a newline.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = run(&argv, &mut out).and_then(|code| {
        std::io::Write::flush(&mut out)?;
        Ok(code)
    });
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

pub enum Failure {
    Usage(String),
    Io(String),
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error.to_string())
    }
}

fn run(argv: &[String], out: &mut impl Write) -> Result<ExitCode, Failure> {
    let (command, rest) = match argv.first().map(String::as_str) {
        Some(
            command @ ("analyze" | "check" | "fix" | "layers" | "parse" | "rules" | "explain" | "lesson" | "help"),
        ) => (command, &argv[1..]),
        Some("-h" | "--help") | None => ("help", &argv[..0]),
        Some(_) => ("analyze", argv),
    };
    match command {
        "help" => write!(out, "{HELP}")?,
        "rules" => match rest {
            [] => list_rules(out)?,
            [flag, format] if flag == "--format" && format == "json" => {
                for rule in rules::ALL {
                    serde_json::to_writer(&mut *out, rule).map_err(|e| Failure::Io(e.to_string()))?;
                    writeln!(out)?;
                }
            }
            [flag, format] if flag == "--format" && format == "markdown" => catalog::write_markdown(out)?,
            _ => {
                return Err(Failure::Usage(
                    "rules takes no argument but `--format json|markdown`".into(),
                ))
            }
        },
        "explain" => {
            let [id] = rest else {
                return Err(Failure::Usage("explain takes one rule id".into()));
            };
            explain(out, id)?;
        }
        "check" => return check(&Args::parse(rest)?, out),
        "fix" => return fix::run(&Args::parse(rest)?, out),
        "parse" => return parse(rest, out),
        "lesson" => return lesson(rest, out),
        "layers" => {
            let args = Args::parse(rest)?;
            for path in args.files()? {
                let analysis = analyze(&read_source(path)?, &args.options);
                match args.format {
                    Format::Json => {
                        serde_json::to_writer(&mut *out, &analysis.layers).map_err(|e| Failure::Io(e.to_string()))?;
                        writeln!(out)?;
                    }
                    _ => report::layers::write(out, path, &analysis.layers)?,
                }
            }
        }
        _ => {
            let args = Args::parse(rest)?;
            for path in args.files()? {
                let analysis = analyze(&read_source(path)?, &args.options);
                serde_json::to_writer(&mut *out, &analysis).map_err(|e| Failure::Io(e.to_string()))?;
                writeln!(out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: &Args, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mut checked = Vec::new();
    for path in args.files()? {
        let source = read_source(path)?;
        let findings = analyze(&source, &args.options).findings;
        checked.push(Checked {
            path: if path == "-" { "<stdin>".into() } else { path.clone() },
            source,
            findings,
        });
    }
    match args.format {
        Format::Text => report::text::write(out, &checked)?,
        Format::Json => report::jsonl::write(out, &checked)?,
        Format::Sarif => report::sarif::write(out, &checked)?,
    }
    let failing = checked
        .iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.severity >= args.fail_on);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// BuildKit's view of each file, so any output can be diffed against BuildKit's own parser.
fn parse(argv: &[String], out: &mut impl Write) -> Result<ExitCode, Failure> {
    let (ast, files): (bool, Vec<&String>) = match argv {
        [flag, format, files @ ..] if flag == "--format" => match format.as_str() {
            "json" => (false, files.iter().collect()),
            "ast" => (true, files.iter().collect()),
            other => return Err(Failure::Usage(format!("unknown parse format `{other}` (json, ast)"))),
        },
        files => (false, files.iter().collect()),
    };
    if files.is_empty() {
        return Err(Failure::Usage("no FILE given (use `-` for standard input)".into()));
    }
    let mut rejected = false;
    for path in files {
        let tree = dflab_core::syntax::parse(&read_source(path)?);
        rejected |= tree.rejected().is_some();
        if ast {
            write!(out, "{}", dflab_core::syntax::buildkit::ast_dump(&tree))?;
        } else {
            let file = dflab_core::syntax::buildkit::dump_file(path, &tree);
            serde_json::to_writer(&mut *out, &file).map_err(|e| Failure::Io(e.to_string()))?;
            writeln!(out)?;
        }
    }
    Ok(if rejected { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `dflab lesson list|show|check`: the workshop lessons, checked by the same goal checker as the web page.
fn lesson(argv: &[String], out: &mut impl Write) -> Result<ExitCode, Failure> {
    use dflab_core::lessons::{validate_pack, LessonContext, LessonPack};
    let (subcommand, rest) = match argv.split_first() {
        Some((subcommand, rest)) => (subcommand.as_str(), rest),
        None => {
            return Err(Failure::Usage(
                "lesson needs a subcommand: list, show, start or check".into(),
            ))
        }
    };
    // Context files given on the command line replace the lesson's, one by one.
    let mut given = LessonContext::default();
    let mut json = false;
    let mut positional = Vec::new();
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        if !flag.starts_with("--") || subcommand != "check" {
            positional.push(arg.clone());
            continue;
        }
        let value = match inline.or_else(|| args.next().cloned()) {
            Some(value) => value,
            None => return Err(Failure::Usage(format!("{flag} needs a value"))),
        };
        match flag {
            "--dockerignore" => given.dockerignore = Some(read_source(&value)?),
            "--requirements" => given.requirements_txt = Some(read_source(&value)?),
            "--pyproject" => given.pyproject_toml = Some(read_source(&value)?),
            "--format" => match value.as_str() {
                "json" => json = true,
                "text" => json = false,
                other => {
                    return Err(Failure::Usage(format!(
                        "unknown lesson check format `{other}` (text, json)"
                    )))
                }
            },
            other => return Err(Failure::Usage(format!("unknown lesson option `{other}`"))),
        }
    }
    let (path, wanted, file) = match (subcommand, positional.as_slice()) {
        ("list", [path]) => (path, None, None),
        ("show" | "start", [path, id]) => (path, Some(id), None),
        ("check", [path, id, file]) => (path, Some(id), Some(file)),
        ("list" | "show" | "start" | "check", _) => {
            return Err(Failure::Usage(match subcommand {
                "list" => "lesson list takes one PACK".into(),
                "show" | "start" => format!("lesson {subcommand} takes PACK LESSON"),
                _ => "lesson check takes PACK LESSON FILE".into(),
            }))
        }
        (other, _) => {
            return Err(Failure::Usage(format!(
                "unknown lesson subcommand `{other}` (list, show, start, check)"
            )))
        }
    };
    let pack = LessonPack::from_json(&read_source(path)?).map_err(|e| Failure::Io(format!("{path}: {e}")))?;
    let problems = validate_pack(&pack);
    if !problems.is_empty() {
        return Err(Failure::Io(format!(
            "{path}: invalid lesson pack:\n  {}",
            problems.join("\n  ")
        )));
    }
    let Some(id) = wanted else {
        writeln!(out, "{} ({} lessons)", pack.title, pack.lessons.len())?;
        for lesson in &pack.lessons {
            writeln!(out, "  {:<20} {}", lesson.id, lesson.title)?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let lesson = pack.lessons.iter().find(|l| &l.id == id).ok_or_else(|| {
        let ids: Vec<&str> = pack.lessons.iter().map(|l| l.id.as_str()).collect();
        Failure::Usage(format!("no lesson `{id}` in {path} (lessons: {})", ids.join(", ")))
    })?;
    if subcommand == "start" {
        write!(out, "{}", lesson.start)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(file) = file else {
        writeln!(
            out,
            "{}: {}\n\n{}\n\nPractice: {}\n\nGoal:",
            lesson.id, lesson.title, lesson.summary, lesson.practice
        )?;
        for check in &lesson.goal.checks {
            writeln!(out, "  - {}", check.describe())?;
        }
        writeln!(out, "\nStarting Dockerfile:\n")?;
        write!(out, "{}", lesson.start)?;
        let files = [
            ("requirements.txt", "--requirements", &lesson.context.requirements_txt),
            ("pyproject.toml", "--pyproject", &lesson.context.pyproject_toml),
            (".dockerignore", "--dockerignore", &lesson.context.dockerignore),
        ];
        for (name, flag, text) in files {
            if let Some(text) = text {
                writeln!(
                    out,
                    "\nContext file {name} (replace it with `lesson check {flag} FILE`):\n"
                )?;
                write!(out, "{text}")?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    let source = read_source(file)?;
    let context = LessonContext {
        requirements_txt: given
            .requirements_txt
            .or_else(|| lesson.context.requirements_txt.clone()),
        pyproject_toml: given.pyproject_toml.or_else(|| lesson.context.pyproject_toml.clone()),
        dockerignore: given.dockerignore.or_else(|| lesson.context.dockerignore.clone()),
    };
    let (_, report) = lesson.check(&source, &context);
    if json {
        serde_json::to_writer(&mut *out, &report).map_err(|e| Failure::Io(e.to_string()))?;
        writeln!(out)?;
    } else {
        writeln!(out, "lesson `{}`: {}", lesson.id, lesson.title)?;
        for check in &report.checks {
            let mark = if check.passed { '✓' } else { '✗' };
            writeln!(out, "{mark} {}: {}", check.description, check.message)?;
        }
        let failed = report.checks.iter().filter(|c| !c.passed).count();
        if report.passed {
            writeln!(out, "\nGoal met: all {} checks pass.", report.checks.len())?;
        } else {
            writeln!(out, "\nGoal not met: {failed} of {} checks fail.", report.checks.len())?;
        }
    }
    Ok(if report.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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

// Keep the default failure threshold in one place for help text and parsing.
pub const DEFAULT_FAIL_ON: Severity = Severity::Warning;
