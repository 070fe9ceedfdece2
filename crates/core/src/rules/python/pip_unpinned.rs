use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::{expanded_operands, looks_local};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::PipAction;

pub static RULE: Rule = Rule {
    code: "Y002",
    name: "pip-unpinned",
    category: Category::Python,
    severity: Severity::Warning,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3013"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A package named on the `pip install` command line has no exact version or upper bound.",
        why: "Without `==version` pip installs whatever is newest on the day of the build, so two builds of \
              the same commit can ship different code, and a new major release can break the image without \
              any change on your side. Pin versions, or install from a pinned requirements or lock file \
              (a `-c constraints.txt` also counts).",
        bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
        source: "pip docs, \"Repeatable installs\"; hadolint DL3013.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, _, scripts) in model.runs() {
        for script in scripts {
            for (_, pip) in script.pip() {
                if pip.action != PipAction::Install || !pip.constraints.is_empty() {
                    continue;
                }
                for package in &pip.packages {
                    // An upper bound (`<0.46`, `~=1.4`, `>=2,<3`) is a deliberate cap, as in the official images.
                    let op = package.op.as_deref().unwrap_or("");
                    let bounded = matches!(op, "<" | "<=" | "~=" | "===")
                        || package
                            .version
                            .as_deref()
                            .is_some_and(|v| v.contains('<') || v.contains("=="));
                    if package.expansion {
                        let words = expanded_operands(model, at, &package.spec).unwrap_or_default();
                        for word in words.iter().filter(|w| !w.contains(['=', '<', '>', '~', '@']) && !looks_local(w) && !w.starts_with('-')) {
                            hits.push(Hit::new(
                                model.span(package.span.clone()),
                                format!("`{}` installs `{word}` (its build argument's default) without a version pin (`==`) or upper bound", package.spec),
                            ));
                        }
                        continue;
                    }
                    if package.is_pinned() || bounded || package.name.is_empty() {
                        continue;
                    }
                    let name = &package.spec;
                    hits.push(Hit::new(
                        model.span(package.span.clone()),
                        format!("`{name}` is installed without a version pin (`==`) or upper bound"),
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
    fn fires_on_unpinned_and_range_requirements() {
        assert_eq!(
            flagged(
                &RULE,
                "FROM python:3.12\nRUN pip install 'requests>=2' flask==3.0 gunicorn\n"
            ),
            ["'requests>=2'", "gunicorn"]
        );
        assert_eq!(
            check(&RULE, "FROM python:3.12\nRUN uv pip install --system x\n"),
            ["`x` is installed without a version pin (`==`) or upper bound"]
        );
    }

    #[test]
    fn quiet_on_pins_files_constraints_and_variables() {
        assert_quiet(
            &RULE,
            &[
                "FROM python:3.12\nRUN pip install flask==3.0.3\n",
                "FROM python:3.12\nRUN pip install -r requirements.txt\n",
                "FROM python:3.12\nRUN pip install . ./dist/app-1.0-py3-none-any.whl\n",
                "FROM python:3.12\nRUN pip install -c constraints.txt flask\n",
                "FROM python:3.12\nRUN pip install \"$PKG\"\n",
                "FROM python:3.12\nRUN pip install 'wheel<0.46' 'x~=1.4' 'y>=2,<3'\n",
            ],
        );
    }

    /// Packages named by a build argument install what its default says (`ARG PKGS="flask requests"`).
    #[test]
    fn reads_build_argument_defaults() {
        assert_eq!(
            check(&RULE, "FROM python:3.12\nARG PKGS=\"flask==3.0.3 requests\"\nRUN pip install ${PKGS}\n"),
            ["`${PKGS}` installs `requests` (its build argument's default) without a version pin (`==`) or upper bound"]
        );
        assert_quiet(&RULE, &[
            "FROM python:3.12\nARG PKGS\nRUN pip install ${PKGS}\n",
            "FROM python:3.12\nARG PKGS=\"flask==3.0.3\"\nRUN pip install $PKGS\n",
        ]);
    }
}
