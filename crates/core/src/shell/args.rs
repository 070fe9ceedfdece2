//! Generic option parsing for recognizers: which words are flags, which flags take a value, which words
//! are operands. Each tool describes itself with a [`Spec`].

use std::ops::Range;

use super::ast::Word;

/// How a program's options look.
#[derive(Clone, Copy, Debug, Default)]
pub struct Spec {
    /// Short options that take a value (`-o VALUE` or `-oVALUE`).
    pub short_value: &'static [u8],
    /// Long options that take a value (`--index-url URL` or `--index-url=URL`), with the dashes, separated
    /// by spaces: one string is smaller in the wasm than a table of pointers to many.
    pub long_value: &'static str,
    /// Single-dash long options (`find -name`, `-exec`): `-name` is one option, not a cluster.
    pub single_dash_long: bool,
    /// Options stop at the first operand (`sudo`, `xargs`, wrappers).
    pub stop_at_operand: bool,
}

impl Spec {
    /// No option takes a value and options may follow operands (`rm`, `cd`); the base of the other specs.
    pub const PLAIN: Spec = Spec {
        short_value: b"",
        long_value: "",
        single_dash_long: false,
        stop_at_operand: false,
    };
}

/// One option as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Name with dashes: `-y`, `--yes`, `--index-url` (without `=value`). Clustered short options
    /// (`-eux`) give one flag per letter.
    pub name: String,
    pub value: Option<String>,
    /// Span of the value (the next word, or the whole `--name=value` word when attached).
    pub value_span: Option<Range<usize>>,
    /// Span of the option word.
    pub span: Range<usize>,
    /// Index of the option word in the argument list.
    pub index: usize,
}

/// Options and operands of one command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub flags: Vec<Flag>,
    /// Indices (into the argument list) of operands, in order.
    pub operands: Vec<usize>,
}

impl Args {
    /// True when any of `names` was given (`&["-y", "--yes"]`).
    pub fn has(&self, names: &[&str]) -> bool {
        self.flags.iter().any(|f| names.contains(&f.name.as_str()))
    }

    /// The flags among `names`.
    pub fn get<'s>(&'s self, names: &'s [&'s str]) -> impl Iterator<Item = &'s Flag> + 's {
        self.flags.iter().filter(move |f| names.contains(&f.name.as_str()))
    }

    /// Value of the last of `names` that has one.
    pub fn value(&self, names: &[&str]) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|f| names.contains(&f.name.as_str()) && f.value.is_some())
            .and_then(|f| f.value.as_deref())
    }

    /// How many times any of `names` was given (`-qq` counts 2).
    pub fn count(&self, names: &[&str]) -> usize {
        self.flags.iter().filter(|f| names.contains(&f.name.as_str())).count()
    }
}

/// The recognizers' forms of the lookups above: `names` is one space-separated string (`"-y --yes"`), which
/// is smaller in the wasm than a table of string pointers at each of their many call sites.
impl Args {
    pub(crate) fn has_any(&self, names: &str) -> bool {
        self.flags.iter().any(|f| is_one_of(&f.name, names))
    }

    pub(crate) fn get_any<'s>(&'s self, names: &'s str) -> impl Iterator<Item = &'s Flag> + 's {
        self.flags.iter().filter(move |f| is_one_of(&f.name, names))
    }

    pub(crate) fn value_of_any(&self, names: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|f| is_one_of(&f.name, names) && f.value.is_some())
            .and_then(|f| f.value.as_deref())
    }

    pub(crate) fn count_any(&self, names: &str) -> usize {
        self.flags.iter().filter(|f| is_one_of(&f.name, names)).count()
    }
}

/// True when `name` is one of the space-separated `names`.
fn is_one_of(name: &str, names: &str) -> bool {
    names.split(' ').any(|candidate| candidate == name)
}

