use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::syntax::{ItemKind, View};

pub static RULE: Rule = Rule {
    code: "C042",
    name: "invalid-definition-description",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["InvalidDefinitionDescription"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A comment right above a named stage or an ARG does not start with its name (checked only when \
                  `# check=experimental=InvalidDefinitionDescription` or `experimental=all` is set).",
        why: "BuildKit reads the comment directly above `FROM ... AS name` or `ARG NAME` as that definition's \
              description (shown by `docker buildx build --call=outline` and in editors) when it starts with the \
              name. A comment that does not is either a broken description or an unrelated note that should be \
              separated from the instruction by a blank line.",
        bad: "# check=experimental=InvalidDefinitionDescription\n# the Python version to build with\nARG PY=3.12\n\
              FROM python:${PY}-slim\n",
        good: "# check=experimental=InvalidDefinitionDescription\n# PY the Python version to build with\nARG PY=3.12\n\
               FROM python:${PY}-slim\n",
        source: "Docker docs, build checks: InvalidDefinitionDescription (experimental).",
    },
    check,
};

fn enabled(model: &Model) -> bool {
    model.tree.directives.iter().filter(|d| d.name == "check").any(|d| {
        d.value.split(';').any(|setting| {
            setting.trim().strip_prefix("experimental=").is_some_and(|list| {
                list.split(',')
                    .map(str::trim)
                    .any(|id| id.eq_ignore_ascii_case("all") || id == "InvalidDefinitionDescription")
            })
        })
    })
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    if !enabled(model) {
        return;
    }
    let items = &model.tree.items;
    for (position, item) in items.iter().enumerate() {
        let ItemKind::Instruction(instruction) = &item.kind else {
            continue;
        };
        let name = match instruction.view() {
            View::Arg(decls) if decls.len() == 1 => decls[0].name.clone(),
            View::From(_) => match instruction.as_from().and_then(|f| f.name) {
                Some(name) => name.value,
                None => continue,
            },
            _ => continue,
        };
        // The block of comment lines directly above the instruction.
        let mut first = None;
        for earlier in items[..position].iter().rev() {
            match earlier.kind {
                ItemKind::Comment => first = Some(earlier),
                _ => break,
            }
        }
        let Some(comment) = first else { continue };
        let text = model.tree.text(comment.span).trim().trim_start_matches('#').trim();
        if text == name || text.starts_with(&format!("{name} ")) {
            continue;
        }
        let raw = model.tree.text(comment.span);
        let span = model.span(comment.span.start..comment.span.start + raw.trim_end().len());
        hits.push(Hit::new(
            span,
            format!("the comment above `{name}` is read as its description but does not start with `{name}`"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    const ON: &str = "# check=experimental=all\n";

    #[test]
    fn fires_on_descriptions_without_the_name() {
        assert_eq!(
            flagged(&RULE, &format!("{ON}# builds the app\nFROM a AS build\n")),
            ["# builds the app"]
        );
        assert_eq!(
            check(&RULE, &format!("{ON}FROM a\n# version\nARG VERSION=1\n")).len(),
            1
        );
    }

    #[test]
    fn quiet_when_named_separated_or_not_enabled() {
        for source in [
            format!("{ON}# build compiles the app\nFROM a AS build\n"),
            format!("{ON}# note\n\nARG V=1\nFROM a\n"),
            format!("{ON}# no stage name here\nFROM a\n"),
            "# builds the app\nFROM a AS build\n".to_string(),
        ] {
            assert!(check(&RULE, &source).is_empty(), "{source}");
        }
    }
}
