use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C024",
    name: "copy-from-unknown-stage",
    category: Category::Correctness,
    severity: Severity::Error,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3022"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`COPY --from` names a stage that is not defined before it, or a near miss of a stage name.",
        why: "A `--from` value that matches no earlier stage is pulled as an image: a typo such as \
              `--from=biuld` or a stage defined further down makes the build fetch `docker.io/library/biuld` \
              and fail (\"pull access denied\"), or worse, copy from an unrelated public image. A stage index \
              must refer to an earlier stage. Names that match no stage and are no near miss of one are left \
              alone: they may be images or named build contexts (`--build-context`).",
        bad: "FROM python:3.12 AS build\nRUN pip wheel -w /wheels flask\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels\n",
        good: "FROM python:3.12 AS build\nRUN pip wheel -w /wheels flask\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\n",
        source: "Dockerfile reference, COPY --from; hadolint DL3022.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction) in model.instructions.iter().enumerate() {
        let Some(copy) = instruction.as_copy() else { continue };
        let Some(flag) = copy.from else { continue };
        let Some(value) = flag.value.as_deref() else { continue };
        let Some(current) = model.build.stage_of(at) else {
            continue;
        };
        if value.contains(['$', ':', '/', '@', '.']) || value.is_empty() {
            continue;
        }
        let stages = &model.build.stages;
        let message = if let Ok(index) = value.parse::<usize>() {
            if index < current {
                continue;
            }
            format!("`--from={value}` does not refer to an earlier stage (stages are numbered from 0)")
        } else if stages[..current]
            .iter()
            .any(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(value)))
            || value.eq_ignore_ascii_case("scratch")
        {
            continue;
        } else if stages[current..]
            .iter()
            .any(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(value)))
        {
            // Its own stage is the other rule's (C025).
            if stages[current]
                .name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(value))
            {
                continue;
            }
            format!("stage `{value}` is defined after this instruction; `--from` can only use earlier stages")
        } else if let Some(close) = stages[..current]
            .iter()
            .filter_map(|s| s.name.as_deref())
            .find(|n| {
                let (name, value) = (n.to_ascii_lowercase(), value.to_ascii_lowercase());
                // A part of a stage's hyphenated or underscored name (`set` for `license-set`) is a
                // shortening, like a typo (issue #19).
                // A known image (`node` beside a stage `build-node`) is what it says.
                let known_image = crate::layers::tables::known_base_images()
                    .any(|(reference, _, _)| reference.split(':').next() == Some(value.as_str()));
                let part = !known_image
                    && name.split(['-', '_']).count() > 1
                    && name.split(['-', '_']).any(|part| part == value);
                distance(&name, &value) <= 2 || part
            })
        {
            // A near miss of a stage name is a typo; other names may be images or named build contexts.
            format!("no stage is named `{value}` (did you mean `{close}`?), so BuildKit pulls the image `{value}`")
        } else {
            continue;
        };
        hits.push(Hit::new(flag.span, message));
    }
}

/// Levenshtein distance between two short names.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_unknown_later_and_out_of_range_stages() {
        assert_eq!(
            flagged(&RULE, "FROM a AS build\nFROM b\nCOPY --from=biuld /x /x\n"),
            ["--from=biuld"]
        );
        assert_eq!(
            check(&RULE, "FROM a AS x\nCOPY --from=later /x /x\nFROM b AS later\n").len(),
            1
        );
        assert_eq!(check(&RULE, "FROM a\nFROM b\nCOPY --from=1 /x /x\n").len(), 1);
        // A part of a stage's name: BuildKit pulls an image named `set` (issue #19).
        assert_eq!(
            check(&RULE, "FROM alpine AS license-set
RUN touch /l
FROM b
COPY --from=set /l /l
"),
            ["no stage is named `set` (did you mean `license-set`?), so BuildKit pulls the image `set`"]
        );
    }

    #[test]
    fn quiet_on_earlier_stages_and_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM a AS Build\nFROM b\nCOPY --from=build /x /x\n",
                "FROM a\nFROM b\nCOPY --from=0 /x /x\n",
                "FROM a AS b\nFROM c\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
                "FROM a AS b\nFROM c\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/\n",
                "FROM a\nCOPY --from=busybox /bin/sh /sh\n",
                "FROM a AS build\nFROM b\nCOPY --from=alpine /x /x\n",
                "FROM a AS stage0\nCOPY --from=stage0 /x /x\n",
                "FROM a AS b\nFROM c\nCOPY --from=$STAGE /x /x\n",
                "FROM node:22 AS build-node\nFROM python:3.12\nCOPY --from=node /usr/local/bin/node /usr/local/bin/\n",
            ],
        );
    }
}
