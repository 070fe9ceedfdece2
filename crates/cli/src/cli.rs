//! The command line, declared with clap: every subcommand has its own `--help`, and a wrong command line is
//! an error with exit code 2.

use clap::{Args, Parser, Subcommand, ValueEnum};
use dflab_core::{rules, Options, Severity};

use crate::Failure;

const EXIT_CODES: &str = "\
FILE is a path, or `-` for standard input.

Exit codes:
  0  success: no finding at or above --fail-on (check), the lesson's goal is met (lesson check)
  1  check reported a finding or a syntax error at or above --fail-on; parse: BuildKit would reject a file;
     lesson check: the goal is not met
  2  the command line was wrong, a file could not be read, or a lesson pack is malformed";

#[derive(Parser)]
#[command(
    name = "dflab",
    version,
    about = "Lint, rewrite and estimate the layers of Dockerfiles, offline.",
    after_help = EXIT_CODES,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Report syntax errors and findings, like rustc or ruff (exit 1 at or above --fail-on)
    Check(CheckArgs),
    /// Print the rewritten Dockerfile (one file), a unified diff whose hunks name their rules (--diff), or
    /// write it in place (--write: the only way a file is changed). Safe fixes always; opt-in ones when named
    /// with --opt-in (the ones on offer are listed on standard error)
    Fix(FixArgs),
    /// Print the whole analysis (diagnostics, findings, rewrite, diff, layers) as JSON, one line per file
    Analyze(AnalyzeArgs),
    /// Print BuildKit's view of each file: one JSON object per file in the schema of BuildKit's parser, or
    /// BuildKit's AST dump (exit 1 when BuildKit would reject a file)
    Parse(ParseArgs),
    /// The estimated layers of each file, before and after the rewrite: size range, basis, what invalidates
    /// the cache, wasted bytes
    Layers(LayersArgs),
    /// List every rule: code, name, category, severity, equivalent ids
    Rules(RulesArgs),
    /// Explain a rule: why it matters, a bad and a good example, where it comes from
    Explain {
        /// Our code (B001), the rule's name (base-image-untagged) or an equivalent id (DL3006)
        rule: String,
    },
    /// Build the Dockerfile as it is and as rewritten with the local `docker buildx`, and report every
    /// difference between the two images (build outcome, config, files, layer sizes, a short start); exit 1
    /// when a fix changes anything it does not declare or breaks the build
    Verify(VerifyArgs),
    /// The workshop lessons of a lesson pack (e.g. static/lessons/python.json)
    #[command(subcommand)]
    Lesson(LessonCommand),
}

/// Where the build context is: the folder `docker build` would be given.
#[derive(Args, Default)]
pub struct ContextArgs {
    /// The build context folder (default: the Dockerfile's folder, like `docker build -f DIR/Dockerfile DIR`)
    #[arg(long, value_name = "DIR", conflicts_with = "no_context")]
    pub context: Option<String>,
    /// Read no context files (requirements.txt, pyproject.toml, .dockerignore)
    #[arg(long)]
    pub no_context: bool,
    /// The .dockerignore to apply (default, as in BuildKit: `<Dockerfile>.dockerignore` beside the
    /// Dockerfile, else the context folder's); read even with --no-context
    #[arg(long, value_name = "FILE")]
    pub dockerignore: Option<String>,
}

/// Which rules run and how they are graded.
#[derive(Args, Default)]
pub struct RuleArgs {
    /// Run only these rules (codes, names, or hadolint/BuildKit/Trivy ids)
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Run these rules too, besides the selected ones (e.g. a pinning rule that is off by default)
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Never report these rules
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Re-grade rules (LEVEL: error, warning, info)
    #[arg(long, value_name = "RULE=LEVEL,...", value_delimiter = ',', value_parser = rule_level)]
    pub severity: Vec<(String, Severity)>,
}

/// Which opt-in fixes the rewrite applies.
#[derive(Args, Default)]
pub struct OptInArgs {
    /// Apply these opt-in fixes in the rewrite (rule codes or names, or `all`); they change what the image
    /// does, as each one's warning says
    #[arg(long = "opt-in", value_name = "RULE,...|all", value_delimiter = ',')]
    pub opt_in: Vec<String>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Dockerfiles to read (`-` for standard input; default: `Dockerfile` in the current folder)
    #[arg(value_name = "FILE", default_value = "Dockerfile")]
    pub files: Vec<String>,
    /// text like rustc/ruff; json: one finding per line (file, line, column, end_line, end_column, rule,
    /// name, severity, message, hadolint, buildkit, trivy, fix); sarif: SARIF 2.1.0; markdown: a table for an
    /// issue or a pull-request comment
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Lowest severity that makes check exit 1
    #[arg(long, value_name = "LEVEL", value_parser = level, default_value = "warning")]
    pub fail_on: Severity,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args)]
pub struct FixArgs {
    /// Dockerfiles to read (`-` for standard input)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// Print a unified diff instead of the rewritten file
    #[arg(long, conflicts_with = "write")]
    pub diff: bool,
    /// Rewrite the files in place
    #[arg(long)]
    pub write: bool,
    #[command(flatten)]
    pub opt_in: OptInArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Dockerfiles to read (`-` for standard input)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    #[command(flatten)]
    pub opt_in: OptInArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args)]
