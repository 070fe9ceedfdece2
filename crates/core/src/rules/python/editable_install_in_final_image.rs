use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::PipAction;

pub static RULE: Rule = Rule {
    code: "Y017",
    name: "editable-install-in-final-image",
    category: Category::Python,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::PRODUCTION,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "The final image installs a project in editable mode (`pip install -e`).",
        why: "An editable install only links site-packages to the source directory: the application works \
              only as long as that exact directory stays in the image at that path, package data and entry \
              points are resolved differently from a real install, and build tooling stays behind. That \
              suits a development container; for a deployed image, `pip install .` (or a wheel built in an \
              earlier stage) installs the project like any other package.",
        bad: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -e .\n",
        good: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n",
        source: "pip docs, \"Local project installs\" (editable installs); setuptools docs, \"Development mode\".",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    let Some(stage) = model.final_stage() else { return };
    for (index, _) in model.chain_instructions(stage) {
        for script in model.scripts(index) {
            for (_, pip) in script.pip() {
                if pip.action != PipAction::Install {
                    continue;
                }
                for editable in &pip.editables {
                    hits.push(Hit::new(
                        model.span(editable.span.clone()),
                        format!("`{}` is installed in editable mode in the final image", editable.value),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_in_the_final_image() {
        assert_eq!(flagged(&RULE, "FROM python:3.12\nRUN pip install -e .\n"), ["."]);
        assert_eq!(
            check(
                &RULE,
                "FROM python:3.12 AS b\nRUN pip install --editable ./src\nFROM b\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_for_regular_installs_and_builder_stages() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN pip install .\n",
                "FROM python:3.12 AS dev\nRUN pip install -e .\nFROM python:3.12\nRUN pip install .\n",
            ],
        );
    }
}
