use crate::analysis::{FixAvailability, Severity};
use crate::rules::{Judges, Category, Edit, Explanation, Fix, Hit, Rule};
use crate::model::Model;
use crate::syntax::View;

pub static RULE: Rule = Rule {
    code: "C003",
    name: "expose-invalid-format",
    category: Category::Correctness,
    severity: Severity::Warning,
    enabled: true,
    judges: Judges::EVERY_STAGE,
    hadolint: &[],
    buildkit: &["ExposeInvalidFormat"],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[],
    explanation: Explanation {
        summary: "EXPOSE names an IP address or a host:container port mapping.",
        why: "EXPOSE only documents which container ports the app listens on; publishing to a host port or \
              binding an address is decided at `docker run -p`. A mapping in EXPOSE is ignored apart from the \
              container port, so it misleads readers, and BuildKit says it will become an error.",
        bad: "EXPOSE 8080:80\n",
        good: "EXPOSE 80\n",
        source: "Docker docs, build checks: ExposeInvalidFormat; Dockerfile reference, EXPOSE.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for view in model.views() {
        let View::Expose(ports) = view else {
            continue;
        };
        for port in ports {
            let Some((_, container)) = port.port.rsplit_once(':') else {
                continue;
            };
            let word = &port.word;
            let mut hit = Hit::new(
                word.span,
                format!(
                    "`EXPOSE {}` maps or binds a host port; EXPOSE takes only the container port",
                    word.value
                ),
            );
            let suffix = word
                .value
                .find('/')
                .map_or(String::new(), |at| word.value[at..].to_ascii_lowercase());
            let raw = &model.source[word.span.start..word.span.end];
            if raw == word.value && !raw.contains('$') && !container.is_empty() {
                hit = hit.with_fix(Fix::safe(
                    format!("expose `{container}{suffix}`"),
                    vec![Edit::replace(
                        word.span.start..word.span.end,
                        format!("{container}{suffix}"),
                    )],
                ));
            }
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed, flagged};

    #[test]
    fn fires_on_mappings_and_addresses() {
        assert_eq!(flagged(&RULE, "EXPOSE 80 8080:80/udp\n"), ["8080:80/udp"]);
        assert_eq!(fixed(&RULE, "EXPOSE 8080:80/udp\n").as_deref(), Some("EXPOSE 80/udp\n"));
        assert_eq!(fixed(&RULE, "EXPOSE 8080:80/TCP\n").as_deref(), Some("EXPOSE 80/tcp\n"));
        assert_eq!(fixed(&RULE, "EXPOSE 127.0.0.1:80:80\n").as_deref(), Some("EXPOSE 80\n"));
        let trap = "EXPOSE ${HOST_PORT}:80\n";
        assert_eq!(check(&RULE, trap).len(), 1);
        assert_eq!(fixed(&RULE, trap), None);
    }

    #[test]
    fn quiet_on_plain_ports() {
        assert_quiet(
            &RULE,
            &[
                "EXPOSE 80\n",
                "EXPOSE 80/tcp 53/udp\n",
                "EXPOSE ${PORT}\n",
                "EXPOSE 8000-8010\n",
            ],
        );
    }
}