pub struct LayersArgs {
    /// Dockerfiles to read (`-` for standard input)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// text: a bar per layer; json: the before and after estimates
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub opt_in: OptInArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The build context, as given to `docker build`
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: String,
    /// The Dockerfile (default: DIR/Dockerfile)
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Option<String>,
    /// The network for RUN steps (`docker buildx build --network`), e.g. `host`
    #[arg(long, value_name = "MODE")]
    pub network: Option<String>,
    /// Build with BuildKit's built-in Dockerfile frontend: drop `# syntax=` lines, for machines that cannot
    /// pull the frontend image
    #[arg(long)]
    pub builtin_frontend: bool,
    /// Do not start the two containers
    #[arg(long)]
    pub no_start: bool,
    /// How long each container runs before it is judged (seconds)
    #[arg(long, value_name = "SECONDS", default_value_t = 3)]
    pub start_seconds: u64,
    /// text for people; json: the whole report as one object
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    #[command(flatten)]
    pub opt_in: OptInArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args)]
pub struct ParseArgs {
    /// Dockerfiles to read (`-` for standard input)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// json: BuildKit's parser schema (cmd, sub_cmd, json, flags, value, start_line, end_line, original,
    /// heredocs); ast: BuildKit's AST dump
    #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
    pub format: ParseFormat,
}

#[derive(Args)]
pub struct RulesArgs {
    /// text: one rule per line; json: one rule per line with its whole explanation; markdown: the catalog
    /// page (docs/rules.md)
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Subcommand)]
pub enum LessonCommand {
    /// List the lessons of a pack
    List {
        /// A lesson pack (JSON)
        pack: String,
    },
    /// Print a lesson: what it teaches, its goal, and the starting Dockerfile
    Show { pack: String, lesson: String },
    /// Print only the starting Dockerfile (`> Dockerfile` to begin the lesson)
    Start { pack: String, lesson: String },
    /// Check FILE against the lesson's goal: each check with ✓ or ✗ and what remains (exit 0 when met)
    Check(LessonCheckArgs),
}

#[derive(Args)]
pub struct LessonCheckArgs {
    pub pack: String,
    pub lesson: String,
    /// The learner's Dockerfile (`-` for standard input)
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The .dockerignore of the build context (replaces the lesson's)
    #[arg(long, value_name = "FILE")]
    pub dockerignore: Option<String>,
    /// The requirements.txt of the build context (replaces the lesson's)
    #[arg(long, value_name = "FILE")]
    pub requirements: Option<String>,
    /// The pyproject.toml of the build context (replaces the lesson's)
    #[arg(long, value_name = "FILE")]
    pub pyproject: Option<String>,
    /// json: the goal report as one JSON object
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    Json,
    Ast,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

fn level(text: &str) -> Result<Severity, String> {
    match text.to_ascii_lowercase().as_str() {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        _ => Err(format!("unknown severity `{text}` (error, warning, info)")),
    }
}

fn rule_level(pair: &str) -> Result<(String, Severity), String> {
    let (rule, text) = pair
        .split_once('=')
        .ok_or_else(|| format!("takes RULE=LEVEL, not `{pair}`"))?;
    Ok((rule.to_string(), level(text)?))
}

impl RuleArgs {
    /// The analysis options, after checking that every rule named exists.
    pub fn options(&self, opt_in: &OptInArgs) -> Result<Options, Failure> {
        for (flag, ids) in [
            ("--select", &self.select),
            ("--extend-select", &self.extend_select),
            ("--ignore", &self.ignore),
        ] {
            for id in ids.iter() {
                known_rule(flag, id)?;
            }
        }
        for (id, _) in &self.severity {
            known_rule("--severity", id)?;
        }
        for id in opt_in.opt_in.iter().filter(|id| !id.eq_ignore_ascii_case("all")) {
            known_rule("--opt-in", id)?;
        }
        Ok(Options {
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.iter().cloned().collect(),
            opt_in: opt_in.opt_in.clone(),
            ..Options::default()
        })
    }
}

/// An error naming the closest rule when `id` names none: a typo must not silently select nothing.
fn known_rule(flag: &str, id: &str) -> Result<(), Failure> {
    if rules::lookup(id).is_some() {
        return Ok(());
    }
    let candidates = rules::ALL.iter().flat_map(|rule| {
        [rule.code, rule.name]
            .into_iter()
            .chain(rule.hadolint.iter().copied())
            .chain(rule.buildkit.iter().copied())
            .chain(rule.trivy.iter().copied())
    });
    let lowered = id.to_ascii_lowercase();
    let closest = candidates
        .map(|name| (strsim::jaro_winkler(&lowered, &name.to_ascii_lowercase()), name))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match closest {
        Some((score, name)) if score > 0.7 => format!(" (did you mean `{name}`?)"),
        _ => String::new(),
    };
    Err(Failure::Usage(format!(
        "{flag}: no rule named `{id}`{hint}; `dflab rules` lists them"
    )))
}