/// Splits `words` (the arguments after the program or subcommand) into options and operands.
pub fn parse(words: &[Word], spec: &Spec) -> Args {
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let v = w.value.as_str();
        let bytes = v.as_bytes();
        if v == "--" {
            args.operands.extend(i + 1..words.len());
            break;
        }
        let looks_like_flag = bytes.len() > 1 && bytes[0] == b'-' && !w.raw.starts_with('$');
        if !looks_like_flag {
            args.operands.push(i);
            if spec.stop_at_operand {
                args.operands.extend(i + 1..words.len());
                break;
            }
            i += 1;
            continue;
        }
        if bytes[1] == b'-' || spec.single_dash_long {
            let (name, attached) = match v.split_once('=') {
                Some((n, val)) => (n, Some(val)),
                None => (v, None),
            };
            let mut flag = Flag {
                name: name.to_string(),
                value: attached.map(str::to_string),
                value_span: attached.map(|_| w.span.clone()),
                span: w.span.clone(),
                index: i,
            };
            if attached.is_none() && is_one_of(name, spec.long_value) {
                if let Some(next) = words.get(i + 1) {
                    flag.value = Some(next.value.clone());
                    flag.value_span = Some(next.span.clone());
                    i += 1;
                }
            }
            args.flags.push(flag);
            i += 1;
            continue;
        }
        // A cluster of short options: `-eux`, `-qq`, `-oValue`, `-q=2`.
        let mut j = 1;
        let mut consumed_next = false;
        while j < bytes.len() {
            let c = bytes[j];
            if !c.is_ascii() {
                // Not an option cluster after all.
                break;
            }
            let rest = &v[j + 1..];
            let mut name = String::from("-");
            name.push(c as char);
            let mut flag = Flag {
                name,
                value: None,
                value_span: None,
                span: w.span.clone(),
                index: i,
            };
            if spec.short_value.contains(&c) {
                if !rest.is_empty() {
                    flag.value = Some(rest.strip_prefix('=').unwrap_or(rest).to_string());
                    flag.value_span = Some(w.span.clone());
                } else if let Some(next) = words.get(i + 1) {
                    flag.value = Some(next.value.clone());
                    flag.value_span = Some(next.span.clone());
                    consumed_next = true;
                }
                args.flags.push(flag);
                break;
            }
            if let Some(val) = rest.strip_prefix('=') {
                // `-q=2`
                flag.value = Some(val.to_string());
                flag.value_span = Some(w.span.clone());
                args.flags.push(flag);
                break;
            }
            args.flags.push(flag);
            j += 1;
        }
        i += if consumed_next { 2 } else { 1 };
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    fn args_of(text: &str, spec: &Spec) -> (Vec<Word>, Args) {
        let script = parse(text, 0);
        let words = script.commands()[0].args().to_vec();
        let args = parse_args(&words, spec);
        (words, args)
    }

    use super::parse as parse_args;

    #[test]
    fn clusters_values_and_operands() {
        let spec = Spec {
            short_value: b"o",
            long_value: "--index-url",
            ..Spec::default()
        };
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("x -qq a", &["-q", "-q"], &["a"]),
            ("x -y -o Opt=1 pkg", &["-y", "-o"], &["pkg"]),
            ("x -oOpt=1 pkg", &["-o"], &["pkg"]),
            ("x -q=2 pkg", &["-q"], &["pkg"]),
            ("x --index-url http://i pkg", &["--index-url"], &["pkg"]),
            ("x --index-url=http://i pkg", &["--index-url"], &["pkg"]),
            ("x -- -y", &[], &["-y"]),
            ("x - a", &[], &["-", "a"]),
            ("x -eux", &["-e", "-u", "-x"], &[]),
        ];
        for (text, flags, operands) in cases {
            let (words, args) = args_of(text, &spec);
            let names: Vec<_> = args.flags.iter().map(|f| f.name.as_str()).collect();
            let ops: Vec<_> = args.operands.iter().map(|&i| words[i].value.as_str()).collect();
            assert_eq!((&names[..], &ops[..]), (*flags, *operands), "{text}");
        }
        let (_, args) = args_of("x -o A=1 --index-url=u -q=2", &spec);
        assert_eq!(args.value(&["-o"]), Some("A=1"));
        assert_eq!(args.value(&["--index-url"]), Some("u"));
        assert_eq!(args.value(&["-q"]), Some("2"));
        assert_eq!(args.count(&["-q"]), 1);
    }

    #[test]
    fn value_spans_point_at_the_value_word() {
        let spec = Spec {
            short_value: b"o",
            ..Spec::default()
        };
        let text = "x -o val rest";
        let (_, args) = args_of(text, &spec);
        let span = args.flags[0].value_span.clone().unwrap();
        assert_eq!(&text[span], "val");
    }

    #[test]
    fn stop_at_operand_and_single_dash_long() {
        let spec = Spec {
            stop_at_operand: true,
            ..Spec::default()
        };
        let (_, args) = args_of("x -E cmd -y", &spec);
        assert_eq!(args.flags.len(), 1);
        assert_eq!(args.operands, vec![1, 2]);
        let spec = Spec {
            single_dash_long: true,
            long_value: "-name",
            ..Spec::default()
        };
        let (_, args) = args_of("x / -name '*.pyc' -delete", &spec);
        let names: Vec<_> = args.flags.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["-name", "-delete"]);
        assert_eq!(args.value(&["-name"]), Some("*.pyc"));
    }
}
