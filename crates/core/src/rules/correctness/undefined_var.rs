use crate::rules::support::stages::env_at_start;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::image_refs::variables;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::span::Span;
use crate::syntax::instructions::Command;
use crate::syntax::{Arguments, View};
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C015",
    name: "undefined-var",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["UndefinedVar"],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "An instruction uses a `$VARIABLE` that no ARG or ENV defines at that point.",
        why: "Docker expands an undefined variable to an empty string without complaint, so `COPY app $APP_HOME/` \
              copies to `/` and `WORKDIR $APP_HOME` stays where it was. Typos and ARGs declared only before the \
              first FROM (which do not reach inside a stage unless redeclared) are the usual causes.",
        bad: "FROM python:3.12-slim\nWORKDIR $APP_HOME\n",
        good: "FROM python:3.12-slim\nENV APP_HOME=/app\nWORKDIR $APP_HOME\n",
        source: "Docker docs, build checks: UndefinedVar; Dockerfile reference, \"Environment replacement\".",
    },
    check,
};

/// The words BuildKit expands in an instruction, with their spans.
fn expanded_words(instruction: &crate::syntax::Instruction) -> Vec<(String, Span)> {
    match instruction.keyword {
        Keyword::Add | Keyword::Copy | Keyword::Expose | Keyword::Volume | Keyword::User | Keyword::Workdir | Keyword::Stopsignal => match &instruction.arguments {
            Arguments::Words(words) | Arguments::Json(words) => {
                words.iter().map(|w| (w.value.clone(), w.span)).collect()
            }
            Arguments::Text(word) => vec![(word.value.clone(), word.span)],
            _ => Vec::new(),
        },
        Keyword::Env | Keyword::Label => match &instruction.arguments {
            Arguments::Pairs(pairs) => pairs
                .iter()
                .flat_map(|p| [(p.key.value.clone(), p.key.span), (p.value.value.clone(), p.value.span)])
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for stage in &model.build.stages {
        let Some(mut defined) = env_at_start(model, stage) else {
            continue;
        };
        for (index, instruction) in model.stage_instructions(stage).skip(1) {
            let shell_form_cmd = matches!(model.view(index), View::Cmd(Command::Shell(_)));
            if !shell_form_cmd {
                let mut reported: Vec<String> = Vec::new();
                for (text, span) in expanded_words(instruction) {
                    for var in variables(&text) {
                        if var.plain && !defined.contains(&var.name) && !reported.contains(&var.name) {
                            hits.push(Hit::new(
                                span,
                                format!("`${}` is not defined by any ARG or ENV before this line", var.name),
                            ));
                            reported.push(var.name);
                        }
                    }
                    // ENV pairs define their key for the pairs after them.
                    if instruction.keyword == Keyword::Env && !text.contains('$') {
                        defined.insert(text);
                    }
                }
            }
            match instruction.view() {
                View::Arg(decls) => defined.extend(decls.into_iter().map(|d| d.name)),
                View::Env(pairs) => defined.extend(pairs.iter().map(|p| p.key.value.clone())),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_undefined_variables() {
        assert_eq!(
            flagged(&RULE, "FROM python:3.12\nWORKDIR $APP_HOME/src\n"),
            ["$APP_HOME/src"]
        );
        assert_eq!(
            check(&RULE, "ARG V=1\nFROM alpine:3.22\nCOPY app-$V.tar /x/\n"),
            ["`$V` is not defined by any ARG or ENV before this line"]
        );
        assert_eq!(check(&RULE, "FROM scratch\nCOPY --from=a /x ${DEST}\n").len(), 1);
        assert_eq!(check(&RULE, "FROM alpine:3.22\nWORKDIR $D\nENV D=/d\n").len(), 1);
    }

    #[test]
    fn node_images_are_known() {
        // The node images define NODE_VERSION and YARN_VERSION (and PATH) and nothing else, so other
        // variables are reported there like on the python images.
        assert_eq!(flagged(&RULE, "FROM node:22\nWORKDIR $NODE_HOME\n"), ["$NODE_HOME"]);
        assert_eq!(
            flagged(&RULE, "FROM node:22-alpine AS base\nFROM base\nCOPY . $APP_DIR/\n"),
            ["$APP_DIR/"]
        );
    }

    #[test]
    fn quiet_on_defined_image_and_unknown_bases() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nENV PATH=/venv/bin:$PATH\nRUN echo $UNDEFINED_IN_SHELL\n",
                "FROM python:3.12\nARG APP\nWORKDIR /$APP\n",
                "ARG V=1\nFROM alpine:3.22\nARG V\nCOPY app-$V.tar /x/\n",
                "FROM alpine:3.22 AS base\nENV HOME_DIR=/h\nFROM base\nWORKDIR $HOME_DIR\n",
                "FROM node:22\nLABEL node=$NODE_VERSION yarn=${YARN_VERSION}\nENV PATH=/app/node_modules/.bin:$PATH\n",
                "FROM python:3.8\nLABEL pip=$PYTHON_PIP_VERSION setuptools=$PYTHON_SETUPTOOLS_VERSION\n",
                "FROM python:3.8\nLABEL get-pip=$PYTHON_GET_PIP_URL sha=$PYTHON_GET_PIP_SHA256\n",
                "FROM python:3.13\nLABEL sha=$PYTHON_SHA256 key=$GPG_KEY lang=$LANG\n",
                "FROM redis:7\nWORKDIR $REDIS_HOME\n",
                "FROM python:3.12\nENV A=1 B=$A\n",
                "FROM python:3.12\nWORKDIR ${APP:-/app}\n",
                "FROM python:3.12\nLABEL x='$NOT_EXPANDED'\n",
                "FROM python:3.12\nCMD echo $HOME\n",
            ],
        );
    }
}
