use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::insert;
use crate::rules::{Judges, Effect, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;
use crate::model::Base;

pub static RULE: Rule = Rule {
    code: "P022",
    name: "gem-install-with-documentation",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: true,
    judges: Judges::IMAGES,
    hadolint: &[],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::Safe,
    effects: &[Effect::Paths(&["/usr/local/bundle/doc", "/usr/local/lib/ruby/gems/*/doc", "/var/lib/gems/*/doc", "/usr/share/ri"])],
    explanation: Explanation {
        summary: "`gem install` without `--no-document` generates ri/RDoc documentation nobody reads in a container.",
        why: "RubyGems builds documentation for every gem it installs by default: extra build time and megabytes \
              in the layer. `--no-document` skips it. The official `ruby` images already set this in their \
              `gemrc`, so the rule stays quiet on them.",
        bad: "FROM debian:bookworm-slim\nRUN gem install bundler:2.5.22\n",
        good: "FROM debian:bookworm-slim\nRUN gem install --no-document bundler:2.5.22\n",
        source: "RubyGems docs, \"gem install\" (--no-document).",
    },
    check,
};

/// The official ruby images configure `gem: --no-document` in `/usr/local/etc/gemrc`.
fn ruby_image(model: &Model, index: usize) -> bool {
    let Some(stage) = model.build.stage_of(index).and_then(|s| model.build.stages.get(s)) else {
        return false;
    };
    match model.root_base(stage) {
        Base::Image { image, reference, .. } => image.repository.ends_with("ruby") || reference.contains('$'),
        _ => false,
    }
}

fn check(model: &Model, hits: &mut Vec<Hit>) {
    for cmd in model.commands() {
        let Program::Gem(gem) = &cmd.command.program else {
            continue;
        };
        let Some(sub) = gem
            .subcommand
            .as_ref()
            .filter(|s| matches!(s.name.as_str(), "install" | "i" | "update"))
        else {
            continue;
        };
        if gem.no_document || gem.args.has(&["--document"]) || ruby_image(model, cmd.index) {
            continue;
        }
        hits.push(
            Hit::new(
                model.span(cmd.command.span.clone()),
                format!(
                    "`gem {}` without `--no-document` also builds documentation into the layer",
                    sub.name
                ),
            )
            .with_fix(insert("add `--no-document`", sub.span.end, " --no-document")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, check, fixed};

    #[test]
    fn fires_and_fixes() {
        assert_eq!(
            check(&RULE, "FROM debian\nRUN gem install rails\n"),
            ["`gem install` without `--no-document` also builds documentation into the layer"]
        );
        assert_eq!(
            fixed(&RULE, "FROM debian\nRUN gem install rails -v 7.2\n").unwrap(),
            "FROM debian\nRUN gem install --no-document rails -v 7.2\n"
        );
    }

    #[test]
    fn quiet_with_flag_or_on_ruby_images() {
        assert_quiet(
            &RULE,
            &[
                "FROM debian\nRUN gem install --no-document rails\n",
                "FROM debian\nRUN gem install -N rails\n",
                "FROM ruby:3.3-slim\nRUN gem install rails\n",
                "FROM ruby:3.3 AS base\nFROM base\nRUN gem install rails\n",
                "FROM debian\nRUN gem list\n",
                "ARG RUBY=ruby:3.3\nFROM $RUBY\nRUN gem install rails\n",
            ],
        );
    }
}
