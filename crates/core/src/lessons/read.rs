//! Reading a [`LessonPack`] from JSON: one function per type of the pack, over the core's JSON reader
//! ([`crate::json`]). The shape is the one the types serialize to (`Serialize`), with every unknown or
//! repeated field an error; the messages name the type and its fields as serde's derive would.

use crate::analysis::Severity;
use crate::json::{self, Node};

use super::{Check, Goal, Lesson, LessonContext, LessonPack};

/// Reads a whole pack from `text`.
pub(super) fn pack_from_text(text: &str) -> Result<LessonPack, json::Error> {
    pack(Node::root(json::parse(text)?, text))
}

const PACK_FIELDS: &[&str] = &["format", "title", "lessons"];

fn pack(node: Node<'_, '_>) -> Result<LessonPack, json::Error> {
    let mut object = node.object("struct LessonPack", PACK_FIELDS)?;
    let (mut format, mut title, mut lessons) = (None, None, None);
    while let Some((field, value)) = object.next_field()? {
        match field {
            0 => format = Some(value.whole_number(u32::MAX.into(), "u32")? as u32),
            1 => title = Some(value.string()?),
            _ => lessons = Some(value.array(lesson)?),
        }
    }
    Ok(LessonPack {
        format: object.required(format, "format")?,
        title: object.required(title, "title")?,
        lessons: object.required(lessons, "lessons")?,
    })
}

const LESSON_FIELDS: &[&str] = &[
    "id",
    "title",
    "summary",
    "practice",
    "start",
    "context",
    "goal",
    "hints",
    "solution",
    "solution_context",
];

fn lesson(node: Node<'_, '_>) -> Result<Lesson, json::Error> {
    let mut object = node.object("struct Lesson", LESSON_FIELDS)?;
    let (mut id, mut title, mut summary, mut practice, mut start, mut solution) = (None, None, None, None, None, None);
    let (mut context, mut goal, mut hints, mut solution_context) = (None, None, None, None);
    while let Some((field, value)) = object.next_field()? {
        match field {
            0 => id = Some(value.string()?),
            1 => title = Some(value.string()?),
            2 => summary = Some(value.string()?),
            3 => practice = Some(value.string()?),
            4 => start = Some(value.string()?),
            5 => context = Some(lesson_context(value)?),
            6 => {
                goal = Some(Goal {
                    checks: value.array(check)?,
                })
            }
            7 => hints = Some(value.array(|hint| hint.string())?),
            8 => solution = Some(value.string()?),
            _ => solution_context = value.optional(lesson_context)?,
        }
    }
    Ok(Lesson {
        id: object.required(id, "id")?,
        title: object.required(title, "title")?,
        summary: object.required(summary, "summary")?,
        practice: object.required(practice, "practice")?,
        start: object.required(start, "start")?,
        context: context.unwrap_or_default(),
        goal: object.required(goal, "goal")?,
        hints: hints.unwrap_or_default(),
        solution: object.required(solution, "solution")?,
        solution_context,
    })
}

/// Every field is optional, and `null` is the same as leaving it out.
fn lesson_context(node: Node<'_, '_>) -> Result<LessonContext, json::Error> {
    let mut object = node.object(
        "struct LessonContext",
        &["requirements.txt", "pyproject.toml", ".dockerignore"],
    )?;
    let mut context = LessonContext::default();
    while let Some((field, value)) = object.next_field()? {
        let text = value.optional(|text| text.string())?;
        match field {
            0 => context.requirements_txt = text,
            1 => context.pyproject_toml = text,
            _ => context.dockerignore = text,
        }
    }
    Ok(context)
}

/// The variant names, in the order of [`Check`]'s variants.
const CHECK_VARIANTS: &[&str] = &[
    "no_findings",
    "max_findings",
    "final_image_under_mb",
    "has_instruction",
    "user_not_root",
    "min_stages",
];

fn check(node: Node<'_, '_>) -> Result<Check, json::Error> {
    let mut variant = node.variant("enum Check", CHECK_VARIANTS)?;
    let index = variant.index;
    let value = variant.value()?;
    Ok(match index {
        0 => Check::NoFindings(value.array(|id| id.string())?),
        1 => max_findings(value)?,
        2 => Check::FinalImageUnderMb(value.whole_number(u64::MAX, "u64")?),
        3 => Check::HasInstruction(value.string()?),
        4 => Check::UserNotRoot(value.boolean()?),
        _ => Check::MinStages(value.whole_number(usize::MAX as u64, "usize")? as usize),
    })
}

fn max_findings(node: Node<'_, '_>) -> Result<Check, json::Error> {
    let mut object = node.object("struct variant Check::MaxFindings", &["severity", "count"])?;
    let (mut severity, mut count) = (None, None);
    while let Some((field, value)) = object.next_field()? {
        match field {
            0 => severity = Some(self::severity(value)?),
            _ => count = Some(value.whole_number(usize::MAX as u64, "usize")? as usize),
        }
    }
    Ok(Check::MaxFindings {
        severity: object.required(severity, "severity")?,
        count: object.required(count, "count")?,
    })
}

fn severity(node: Node<'_, '_>) -> Result<Severity, json::Error> {
    let variant = node.variant("enum Severity", &["info", "warning", "error"])?;
    let index = variant.index;
    variant.unit()?;
    Ok(match index {
        0 => Severity::Info,
        1 => Severity::Warning,
        _ => Severity::Error,
    })
}
