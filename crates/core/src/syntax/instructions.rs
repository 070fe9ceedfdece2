//! Typed views of instructions: what each keyword's words mean (image, mounts, sources, pairs, ports...),
//! each part with its span so rules and fixes can point at and edit precise text.

use serde::Serialize;

use super::image::ImageRef;
use super::tree::{Arguments, Flag, Heredoc, Instruction, KeyValue, Word};
use crate::syntax::Keyword;

/// Every instruction, by keyword.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "keyword", content = "view", rename_all = "UPPERCASE")]
pub enum View<'a> {
    From(Box<From>),
    Run(Run<'a>),
    Copy(Copy<'a>),
    Add(Copy<'a>),
    Env(&'a [KeyValue]),
    Label(&'a [KeyValue]),
    Arg(Vec<ArgDecl>),
    Expose(Vec<Port>),
    Healthcheck(Healthcheck<'a>),
    Cmd(Command<'a>),
    Entrypoint(Command<'a>),
    Shell(Command<'a>),
    User(Option<&'a Word>),
    Workdir(Option<&'a Word>),
    #[serde(rename = "STOPSIGNAL")]
    StopSignal(Option<&'a Word>),
    Maintainer(Option<&'a Word>),
    Volume(&'a [Word]),
    Onbuild(Option<&'a Instruction>),
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct From {
    /// The image word as written (may hold `$VARS`; see [`mod@super::model`] for the resolved base).
    pub image: Word,
    pub reference: ImageRef,
    pub platform: Option<Flag>,
    /// The `AS` keyword and the stage name, when written.
    pub as_keyword: Option<Word>,
    pub name: Option<Word>,
}

/// Exec form (JSON array) or shell form of a command.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "form", content = "words", rename_all = "lowercase")]
pub enum Command<'a> {
    None,
    Exec(&'a [Word]),
    Shell(&'a Word),
}

impl Command<'_> {
    fn of(arguments: &Arguments) -> Command<'_> {
        match arguments {
            Arguments::Json(words) => Command::Exec(words),
            Arguments::Text(word) => Command::Shell(word),
            _ => Command::None,
        }
    }

    pub fn is_exec(&self) -> bool {
        matches!(self, Command::Exec(_))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run<'a> {
    pub command: Command<'a>,
    pub mounts: Vec<Mount>,
    pub network: Option<&'a Flag>,
    pub security: Option<&'a Flag>,
    pub heredocs: &'a [Heredoc],
}

/// One `--mount=type=...,target=...` of RUN, fields as BuildKit reads them (CSV, `key=value`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mount {
    /// `bind` when not given.
    pub kind: String,
    pub target: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub id: Option<String>,
    pub sharing: Option<String>,
    pub mode: Option<String>,
    pub uid: Option<String>,
    pub gid: Option<String>,
    pub readonly: Option<bool>,
    pub required: Option<bool>,
    pub env: Option<String>,
    pub size: Option<String>,
    /// Every field in order, keys lower-cased; `None` value for a bare key such as `ro`.
    pub fields: Vec<(String, Option<String>)>,
    pub span: crate::span::Span,
}

impl Mount {
    pub fn parse(flag: &Flag) -> Mount {
        let mut mount = Mount {
            kind: "bind".into(),
            span: flag.span,
            ..Mount::default()
        };
        let value = flag.value.as_deref().unwrap_or("");
        for field in csv_fields(value) {
            let (key, val) = match field.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.to_string())),
                None => (field.trim().to_ascii_lowercase(), None),
            };
            let bool_value = |v: &Option<String>| v.as_deref().is_none_or(|v| v.eq_ignore_ascii_case("true"));
            match key.as_str() {
                "type" => mount.kind = val.clone().unwrap_or_default().to_ascii_lowercase(),
                "target" | "dst" | "destination" => mount.target = val.clone(),
                "source" | "src" => mount.source = val.clone(),
                "from" => mount.from = val.clone(),
                "id" => mount.id = val.clone(),
                "sharing" => mount.sharing = val.clone(),
                "mode" => mount.mode = val.clone(),
                "uid" => mount.uid = val.clone(),
                "gid" => mount.gid = val.clone(),
                "size" => mount.size = val.clone(),
                "env" => mount.env = val.clone(),
                "readonly" | "ro" => mount.readonly = Some(bool_value(&val)),
                "rw" | "readwrite" => mount.readonly = Some(!bool_value(&val)),
                "required" => mount.required = Some(bool_value(&val)),
                _ => {}
            }
            mount.fields.push((key, val));
        }
        mount
    }
}

/// Go's `encoding/csv` reading of one record: `,`-separated, `"`-quoted fields with `""` for a quote.
fn csv_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c != '"' {
                field.push(c);
            } else if chars.peek() == Some(&'"') {
                chars.next();
                field.push('"');
            } else {
                quoted = false;
            }
        } else if c == ',' {
            fields.push(std::mem::take(&mut field));
            at_start = true;
            continue;
        } else if c == '"' && at_start {
            quoted = true;
        } else {
            field.push(c);
        }
        at_start = false;
    }
    fields.push(field);
    fields
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Copy<'a> {
    pub from: Option<&'a Flag>,
    pub chown: Option<&'a Flag>,
    pub chmod: Option<&'a Flag>,
    pub link: Option<&'a Flag>,
    pub parents: Option<&'a Flag>,
    pub exclude: Vec<&'a Flag>,
    pub checksum: Option<&'a Flag>,
    pub keep_git_dir: Option<&'a Flag>,
    pub unpack: Option<&'a Flag>,
    /// Sources as written (a heredoc source is its `<<EOF` word).
    pub sources: Vec<&'a Word>,
    pub destination: Option<&'a Word>,
    pub json: bool,
    pub heredocs: &'a [Heredoc],
}

impl<'a> Copy<'a> {
    /// The heredoc a source word opens (`COPY <<EOF /dst`), matched by where its marker is written.
    pub fn heredoc_of(&self, source: &Word) -> Option<&'a Heredoc> {
        self.heredocs
            .iter()
            .find(|h| h.marker_span.start >= source.span.start && h.marker_span.end <= source.span.end)
    }
}

/// One name of an ARG instruction, with its default when given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArgDecl {
    pub name: String,
    /// Default as written (quotes still in); see [`mod@super::model`] for the expanded value.
    pub default: Option<String>,
    pub word: Word,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Port {
    /// Port or range as written, e.g. `8080` or `8000-8010` (may hold `$VARS`).
    pub port: String,
    /// Lower-cased protocol, `tcp` when not given.
    pub protocol: String,
    pub word: Word,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Healthcheck<'a> {
    /// `HEALTHCHECK NONE`.
    pub none: bool,
    pub interval: Option<&'a Flag>,
    pub timeout: Option<&'a Flag>,
    pub start_period: Option<&'a Flag>,
    pub start_interval: Option<&'a Flag>,
    pub retries: Option<&'a Flag>,
    pub command: Command<'a>,
}

impl Instruction {
    /// The typed view of this instruction.
    pub fn view(&self) -> View<'_> {
        let words = || match &self.arguments {
            Arguments::Words(words) | Arguments::Json(words) => words.as_slice(),
            _ => &[],
        };
        let text = || match &self.arguments {
            Arguments::Text(word) => Some(word),
            _ => None,
        };
        let pairs = || match &self.arguments {
            Arguments::Pairs(pairs) => pairs.as_slice(),
            _ => &[],
        };
        match self.keyword {
            Keyword::From => View::From(Box::new(self.build_from())),
            Keyword::Run => View::Run(Run {
                command: Command::of(&self.arguments),
                mounts: self
                    .flags
                    .iter()
                    .filter(|f| f.name == "mount")
                    .map(Mount::parse)
                    .collect(),
                network: self.flag("network"),
                security: self.flag("security"),
                heredocs: &self.heredocs,
            }),
            Keyword::Copy => View::Copy(self.copy_view()),
            Keyword::Add => View::Add(self.copy_view()),
            Keyword::Env => View::Env(pairs()),
            Keyword::Label => View::Label(pairs()),
            Keyword::Arg => View::Arg(
                words()
                    .iter()
                    .map(|word| {
                        let (name, default) = match word.value.split_once('=') {
                            Some((n, d)) => (n.to_string(), Some(d.to_string())),
                            None => (word.value.clone(), None),
                        };
                        ArgDecl {
                            name,
                            default,
                            word: word.clone(),
                        }
                    })
                    .collect(),
            ),
            Keyword::Expose => View::Expose(
                words()
                    .iter()
                    .map(|word| {
                        let (port, protocol) = match word.value.split_once('/') {
                            Some((p, proto)) => (p.to_string(), proto.to_ascii_lowercase()),
                            None => (word.value.clone(), "tcp".to_string()),
                        };
                        Port {
                            port,
                            protocol,
                            word: word.clone(),
                        }
                    })
                    .collect(),
            ),
            Keyword::Healthcheck => {
                let (none, command) = match &self.arguments {
                    Arguments::Health { kind, command } => {
                        (kind.value.eq_ignore_ascii_case("none"), Command::of(command))
                    }
                    _ => (false, Command::None),
                };
                View::Healthcheck(Healthcheck {
                    none,
                    interval: self.flag("interval"),
                    timeout: self.flag("timeout"),
                    start_period: self.flag("start-period"),
                    start_interval: self.flag("start-interval"),
                    retries: self.flag("retries"),
                    command,
                })
            }
            Keyword::Cmd => View::Cmd(Command::of(&self.arguments)),
            Keyword::Entrypoint => View::Entrypoint(Command::of(&self.arguments)),
            Keyword::Shell => View::Shell(Command::of(&self.arguments)),
            Keyword::User => View::User(text()),
            Keyword::Workdir => View::Workdir(text()),
            Keyword::Stopsignal => View::StopSignal(text()),
            Keyword::Maintainer => View::Maintainer(text()),
            Keyword::Volume => View::Volume(words()),
            Keyword::Onbuild => View::Onbuild(match &self.arguments {
                Arguments::Sub(sub) => Some(sub),
                _ => None,
            }),
            _ => View::Unknown,
        }
    }

    pub fn as_from(&self) -> Option<From> {
        (self.keyword == Keyword::From).then(|| self.build_from())
    }

    pub fn as_run(&self) -> Option<Run<'_>> {
        match self.view() {
            View::Run(run) => Some(run),
            _ => None,
        }
    }

    /// COPY or ADD.
    pub fn as_copy(&self) -> Option<Copy<'_>> {
        matches!(self.keyword, Keyword::Copy | Keyword::Add).then(|| self.copy_view())
    }

    fn build_from(&self) -> From {
        let words = match &self.arguments {
            Arguments::Words(words) => words.as_slice(),
            _ => &[],
        };
        let image = words.first().cloned().unwrap_or_default();
        let (as_keyword, name) = match words {
            [_, keyword, name] if keyword.value.eq_ignore_ascii_case("as") => {
                (Some(keyword.clone()), Some(name.clone()))
            }
            _ => (None, None),
        };
        From {
            reference: ImageRef::parse(&image),
            image,
            platform: self.flag("platform").cloned(),
            as_keyword,
            name,
        }
    }

    fn copy_view(&self) -> Copy<'_> {
        let (words, json) = match &self.arguments {
            Arguments::Words(words) => (words.as_slice(), false),
            Arguments::Json(words) => (words.as_slice(), true),
            _ => (&[][..], false),
        };
        let (sources, destination) = match words.split_last() {
            Some((last, rest)) => (rest.iter().collect(), Some(last)),
            None => (Vec::new(), None),
        };
        Copy {
            from: self.flag("from"),
            chown: self.flag("chown"),
            chmod: self.flag("chmod"),
            link: self.flag("link"),
            parents: self.flag("parents"),
            exclude: self.flags.iter().filter(|f| f.name == "exclude").collect(),
            checksum: self.flag("checksum"),
            keep_git_dir: self.flag("keep-git-dir"),
            unpack: self.flag("unpack"),
            sources,
            destination,
            json,
            heredocs: &self.heredocs,
        }
    }
}

impl Flag {
    /// A boolean flag: `--link` and `--link=true` are on, `--link=false` is off.
    pub fn is_on(&self) -> bool {
        self.value.as_deref().is_none_or(|v| !v.eq_ignore_ascii_case("false"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn first(source: &str) -> Instruction {
        parse(source).instructions().next().unwrap().clone()
    }

    #[test]
    fn from_splits_image_platform_and_stage() {
        let i = first("FROM --platform=$BUILDPLATFORM ghcr.io/o/app:1.2@sha256:ab AS build\n");
        let from = i.as_from().unwrap();
        assert_eq!(from.platform.unwrap().value.as_deref(), Some("$BUILDPLATFORM"));
        assert_eq!(from.reference.registry.as_deref(), Some("ghcr.io"));
        assert_eq!(from.reference.tag.as_deref(), Some("1.2"));
        assert_eq!(from.reference.digest.as_deref(), Some("sha256:ab"));
        assert_eq!(from.name.unwrap().value, "build");
    }

    #[test]
    fn run_mounts_and_forms() {
        let i = first("RUN --mount=type=cache,target=/root/.cache,sharing=locked --mount=type=secret,id=tok,env=TOKEN,required --network=none pip install x\n");
        let run = i.as_run().unwrap();
        assert_eq!(run.mounts.len(), 2);
        assert_eq!(run.mounts[0].kind, "cache");
        assert_eq!(run.mounts[0].target.as_deref(), Some("/root/.cache"));
        assert_eq!(run.mounts[0].sharing.as_deref(), Some("locked"));
        assert_eq!(run.mounts[1].env.as_deref(), Some("TOKEN"));
        assert_eq!(run.mounts[1].required, Some(true));
        assert_eq!(run.network.unwrap().value.as_deref(), Some("none"));
        assert!(matches!(run.command, Command::Shell(w) if w.value == "pip install x"));
        let exec = first("RUN [\"a\", \"b\"]\n");
        assert!(exec.as_run().unwrap().command.is_exec());
        assert_eq!(csv_fields("a=\"x,y\",b"), ["a=\"x", "y\"", "b"]);
        assert_eq!(csv_fields("\"a=x,y\",b"), ["a=x,y", "b"]);
    }

    #[test]
    fn copy_flags_sources_destination() {
        let i = first("COPY --from=build --chown=1:1 --link --exclude=*.md --exclude=x a b /dst/\n");
        let copy = i.as_copy().unwrap();
        assert_eq!(copy.from.unwrap().value.as_deref(), Some("build"));
        assert!(copy.link.unwrap().is_on());
        assert_eq!(copy.exclude.len(), 2);
        let sources: Vec<_> = copy.sources.iter().map(|w| w.value.as_str()).collect();
        assert_eq!(sources, ["a", "b"]);
        assert_eq!(copy.destination.unwrap().value, "/dst/");
        let tree = parse("FROM a\nCOPY <<one x <<'two' /dst/\n1\none\n2\ntwo\n");
        let copy = tree.instructions().nth(1).unwrap().as_copy().unwrap();
        let bodies: Vec<_> = copy
            .sources
            .iter()
            .map(|s| copy.heredoc_of(s).map(|h| h.content.as_str()))
            .collect();
        assert_eq!(bodies, [Some("1\n"), None, Some("2\n")]);
    }

    #[test]
    fn other_views() {
        assert!(
            matches!(first("EXPOSE 80 53/UDP\n").view(), View::Expose(p) if p[1].protocol == "udp" && p[0].protocol == "tcp")
        );
        assert!(
            matches!(first("ARG A B=2\n").view(), View::Arg(a) if a[1].default.as_deref() == Some("2") && a[0].default.is_none())
        );
        assert!(matches!(first("HEALTHCHECK NONE\n").view(), View::Healthcheck(h) if h.none));
        assert!(
            matches!(first("HEALTHCHECK --interval=5s CMD [\"a\"]\n").view(), View::Healthcheck(h) if h.command.is_exec() && h.interval.is_some())
        );
        assert!(matches!(first("ENV A=1 B=\"2 3\"\n").view(), View::Env(p) if p[1].value.value == "\"2 3\""));
        assert!(matches!(first("ONBUILD RUN x\n").view(), View::Onbuild(Some(sub)) if sub.keyword == Keyword::Run));
        assert!(matches!(first("FOO bar\n").view(), View::Unknown));
        assert!(matches!(first("USER app\n").view(), View::User(Some(w)) if w.value == "app"));
    }
}
