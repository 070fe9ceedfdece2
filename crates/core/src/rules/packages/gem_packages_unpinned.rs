use crate::analysis::{FixAvailability, Severity};
use crate::rules::support::package_managers::report_unpinned;
use crate::rules::{Judges, Category, Explanation, Hit, Rule};
use crate::model::Model;
use crate::shell::Program;

pub static RULE: Rule = Rule {
    code: "P009",
    name: "gem-packages-unpinned",
    category: Category::Packages,
    severity: Severity::Info,
    enabled: false,
    judges: Judges::EVERY_STAGE,
    hadolint: &["DL3028"],
    buildkit: &[],
    trivy: &[],
    fix: FixAvailability::None,
    effects: &[],
    explanation: Explanation {
        summary: "`gem install` without a version installs the newest release of the gem.",
        why: "The next build may install a new major version of the gem with breaking changes or new native \
              dependencies. `gem install name:version` (or `-v version`) keeps rebuilds identical; a Gemfile \
              with `Gemfile.lock` and `bundle install` does so for a whole application.",
        bad: "FROM ruby:3.3-slim\nRUN gem install bundler\n",
        good: "FROM ruby:3.3-slim\nRUN gem install bundler:2.5.22\n",
        source: "RubyGems docs, \"gem install\"; hadolint DL3028.",
    },
    check,
};

fn check(model: &Model, hits: &mut Vec<Hit>) {
    report_unpinned(model, hits, |command| match &command.program {
        Program::Gem(gem)
            if gem
                .subcommand
                .as_ref()
                .is_some_and(|s| matches!(s.name.as_str(), "install" | "i")) =>
        {
            Some(("gem install".to_string(), gem.packages.as_slice(), "NAME:<version>"))
        }
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{assert_quiet, flagged};

    #[test]
    fn fires_on_unversioned_gems() {
        assert_eq!(
            flagged(&RULE, "FROM ruby\nRUN gem install rails bundler:2.5 ./x.gem\n"),
            ["rails"]
        );
    }

    #[test]
    fn quiet_on_versions() {
        assert_quiet(
            &RULE,
            &[
                "FROM ruby\nRUN gem install rails -v 7.2.1\n",
                "FROM ruby\nRUN gem install rails:7.2.1\n",
                "FROM ruby\nRUN gem update --system\n",
            ],
        );
    }
}
