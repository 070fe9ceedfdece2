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
    let mut pack = LessonPack {
        format: 0,
        title: String::new(),
        lessons: Vec::new(),
    };
    while let Some((field, value)) = object.next_field()? {
        match field {
            0 => pack.format = value.whole_number(u32::MAX.into(), "u32")? as u32,
            1 => pack.title = value.string()?,
            _ => pack.lessons = value.array(lesson)?,
        }
    }
    object.require(PACK_FIELDS)?;
    Ok(pack)
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
    // Filled in field by field: one value to drop on an error rather than one per field.
    let mut lesson = Lesson {
        id: String::new(),
        title: String::new(),
        summary: String::new(),
        practice: String::new(),
        start: String::new(),
        context: LessonContext::default(),
        goal: Goal::default(),
        hints: Vec::new(),
        solution: String::new(),
        solution_context: None,
    };
    while let Some((field, value)) = object.next_field()? {
        match field {
            0 => lesson.id = value.string()?,
            1 => lesson.title = value.string()?,
            2 => lesson.summary = value.string()?,
            3 => lesson.practice = value.string()?,
            4 => lesson.start = value.string()?,
            5 => lesson.context = lesson_context(value)?,
            6 => lesson.goal.checks = value.array(check)?,
            7 => lesson.hints = value.array(|hint| hint.string())?,
            8 => lesson.solution = value.string()?,
            _ => lesson.solution_context = value.optional(lesson_context)?,
        }
    }
    object.require(&["id", "title", "summary", "practice", "start", "goal", "solution"])?;
    Ok(lesson)
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
    const FIELDS: &[&str] = &["severity", "count"];
    let mut object = node.object("struct variant Check::MaxFindings", FIELDS)?;
    let (mut severity, mut count) = (Severity::Info, 0);
    while let Some((field, value)) = object.next_field()? {
        match field {
            0 => severity = self::severity(value)?,
            _ => count = value.whole_number(usize::MAX as u64, "usize")? as usize,
        }
    }
    object.require(FIELDS)?;
    Ok(Check::MaxFindings { severity, count })
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
