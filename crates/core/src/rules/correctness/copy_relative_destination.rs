use super::util::inherited_before;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::base::util::official_name;
use crate::rules::{Category, Context, Explanation, Hit, Rule};
use crate::syntax::model::Base;

pub static RULE: Rule = Rule {
    code: "C027",
    name: "copy-relative-destination-without-workdir",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    hadolint: &["DL3045"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    explanation: Explanation {
        summary: "COPY or ADD uses a relative destination while no WORKDIR has been set.",
        why: "A relative destination is resolved against the working directory, which is `/` unless a WORKDIR \
              sets it: `COPY . .` then spreads your project over the root filesystem, next to `/bin` and \
              `/etc`, and may overwrite system files. Set `WORKDIR /app` first, or use an absolute destination.",
        bad: "FROM python:3.12-slim\nCOPY . .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        source: "Dockerfile reference, COPY (relative destinations); hadolint DL3045.",
    },
    check,
};

/// Official images known to leave the working directory at `/`.
const ROOT_WORKDIR: [&str; 7] = ["python", "debian", "ubuntu", "alpine", "busybox", "node", "ruby"];

fn check(context: &Context, hits: &mut Vec<Hit>) {
    for (at, instruction) in context.instructions.iter().enumerate() {
        let Some(copy) = instruction.as_copy() else { continue };
        let Some(destination) = copy.destination else { continue };
        let value = destination.value.as_str();
        let bytes = value.as_bytes();
        let absolute = value.starts_with(['/', '$', '\\']) || (bytes.len() >= 2 && bytes[1] == b':');
        if absolute || copy.sources.is_empty() && copy.heredocs.is_empty() {
            continue;
        }
        let Some(stage) = context.model.stage_of(at).map(|s| &context.model.stages[s]) else {
            continue;
        };
        // On `scratch`, putting files at `/` is usually the point.
        let known = match context.root_base(stage) {
            Base::Scratch => false,
            Base::Image { image, .. } => official_name(image).is_some_and(|n| ROOT_WORKDIR.contains(&n)),
            Base::Stage { .. } => false,
        };
        if !known
            || inherited_before(context, at)
                .iter()
                .any(|(_, i)| i.keyword == "WORKDIR")
        {
            continue;
        }
        hits.push(Hit::new(
            destination.span,
            format!("`{value}` is relative but no WORKDIR is set, so it resolves under `/`"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{check, flagged};

    #[test]
    fn fires_without_workdir() {
        assert_eq!(flagged(&RULE, "FROM python:3.12\nCOPY . .\n"), ["."]);
        assert_eq!(check(&RULE, "FROM python:3.12 AS b\nFROM b\nCOPY a app/\n").len(), 1);
    }

    #[test]
    fn quiet_with_workdir_absolute_or_unknown_base() {
        for source in [
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\n",
            "FROM python:3.12 AS b\nWORKDIR /app\nFROM b\nCOPY . .\n",
            "FROM python:3.12\nCOPY . /app/\n",
            "FROM golang:1.22\nCOPY . .\n",
            "FROM scratch\nCOPY --from=build /out/app .\n",
            "FROM python:3.12\nCOPY . $APP\n",
        ] {
            assert!(check(&RULE, source).is_empty(), "{source}");
        }
    }
}
