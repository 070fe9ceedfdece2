use crate::rules::support::stages::posix_shell;
use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;

pub static RULE: Rule = Rule {
    code: "C019",
    name: "container-irrelevant-command",
    category: Category::Correctness,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3001"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "A RUN ends by starting a service (`service x start`), or calls a tool that makes no sense while \
                  building an image (`ssh`, `vim`, `shutdown`, `mount`, `top`...).",
        why: "A build step runs once in a throwaway container: a service started with `service x start` is gone \
              when the step ends, interactive tools like `vim` or `top` wait for a terminal that is not there, \
              and `mount` or `shutdown` need privileges the builder does not have. Start processes from \
              CMD/ENTRYPOINT and do interactive work outside the Dockerfile.",
        bad: "FROM debian:bookworm-slim\nRUN service nginx start\n",
        good: "FROM debian:bookworm-slim\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        source: "hadolint DL3001.",
    },
    check,
};

const IRRELEVANT: [&str; 13] = [
    "ssh",
    "vim",
    "vi",
    "nano",
    "shutdown",
    "reboot",
    "service",
    "systemctl",
    "ps",
    "free",
    "top",
    "mount",
    "ifconfig",
];

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for (at, instruction, scripts) in model.runs() {
        if !posix_shell(model, at) {
            continue;
        }
        // BuildKit's `--security=insecure` allows `mount`, and an ssh mount is what `ssh` is for.
        let insecure = instruction
            .flag("security")
            .is_some_and(|f| f.value.as_deref() == Some("insecure"));
        let ssh_mount = instruction
            .as_run()
            .is_some_and(|run| run.mounts.iter().any(|m| m.kind == "ssh"));
        for script in scripts {
            for command in script.commands() {
                let name = command.name();
                if !IRRELEVANT.contains(&name) || command.context.substitution > 0 {
                    continue;
                }
                if (name == "mount" && insecure) || (name == "ssh" && ssh_mount) {
                    continue;
                }
                // Starting a service to use it later in the same step (`service postgresql start && psql ...`)
                // works; starting it as the step's last act does nothing.
                let used_later = script
                    .after(command.id)
                    .any(|c| c.context.is_top_shell() && !c.name().is_empty());
                let action = match name {
                    "service" => command.args().get(1),
                    _ => command.args().first(),
                };
                let starts = action.is_some_and(|a| matches!(a.value.as_str(), "start" | "restart"));
                if matches!(name, "service" | "systemctl") && (used_later || !starts) {
                    continue;
                }
                hits.push(Hit::new(
                    model.span(command.span.clone()),
                    format!(
                        "`{name}` makes no sense in an image build step: nothing it starts or shows outlives the step"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, flagged};

    #[test]
    fn fires_on_irrelevant_commands() {
        assert_eq!(
            flagged(&RULE, "FROM a\nRUN apt-get install -y nginx && service nginx start\n"),
            ["service nginx start"]
        );
        assert_eq!(check(&RULE, "FROM a\nRUN sudo vim /etc/x\n").len(), 1);
        assert_eq!(
            check(&RULE, "FROM a\nRUN sh <<EOF\nservice redis start\nEOF\n").len(),
            1
        );
    }

    #[test]
    fn quiet_on_package_names_and_enable() {
        assert_quiet(
            &RULE,
            &[
                "FROM a\nRUN apt-get install -y vim procps\n",
                "FROM a\nRUN systemctl enable nginx\n",
                "FROM a\nRUN service postgresql start && psql -c 'create database x' && service postgresql stop\n",
                "FROM a\nRUN echo ssh\n",
                "FROM a\nRUN x=$(ps -o pid=) && echo $x\n",
                "FROM a\nRUN --security=insecure mount -t tmpfs none /mnt\n",
                "FROM a\nRUN --mount=type=ssh ssh -T git@github.com\n",
            ],
        );
    }
}
