//! `dflab lesson list|show|start|check`: the workshop lessons, checked by the same goal checker as the web
//! page.

use std::io::Write;
use std::process::ExitCode;

use dflab_core::lessons::{validate_pack, Lesson, LessonContext, LessonPack};

use crate::cli::{LessonCommand, TextOrJson};
use crate::{read_source, Failure};

pub fn run(command: &LessonCommand, out: &mut impl Write) -> Result<ExitCode, Failure> {
    match command {
        LessonCommand::List { pack } => {
            let pack = read_pack(pack)?;
            writeln!(out, "{} ({} lessons)", pack.title, pack.lessons.len())?;
            for lesson in &pack.lessons {
                writeln!(out, "  {:<20} {}", lesson.id, lesson.title)?;
            }
        }
        LessonCommand::Start { pack, lesson } => {
            let pack = read_pack(pack)?;
            write!(out, "{}", find(&pack, pack_path(command), lesson)?.start)?;
        }
        LessonCommand::Show { pack, lesson } => {
            let pack = read_pack(pack)?;
            show(out, find(&pack, pack_path(command), lesson)?)?;
        }
        LessonCommand::Check(args) => {
            let pack = read_pack(&args.pack)?;
            let lesson = find(&pack, &args.pack, &args.lesson)?;
            // Context files given on the command line replace the lesson's, one by one.
            let given = |path: &Option<String>| path.as_deref().map(read_source).transpose();
            let context = LessonContext {
                requirements_txt: given(&args.requirements)?.or_else(|| lesson.context.requirements_txt.clone()),
                pyproject_toml: given(&args.pyproject)?.or_else(|| lesson.context.pyproject_toml.clone()),
                dockerignore: given(&args.dockerignore)?.or_else(|| lesson.context.dockerignore.clone()),
            };
            let (_, report) = lesson.check(&read_source(&args.file)?, &context);
            if args.format == TextOrJson::Json {
                serde_json::to_writer(&mut *out, &report).map_err(|e| Failure::Io(e.to_string()))?;
                writeln!(out)?;
            } else {
                writeln!(out, "lesson `{}`: {}", lesson.id, lesson.title)?;
                if let Some(why) = &report.syntax_error {
                    writeln!(out, "✗ the file builds: {why} (BuildKit rejects it, so no goal is met)")?;
                }
                for check in &report.checks {
                    let mark = if check.passed { '✓' } else { '✗' };
                    writeln!(out, "{mark} {}: {}", check.description, check.message)?;
                }
                let failed = report.checks.iter().filter(|c| !c.passed).count();
                if report.passed {
                    writeln!(out, "\nGoal met: all {} checks pass.", report.checks.len())?;
                } else if report.syntax_error.is_some() && failed == 0 {
                    writeln!(out, "\nGoal not met: the file does not build.")?;
                } else {
                    writeln!(out, "\nGoal not met: {failed} of {} checks fail.", report.checks.len())?;
                }
            }
            if !report.passed {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn pack_path(command: &LessonCommand) -> &str {
    match command {
        LessonCommand::List { pack } | LessonCommand::Show { pack, .. } | LessonCommand::Start { pack, .. } => pack,
        LessonCommand::Check(args) => &args.pack,
    }
}

/// Reads and validates a lesson pack; a malformed one is exit 2 with what is wrong.
fn read_pack(path: &str) -> Result<LessonPack, Failure> {
    let pack = LessonPack::from_json(&read_source(path)?).map_err(|e| Failure::Io(format!("{path}: {e}")))?;
    let problems = validate_pack(&pack);
    if !problems.is_empty() {
        return Err(Failure::Io(format!(
            "{path}: invalid lesson pack:\n  {}",
            problems.join("\n  ")
        )));
    }
    Ok(pack)
}

fn find<'p>(pack: &'p LessonPack, path: &str, id: &str) -> Result<&'p Lesson, Failure> {
    pack.lessons.iter().find(|l| l.id == id).ok_or_else(|| {
        let ids: Vec<&str> = pack.lessons.iter().map(|l| l.id.as_str()).collect();
        Failure::Usage(format!("no lesson `{id}` in {path} (lessons: {})", ids.join(", ")))
    })
}

fn show(out: &mut impl Write, lesson: &Lesson) -> std::io::Result<()> {
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
    Ok(())
}
