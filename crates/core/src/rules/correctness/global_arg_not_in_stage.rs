use crate::rules::support::stages::env_at_start;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::image_refs::variables;
use crate::rules::{Judges, Effect, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;
use crate::syntax::Keyword;

pub static RULE: Rule = Rule {
    code: "C038",
    name: "global-arg-not-in-stage",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::OptIn,
    effects: &[Effect::Anything],
    explanation: Explanation {
        summary: "A RUN uses `$NAME` of an ARG declared before the first FROM but not redeclared in the stage.",
        why: "An ARG before the first FROM is only visible to FROM lines. Inside a stage it is undefined until \
              `ARG NAME` (without a value) brings it in, so `pip install app==$APP_VERSION` runs as \
              `pip install app==` and either fails or installs something else than you asked for.",
        bad: "ARG APP_VERSION=1.4.2\nFROM python:3.12-slim\nRUN pip install --no-cache-dir app==$APP_VERSION\n",
        good: "ARG APP_VERSION=1.4.2\nFROM python:3.12-slim\nARG APP_VERSION\n\
               RUN pip install --no-cache-dir app==$APP_VERSION\n",
        source: "Dockerfile reference, \"Understand how ARG and FROM interact\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let globals: Vec<&str> = model.build.global_args.iter().map(|a| a.name.as_str()).collect();
    if globals.is_empty() {
        return;
    }
    for stage in &model.build.stages {
        let Some(mut defined) = env_at_start(model, stage) else {
            continue;
        };
        let mut reported: Vec<String> = Vec::new();
        for (index, instruction) in model.stage_instructions(stage).skip(1) {
            match model.view(index) {
                View::Arg(decls) => defined.extend(decls.iter().map(|d| d.name.clone())),
                View::Env(pairs) => defined.extend(pairs.iter().map(|p| p.key.value.clone())),
                _ => {}
            }
            if instruction.keyword != Keyword::Run {
                continue;
            }
            let text = &model.source[instruction.span.start..instruction.span.end];
            for script in model.scripts(index) {
                for command in script.commands() {
                    let words = command.words.iter().chain(command.assignments.iter().map(|a| &a.word));
                    for word in words {
                        for var in variables(&word.raw) {
                            let name = var.name;
                            if !globals.contains(&name.as_str())
                                || defined.contains(&name)
                                || reported.contains(&name)
                                || text.contains(&format!("{name}="))
                                || text.contains(&format!("for {name} "))
                                || text.contains(&format!("read {name}"))
                            {
                                continue;
                            }
                            let mut hit = Hit::new(
                                model.span(word.span.clone()),
                                format!(
                                    "`${name}` is empty here: ARG `{name}` is declared before the first FROM; \
                                     add `ARG {name}` in this stage"
                                ),
                            );
                            if let Some(from) = model.instructions.get(stage.from) {
                                hit = hit.with_fix(Fix::opt_in(
                                    format!("redeclare `ARG {name}` after FROM"),
                                    format!("the RUN now sees the build argument `{name}`"),
                                    vec![Edit::insert(from.span.end, format!("\nARG {name}"))],
                                ));
                            }
                            hits.push(hit);
                            reported.push(name);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_on_global_args_used_in_run() {
        let source = "ARG V=1\nFROM python:3.12\nRUN pip install app==$V && echo ${V}\n";
        assert_eq!(flagged(&RULE, source), ["app==$V"]);
        assert_eq!(
            fixed(&RULE, source).as_deref(),
            Some("ARG V=1\nFROM python:3.12\nARG V\nRUN pip install app==$V && echo ${V}\n")
        );
        assert_eq!(
            check(&RULE, "ARG V=1\nFROM alpine:3.22 AS a\nARG V\nFROM a\nRUN echo $V\n").len(),
            1
        );
    }

    #[test]
    fn quiet_when_redeclared_or_unknown() {
        assert_quiet(&RULE, &[
            "ARG V=1\nFROM python:3.12\nARG V\nRUN echo $V\n",
            "ARG V=1\nFROM python:3.12\nENV V=2\nRUN echo $V\n",
            "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}\nRUN echo $PYTHON_VERSION\n",
            "ARG V=1\nFROM acme/base:1\nRUN echo $V\n",
            // Older python images define these, so the shell sees the image's value, not an empty one.
            "ARG PYTHON_GET_PIP_URL=https://example.com/get-pip.py\nFROM python:3.9\nRUN curl -o g.py $PYTHON_GET_PIP_URL\n",
            "ARG PYTHON_SETUPTOOLS_VERSION=65\nFROM python:3.9\nRUN pip install setuptools==$PYTHON_SETUPTOOLS_VERSION\n",
            "ARG NODE_VERSION=22\nFROM node:22\nRUN echo $NODE_VERSION\n",
            "ARG V=1\nFROM python:3.12\nRUN V=2 && echo $V\n",
            "ARG V=1\nFROM python:3.12\nRUN echo '$V'\n",
            "ARG V=1\nFROM python:3.12\nRUN echo $W\n",
        ]);
    }
}
