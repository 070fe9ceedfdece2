//! Parser and script-level tests; recognizer tests live next to each recognizer.

use super::*;

fn values(c: &Command) -> Vec<&str> {
    c.words.iter().map(|w| w.value.as_str()).collect()
}

fn all(text: &str) -> Vec<Vec<String>> {
    parse(text, 0)
        .commands()
        .iter()
        .map(|c| c.words.iter().map(|w| w.value.clone()).collect())
        .collect()
}

fn names(text: &str) -> Vec<String> {
    parse(text, 0).commands().iter().map(|c| c.name().to_string()).collect()
}

#[test]
fn quoting_and_escapes() {
    // (input, expected values of the single command's words)
    let cases: &[(&str, &[&str])] = &[
        ("echo a b", &["echo", "a", "b"]),
        ("echo 'a b' \"c d\"", &["echo", "a b", "c d"]),
        ("echo a\\ b", &["echo", "a b"]),
        ("echo 'it'\\''s'", &["echo", "it's"]),
        ("echo \"a\\\"b\\$c\\\\d\\e\"", &["echo", "a\"b$c\\d\\e"]),
        ("echo \"$HOME/x\" ${A:-b}", &["echo", "$HOME/x", "${A:-b}"]),
        ("echo \"$(date +%s)\"", &["echo", "$(date +%s)"]),
        ("echo `date`", &["echo", "`date`"]),
        ("echo $'a\\tb'", &["echo", "a\tb"]),
        ("echo a#b # comment", &["echo", "a#b"]),
        ("echo $((1 + 2))", &["echo", "$((1 + 2))"]),
        ("echo {a,b}.txt", &["echo", "{a,b}.txt"]),
        ("echo é ü", &["echo", "é", "ü"]),
        ("echo ''", &["echo", ""]),
        ("echo \"${A:-\"x y\"}\"", &["echo", "${A:-\"x y\"}"]),
    ];
    for (text, expected) in cases {
        let script = parse(text, 0);
        let last = script.commands().last().unwrap();
        assert_eq!(values(last), *expected, "{text}");
        assert!(script.errors().is_empty(), "{text}: {:?}", script.errors());
    }
}

#[test]
fn word_flags_and_spans() {
    let text = "cp \"$SRC\" /a/* 'lit$x' $(pwd)";
    let script = parse(text, 100);
    let c = script.commands().iter().find(|c| c.name() == "cp").unwrap();
    let w = &c.words;
    assert!(w[1].quoted && w[1].expansion && !w[1].glob);
    assert!(w[2].glob && !w[2].quoted);
    assert!(w[3].quoted && !w[3].expansion);
    assert!(w[4].substitution && w[4].expansion);
    for word in w {
        assert_eq!(&text[word.span.start - 100..word.span.end - 100], word.raw);
    }
    assert_eq!(c.span, 100..100 + text.len());
}

#[test]
fn operators_and_connectors() {
    let script = parse("a && b || c; d | e |& f & g\nh", 0);
    let got: Vec<_> = script
        .commands()
        .iter()
        .map(|c| (c.name(), c.before, c.after, c.pipe_index))
        .collect();
    use Connector::*;
    assert_eq!(
        got,
        [
            ("a", None, Some(And), 0),
            ("b", Some(And), Some(Or), 0),
            ("c", Some(Or), Some(Semi), 0),
            ("d", Some(Semi), Some(Pipe), 0),
            ("e", Some(Pipe), Some(Pipe), 1),
            ("f", Some(Pipe), Some(Background), 2),
            ("g", Some(Background), Some(Newline), 0),
            ("h", Some(Newline), None, 0),
        ]
    );
    let c = script.commands();
    assert!(c[5].context.background && !c[4].context.background);
    assert_eq!(c[3].pipeline, c[5].pipeline);
    assert_ne!(c[2].pipeline, c[3].pipeline);
    assert!(c[4].in_pipeline() && !c[0].in_pipeline());
    assert_eq!(script.piped_into(3).map(|c| c.name()), Some("e"));
    assert_eq!(script.pipeline(4).count(), 3);
    // A pipeline that starts with a compound command.
    let script = parse("for i in x; do :; done | a | b", 0);
    let a = script.named("a").next().unwrap();
    assert_eq!(
        (a.pipe_index, script.piped_into(a.id).map(|c| c.name())),
        (1, Some("b"))
    );
}

#[test]
fn assignments_and_redirections() {
    let script = parse("A=1 B=\"x y\" cmd arg >out 2>&1 <in 3>>log &>all <<<str", 0);
    let c = &script.commands()[0];
    assert_eq!(c.name(), "cmd");
    let assigns: Vec<_> = c
        .assignments
        .iter()
        .map(|a| (a.name.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(assigns, [("A", "1"), ("B", "x y")]);
    assert_eq!(values(c), ["cmd", "arg"]);
    let redirects: Vec<_> = c
        .redirects
        .iter()
        .map(|r| (r.fd, r.op, r.target.as_ref().map(|t| t.value.as_str())))
        .collect();
    use RedirectOp::*;
    assert_eq!(
        redirects,
        [
            (None, Out, Some("out")),
            (Some(2), DupOut, Some("1")),
            (None, In, Some("in")),
            (Some(3), Append, Some("log")),
            (None, OutErr, Some("all")),
            (None, HereString, Some("str")),
        ]
    );
    assert!(c.redirects_fd(2).is_some());
    assert!(c.has_arg("arg") && !c.has_arg("cmd"));
    // An assignment after the program is an argument; a lone assignment is a command without program.
    let script = parse("cmd A=1; X=$(id -u)", 0);
    assert_eq!(values(&script.commands()[0]), ["cmd", "A=1"]);
    let x = script.commands().iter().find(|c| !c.assignments.is_empty()).unwrap();
    assert_eq!((x.name(), x.program_index, x.words.len()), ("", 0, 0));
    assert_eq!(x.assignments[0].value, "$(id -u)");
    assert!(matches!(x.program, Program::None));
    let script = parse("a=(1 2 3) b+=x cmd", 0);
    let c = &script.commands()[0];
    assert_eq!(c.assignments.len(), 2);
    assert_eq!(c.assignments[0].value, "(1 2 3)");
    assert_eq!(c.name(), "cmd");
}

#[test]
fn nesting_and_context() {
    let text = "if [ -f x ]; then a; elif b; then c; else d; fi; \
                for i in 1 $(seq 3); do e \"$i\"; done; \
                while f; do g; done; \
                case \"$x\" in a|b) h ;; (*) i ;; esac; \
                ( j; k ) && { l; m; }; ! n; \
                o \"$(p | q)\"; fn() { r; }";
    let script = parse(text, 0);
    assert!(script.errors().is_empty(), "{:?}", script.errors());
    let by_name = |n: &str| script.named(n).next().unwrap_or_else(|| panic!("{n}")).context;
    assert!(by_name("[").condition);
    assert!(by_name("a").conditional && !by_name("a").condition);
    assert!(by_name("b").condition);
    assert!(by_name("d").conditional);
    assert!(by_name("seq").substitution == 1 && !by_name("seq").in_loop);
    assert!(by_name("e").in_loop && by_name("e").conditional);
    assert!(by_name("f").condition && by_name("f").in_loop);
    assert!(by_name("g").in_loop);
    assert!(by_name("h").conditional && by_name("i").conditional);
    assert_eq!(by_name("j").subshell, 1);
    assert!(by_name("l").group && by_name("l").subshell == 0);
    assert!(by_name("n").negated);
    assert_eq!(by_name("p").substitution, 1);
    assert!(by_name("r").function);
    assert!(by_name("o").is_top_shell());
    let p = script.named("p").next().unwrap();
    let o = script.named("o").next().unwrap();
    assert_eq!(p.parent, Some(o.id));
    assert!(p.id < o.id, "substitutions run first");
    assert_eq!(script.piped_into(p.id).map(|c| c.name()), Some("q"));
    let got = names(text);
    for expected in [
        "[", "a", "b", "c", "d", "seq", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "p", "q", "o", "r",
    ] {
        assert!(got.iter().any(|g| g == expected), "{expected} missing from {got:?}");
    }
    // Keywords are only keywords in command position.
    assert_eq!(all("echo if then fi"), [["echo", "if", "then", "fi"]]);
    assert_eq!(all("echo }"), [["echo", "}"]]);
}

#[test]
fn compound_redirections_are_not_commands() {
    let script = parse_with(
        "while read -r l; do echo \"$l\"; done < f; if a; then b; fi > log 2>&1; { c; } <<EOF\nbody\nEOF\n( d ) >/dev/null\ne",
        0,
        ParseOptions::shell(),
    );
    assert!(script.errors().is_empty(), "{:?}", script.errors());
    let got: Vec<_> = script.commands().iter().map(|c| c.name()).collect();
    assert_eq!(got, ["read", "echo", "a", "b", "c", "d", "e"]);
}

#[test]
fn substitutions_nest() {
    let script = parse("a \"$(b \"$(c `d`)\" | e)\" <(f) >(g)", 0);
    let got: Vec<_> = script
        .commands()
        .iter()
        .map(|c| (c.name(), c.context.substitution))
        .collect();
    assert_eq!(
        got,
        [("d", 3), ("c", 2), ("b", 1), ("e", 1), ("f", 1), ("g", 1), ("a", 0)]
    );
    let parent = |n: &str| {
        script
            .named(n)
            .next()
            .unwrap()
            .parent
            .map(|p| script.commands()[p].name())
    };
    assert_eq!(parent("d"), Some("c"));
    assert_eq!(parent("c"), Some("b"));
    assert_eq!(parent("b"), Some("a"));
    assert_eq!(parent("e"), Some("a"));
    assert_eq!(parent("f"), Some("a"));
    assert!(script.errors().is_empty());
}

#[test]
fn dockerfile_continuations_and_comment_lines() {
    // Raw RUN text: continuations, a comment line and a blank line inside the instruction.
    let source = "RUN apt-get update \\\n  # a comment \\ with a backslash\n\n  && apt-get install -y \\\n    curl \\  \n    git\n";
    let text = &source[4..];
    let script = parse(text, 4);
    assert!(script.errors().is_empty(), "{:?}", script.errors());
    let (id, apt) = script.apt_installs().next().unwrap();
    let pkgs: Vec<_> = apt.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(pkgs, ["curl", "git"]);
    assert_eq!(&source[apt.packages[1].span.clone()], "git");
    assert!(script.apt_update_before(id));
    assert_eq!(script.commands()[id].before, Some(Connector::And));
    // Substitution text kept in a value has Docker's continuations removed too.
    let script = parse("x=\"$(dpkg \\\n  # c\n  --print)\"", 0);
    let x = script.commands().last().unwrap();
    assert_eq!(x.assignments[0].value, "$(dpkg   --print)");
    // A continuation in the middle of a word joins it.
    assert_eq!(all("ec\\\nho hi"), [["echo", "hi"]]);
    // In Dockerfile mode even single quotes are joined (Docker does it before the shell runs).
    assert_eq!(all("echo 'a\\\nb'"), [["echo", "ab"]]);
    // Shell mode: the backslash stays in single quotes and comments end at the newline.
    let script = parse_with("echo 'a\\\nb' # x \\\necho c\n", 0, ParseOptions::shell());
    let got: Vec<_> = script.commands().iter().map(values).collect();
    assert_eq!(got, [vec!["echo", "a\\\nb"], vec!["echo", "c"]]);
    // Found by comparing with bash: a continuation at the very end, and after a lone `$`.
    for (text, expected) in [
        ("echo ab\\\n", "ab"),
        ("echo \\\\$\\\n", "\\$"),
        ("echo a$\\\nb", "a$b"),
    ] {
        let script = parse_with(text, 0, ParseOptions::shell());
        assert_eq!(script.commands()[0].words[1].value, expected, "{text:?}");
    }
    // Backtick escape (`# escape=``).
    let options = ParseOptions {
        escape: b'`',
        ..ParseOptions::default()
    };
    let script = parse_with("echo a `\n  b", 0, options);
    assert_eq!(values(&script.commands()[0]), ["echo", "a", "b"]);
}

#[test]
fn run_flags_are_skipped() {
    let text = "--mount=type=cache,target=/root/.cache/pip --network=none \\\n  pip install \"x\"";
    let script = parse(text, 4);
    assert!(script.errors().is_empty());
    let c = &script.commands()[0];
    assert_eq!(c.name(), "pip");
    assert_eq!(&text[c.span.start - 4..c.span.end - 4], "pip install \"x\"");
    // Not in shell mode, and only at the start.
    assert_eq!(names("echo --mount=x"), ["echo"]);
    assert_eq!(parse_with("--x", 0, ParseOptions::shell()).commands()[0].name(), "--x");
}

#[test]
fn spans_convert_to_line_columns() {
    let source = "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl\n";
    let offset = source.find("apt-get").unwrap();
    let script = parse(&source[offset..], offset);
    let (_, apt) = script.apt_installs().next().unwrap();
    let index = crate::span::LineIndex::new(source);
    let span = to_span(&index, &apt.packages[0].span);
    assert_eq!((span.line, span.column, span.end_line, span.end_column), (3, 24, 3, 28));
}

#[test]
fn exec_form() {
    let script = from_argv(&[
        ("sudo", 1..7),
        ("pip", 9..14),
        ("install", 16..25),
        ("flask==3.0", 27..39),
    ]);
    let c = &script.commands()[0];
    assert!(c.uses_sudo());
    let pip = c.program.pip().unwrap();
    assert_eq!(
        (pip.packages[0].name.as_str(), pip.packages[0].span.clone()),
        ("flask", 27..39)
    );
    assert!(from_argv::<&str>(&[]).commands().is_empty());
}

#[test]
fn heredocs_in_shell_text() {
    let text = "cat <<EOF > /etc/x\nline $HOME\nEOF\ncat <<-'END' | sh\n\tquoted\n\tEND\necho done\n";
    let script = parse_with(text, 10, ParseOptions::shell());
    assert!(script.errors().is_empty(), "{:?}", script.errors());
    let got = script.commands().iter().map(|c| c.name()).collect::<Vec<_>>();
    assert_eq!(got, ["cat", "cat", "sh", "echo"]);
    let h = script.commands()[0].redirects[0].heredoc.as_ref().unwrap();
    assert_eq!(
        (h.delimiter.as_str(), h.body.as_str(), h.quoted),
        ("EOF", "line $HOME\n", false)
    );
    assert_eq!(&text[h.body_span.start - 10..h.body_span.end - 10], "line $HOME\n");
    assert_eq!(
        script.commands()[0].redirects[1].target.as_ref().unwrap().value,
        "/etc/x"
    );
    let h = script.commands()[1].redirects[0].heredoc.as_ref().unwrap();
    assert_eq!((h.body.as_str(), h.quoted), ("\tquoted\n", true));
    let script = parse_with("cat <<EOF\nnever closed\n", 0, ParseOptions::shell());
    assert_eq!(script.errors().len(), 1);
}

#[test]
fn recovers_from_errors() {
    let cases = [
        "echo 'unterminated",
        "echo \"unterminated $(x",
        "echo $(unterminated",
        "if a; then b",
        "fi; done; esac; }",
        "a )) b",
        "case x in",
        "for",
        "echo ${x",
        "echo `x",
        ">",
        "&& ||",
        ";;",
        "x() ",
        "$'\\",
        "\\",
        "apt-get -9Jéabbes} install x",
        "pip install -ré x",
    ];
    for text in cases {
        let script = parse(text, 0);
        for c in script.commands() {
            assert!(c.span.end <= text.len(), "{text}");
        }
    }
    assert!(!parse("echo 'x", 0).errors().is_empty());
    assert!(!parse("if a; then b", 0).errors().is_empty());
    assert_eq!(names("fi; echo ok"), ["echo"]);
}

#[test]
fn test_brackets_keep_operators_inside() {
    let script = parse("[[ -n $a && $b < 3 ]] && echo yes", 0);
    let c = &script.commands()[0];
    assert_eq!(values(c), ["[[", "-n", "$a", "&&", "$b", "<", "3", "]]"]);
    assert_eq!(script.commands()[1].name(), "echo");
}

#[test]
fn script_queries() {
    let script = parse(
        "set -eux; apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*",
        0,
    );
    let (id, _) = script.apt_installs().next().unwrap();
    assert!(script.apt_update_before(id));
    assert!(script.apt_lists_cleaned_after(id));
    assert!(script.errexit_before(id));
    assert!(!script.pipefail_before(id));
    assert!(script.removes_path_prefix("/var/lib/apt/lists"));
    assert!(!script.removes_path_prefix("/var/lib/apt/lists/partial/x"));

    let script = parse("apt-get install -y x; rm -rf /var/lib/apt/lists", 0);
    assert!(!script.apt_update_before(0) && script.apt_lists_cleaned_after(0));
    let script = parse("rm -rf /var/lib/apt/lists/*; apt-get install -y x", 0);
    assert!(!script.apt_lists_cleaned_after(1));
    let script = parse("apt-get install -y x; apt-get dist-clean", 0);
    assert!(script.apt_lists_cleaned_after(0));
    let script = parse("apt-get install -y x; find /var/lib/apt/lists -mindepth 1 -delete", 0);
    assert!(script.apt_lists_cleaned_after(0));
    let script = parse("apt-get install -y x; find /var/lib/apt/lists -name '*.gz'", 0);
    assert!(!script.apt_lists_cleaned_after(0));

    let script = parse("set -o pipefail; curl x | tar xz; set +o pipefail; a | b", 0);
    let curl = script.named("curl").next().unwrap().id;
    let a = script.named("a").next().unwrap().id;
    assert!(script.pipefail_before(curl) && !script.pipefail_before(a));
    // A `set` in a subshell does not count.
    let script = parse("(set -o pipefail); a | b", 0);
    assert!(!script.pipefail_before(script.named("a").next().unwrap().id));

    let script = parse("pip install x && pip cache purge", 0);
    assert!(script.pip_cache_cleaned_after(0));
    let script = parse("pip install x && rm -rf ~/.cache/pip", 0);
    assert!(script.pip_cache_cleaned_after(0));
    let script = parse("pip install x && rm -rf /root/.cache", 0);
    assert!(script.pip_cache_cleaned_after(0));
    let script = parse("pip install --no-cache-dir x", 0);
    assert!(!script.pip_cache_cleaned_after(0));
    let script = parse("pip install x; rm -rf /tmp/*; rm -rf /var/lib/apt", 0);
    assert!(!script.pip_cache_cleaned_after(0));
    assert!(script.cleans_path_after(0, "/var/lib/apt/lists") && !script.cleans_path_after(0, "/root/.cache"));
    assert!(script.apt_lists_cleaned_after(0));

    let script = parse("apk add --no-cache x", 0);
    assert!(script.apk_cache_cleaned(0));
    let script = parse("apk add x && rm -rf /var/cache/apk/*", 0);
    assert!(script.apk_cache_cleaned(0));
    let script = parse("apk add x && apk cache clean", 0);
    assert!(script.apk_cache_cleaned(0));
    let script = parse("apk add x", 0);
    assert!(!script.apk_cache_cleaned(0));

    let script = parse("dnf install -y x && dnf clean all", 0);
    assert!(script.rpm_cache_cleaned_after(0));
    let script = parse("yum install -y x && rm -rf /var/cache/yum", 0);
    assert!(script.rpm_cache_cleaned_after(0));
    let script = parse("yum install -y x", 0);
    assert!(!script.rpm_cache_cleaned_after(0));

    let script = parse("sudo apt-get install x; sudo -u app id", 0);
    assert_eq!(script.sudo_commands().count(), 2);
    let Program::AptGet(apt) = &script.commands()[0].program else {
        panic!()
    };
    assert_eq!(apt.packages[0].name, "x");
}

#[test]
fn remote_script_execution() {
    // (text, expected interpreter names)
    let cases: &[(&str, &[&str])] = &[
        ("curl -fsSL https://x | sh", &["sh"]),
        ("curl -fsSL https://x | sudo -E bash -", &["bash"]),
        ("curl -s https://x | sh -s -- -y", &["sh"]),
        ("wget -qO- https://x | bash", &["bash"]),
        ("wget -O - https://x | python3", &["python3"]),
        ("curl https://x | tee /tmp/i.sh | sh", &["sh"]),
        ("sh -c \"$(curl -fsSL https://x)\"", &["sh"]),
        ("bash <(curl -s https://x)", &["bash"]),
        ("eval \"$(wget -qO- https://x)\"", &["eval"]),
        ("curl -o /tmp/x https://x | sh", &[]),
        ("wget https://x | sh", &[]),
        ("curl https://x | python3 -c 'import json,sys'", &[]),
        ("curl https://x | tar xz", &[]),
        ("curl https://x | sh ./local.sh", &[]),
        ("echo \"$(curl https://x)\"", &[]),
    ];
    for (text, expected) in cases {
        let script = parse(text, 0);
        let got: Vec<_> = script
            .remote_executions()
            .iter()
            .map(|e| script.commands()[e.interpreter].name())
            .collect();
        assert_eq!(&got[..], *expected, "{text}");
        let flagged = script
            .commands()
            .iter()
            .any(|c| matches!(&c.program, Program::Fetch(f) if f.executed_by.is_some()));
        assert_eq!(flagged, !expected.is_empty(), "{text}");
    }
    let script = parse("sh -c \"$(curl -fsSL https://x)\"", 0);
    assert_eq!(script.remote_executions()[0].via, RemoteVia::Substitution);
}

#[test]
fn path_prefixes() {
    let cases = [
        ("/var/lib/apt/lists/*", "/var/lib/apt/lists", true),
        ("/var/lib/apt/lists", "/var/lib/apt/lists/", true),
        ("/var/lib/apt/lists/", "/var/lib/apt/lists/*", true),
        ("/var/lib/apt/lists*", "/var/lib/apt/lists", true),
        ("/var/lib/apt", "/var/lib/apt/lists", false),
        ("/var/lib/apt/listsx", "/var/lib/apt/lists", false),
        ("~/.cache/pip", "/root/.cache/pip", true),
        ("$HOME/.cache/pip/*", "/root/.cache/pip", true),
        ("/root/.cache", "/root/.cache/pip", false),
    ];
    for (path, prefix, expected) in cases {
        assert_eq!(path_has_prefix(path, prefix), expected, "{path} {prefix}");
    }
}

/// Tiny xorshift PRNG: deterministic, no crates.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn fuzz(rounds: usize, seed: u64) {
    let mut rng = XorShift(seed);
    // Bytes biased towards shell syntax.
    const ALPHABET: &[u8] = b"ab =$(){}[]<>|&;'\"`\\\n\t#*?!-019ifthenfidocase esac";
    for round in 0..rounds {
        let len = (rng.next() % 200) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = rng.next();
                if r % 5 == 0 {
                    (r >> 8) as u8
                } else {
                    ALPHABET[(r >> 8) as usize % ALPHABET.len()]
                }
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        for options in [ParseOptions::default(), ParseOptions::shell()] {
            let script = parse_with(&text, round, options);
            for c in script.commands() {
                assert!(c.span.start >= round && c.span.end <= round + text.len(), "{text:?}");
                for w in &c.words {
                    assert!(
                        w.span.start <= w.span.end && w.span.end <= round + text.len(),
                        "{text:?}"
                    );
                }
                let _ = script.pipefail_before(c.id) || script.apt_lists_cleaned_after(c.id);
            }
            script.remote_executions();
        }
    }
    // Keyword and token soup.
    let tokens = [
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "for",
        "in",
        "do",
        "done",
        "while",
        "case",
        "esac",
        ";;",
        "(",
        ")",
        "{",
        "}",
        "$(",
        "`",
        "\"",
        "'",
        "<<",
        "EOF",
        "\n",
        "&&",
        "|",
        ";",
        "x",
        "=",
        "${",
        "\\",
        "[[",
        "]]",
        "!",
        "sh",
        "-c",
        "curl",
        "apt-get",
        "install",
        "-y",
        "rm",
        "-rf",
        "/var/lib/apt/lists/*",
        "set",
        "-o",
        "pipefail",
    ];
    for _ in 0..rounds {
        let n = (rng.next() % 40) as usize;
        let text: String = (0..n)
            .map(|_| tokens[rng.next() as usize % tokens.len()])
            .collect::<Vec<_>>()
            .join(" ");
        parse(&text, 0).remote_executions();
        parse_with(&text, 0, ParseOptions::shell()).remote_executions();
    }
}

#[test]
fn never_panics_on_random_input() {
    fuzz(3000, 0x9E37_79B9_7F4A_7C15);
}

/// A longer run: `DFLAB_FUZZ_ROUNDS=1000000 cargo test --release -p dflab-core fuzz_long -- --ignored`.
#[test]
#[ignore]
fn fuzz_long() {
    let rounds = std::env::var("DFLAB_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200_000);
    let seed = std::env::var("DFLAB_FUZZ_SEED")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0x1234_5678_9ABC_DEF1);
    fuzz(rounds, seed);
}

#[test]
fn deep_nesting_does_not_overflow() {
    for open in ["$(", "(", "`", "${", "\"$(", "if a; then ", "{ ", "<("] {
        let text = open.repeat(100_000);
        let script = parse(&text, 0);
        assert!(!script.errors().is_empty() || open == "`", "{open}");
    }
    let text = format!("{}x{}", "$(".repeat(5000), ")".repeat(5000));
    let script = parse(&text, 0);
    assert_eq!(script.commands().len(), super::parser::MAX_DEPTH + 1);
}

#[test]
fn one_megabyte_input() {
    let unit =
        "set -eux; apt-get update && apt-get install -y --no-install-recommends curl=7.88 git \"$(x y)\" | sh; \\\n";
    let text = unit.repeat(1_000_000 / unit.len() + 1);
    let script = parse(&text, 0);
    assert!(script.errors().is_empty());
    assert_eq!(script.apt_installs().count(), 1_000_000 / unit.len() + 1);
    // Memory is bounded: commands past the limit are parsed, not recorded.
    let script = parse(&"a;".repeat(150_000), 0);
    assert_eq!(script.commands().len(), super::parser::MAX_COMMANDS);
    assert_eq!(script.errors().len(), 1);
    // Pathological shapes finish too (their linear behavior is measured by the shell_bench example).
    for junk in [
        "'".repeat(1 << 20),
        "\\".repeat(1 << 20),
        "\\ ".repeat(1 << 19),
        "a|".repeat(1 << 17),
        "curl x | ".repeat(1 << 15),
        "curl x | tee | ".repeat(1 << 14),
        "apt-get install x; ".repeat(1 << 14),
        "set -o pipefail; a | b; ".repeat(1 << 13),
        format!("eval {}", "\"$(curl x)\" ".repeat(1 << 14)),
    ] {
        for options in [ParseOptions::default(), ParseOptions::shell()] {
            // Queries over every command stay cheap too.
            let script = parse_with(&junk, 0, options);
            script.remote_executions();
            for c in script.commands() {
                let _ = script.apt_update_before(c.id) || script.apt_lists_cleaned_after(c.id);
                let _ = script.piped_into(c.id).is_some() || script.pipefail_before(c.id);
            }
        }
    }
}

/// `RUN` instructions of a Dockerfile: (offset of the text after `RUN `, raw text), in Dockerfile mode.
fn run_instructions(source: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut current: Option<usize> = None;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if current.is_none() {
            if let Some(rest) = trimmed.strip_prefix("RUN ") {
                if rest.trim_start().starts_with('[') {
                    continue;
                }
                current = Some(start + line.find("RUN ").unwrap_or(0) + 4);
            } else {
                continue;
            }
        } else if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        if !trimmed.ends_with('\\') {
            let s = current.take().unwrap_or(start);
            found.push((s, source[s..start + line.trim_end().len()].trim_end()));
        }
    }
    found
}

#[test]
fn official_python_images() {
    let mut files = 0;
    let mut runs = 0;
    let mut apt_files = 0;
    let mut apk_files = 0;
    for (name, source) in crate::test_corpus::corpus("docker-library-python") {
        if name.contains("windows") {
            continue;
        }
        files += 1;
        let mut apt_installs = 0;
        let mut apk_adds = 0;
        for (offset, text) in run_instructions(&source) {
            runs += 1;
            let script = parse(text, offset);
            assert!(script.errors().is_empty(), "{name} at {offset}: {:?}", script.errors());
            for c in script.commands() {
                for w in &c.words {
                    assert_eq!(&source[w.span.clone()], w.raw, "{name}");
                }
            }
            for (id, apt) in script.apt_installs() {
                apt_installs += 1;
                assert!(apt.assume_yes && apt.no_install_recommends, "{name}");
                assert!(!apt.packages.is_empty(), "{name}");
                assert!(apt.packages.iter().all(|p| !p.name.starts_with('-')), "{name}");
                assert!(script.apt_update_before(id), "{name}");
                assert!(script.apt_lists_cleaned_after(id), "{name}");
                assert!(script.errexit_before(id), "{name}");
            }
            for (_, apk) in script.apk().filter(|(_, a)| a.action == ApkAction::Add) {
                apk_adds += 1;
                assert!(apk.no_cache || apk.args.has(&["--no-network"]), "{name}");
                assert!(apk.packages.iter().all(|p| !p.name.starts_with('-')), "{name}");
            }
            // The `case "$arch" in` arms and the `find ... -exec rm` are understood.
            if text.contains("-exec rm -rf") {
                assert!(script
                    .commands()
                    .iter()
                    .any(|c| matches!(&c.program, Program::Find(f) if f.exec_rm)));
            }
        }
        if name.contains("alpine") {
            assert!(apk_adds > 0, "{name}");
            apk_files += 1;
        } else {
            assert!(apt_installs > 0, "{name}");
            apt_files += 1;
        }
    }
    assert!(files >= 30, "{files}");
    assert!(runs >= 3 * files);
    assert!(apt_files > 0 && apk_files > 0);
}

#[test]
fn python_image_details() {
    let source = "RUN set -eux; \\\n\
\tsavedAptMark=\"$(apt-mark showmanual)\"; \\\n\
\tapt-get update; \\\n\
\tapt-get install -y --no-install-recommends \\\n\
\t\tdpkg-dev \\\n\
\t\tgcc \\\n\
\t; \\\n\
# a Dockerfile comment line\n\
\tcase \"$arch\" in \\\n\
\t\tamd64|arm64) \\\n\
\t\t\t# only add on some arches\n\
\t\t\tEXTRA_CFLAGS=\"${EXTRA_CFLAGS:-} -fno-omit-frame-pointer\"; \\\n\
\t\t\t;; \\\n\
\tesac; \\\n\
\tfind /usr/local -type f -executable -not \\( -name '*tkinter*' \\) -exec ldd '{}' ';' \\\n\
\t\t| awk '/=>/ { print $(NF-1) }' \\\n\
# another comment\n\
\t\t| sort -u \\\n\
\t\t| xargs -r apt-mark manual \\\n\
\t; \\\n\
\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\\n\
\tapt-get dist-clean\n";
    let script = parse(&source[4..], 4);
    assert!(script.errors().is_empty(), "{:?}", script.errors());
    let got = script.commands().iter().map(|c| c.name()).collect::<Vec<_>>();
    assert_eq!(
        got,
        ["set", "apt-mark", "", "apt-get", "apt-get", "", "find", "awk", "sort", "apt-mark", "apt-get", "apt-get"]
    );
    let cflags = &script.commands()[5];
    assert!(cflags.context.conditional);
    assert_eq!(cflags.assignments[0].name, "EXTRA_CFLAGS");
    let xargs = &script.commands()[9];
    assert!(xargs.has_wrapper("xargs") && xargs.pipe_index == 3);
    let Program::AptGet(purge) = &script.commands()[10].program else {
        panic!()
    };
    assert_eq!(purge.action, AptAction::Purge);
    assert!(purge.packages.is_empty(), "the -o value is not a package");
    assert!(purge.auto_remove && purge.assume_yes);
}

#[test]
fn shell_c_strings_are_parsed() {
    let text = "bash -o pipefail -c 'apt-get update && apt-get install -y curl' && sh -c \"pip install x\"";
    let script = parse(text, 7);
    let got: Vec<_> = script
        .commands()
        .iter()
        .map(|c| {
            (
                c.name(),
                c.context.script_string,
                c.parent.map(|p| script.commands()[p].name()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("apt-get", 1, Some("bash")),
            ("apt-get", 1, Some("bash")),
            ("bash", 0, None),
            ("pip", 1, Some("sh")),
            ("sh", 0, None),
        ]
    );
    let (_, apt) = script.apt_installs().next().unwrap();
    assert_eq!(
        &text[apt.packages[0].span.start - 7..apt.packages[0].span.end - 7],
        "curl"
    );
    assert_eq!(script.commands()[1].before, Some(Connector::And));
    // Dockerfile continuations inside the string are fine.
    let text = "bash -c \"apt-get update && \\\n    apt-get install -y curl\"";
    let script = parse(text, 0);
    assert_eq!(script.apt_installs().count(), 1, "{:?}", script.commands());
    let (_, apt) = script.apt_installs().next().unwrap();
    assert_eq!(&text[apt.packages[0].span.clone()], "curl");
    assert_eq!(names("sh -c \"cd $HOME && make\""), ["cd", "make", "sh"]);
    // Strings that do not map one to one, or whose substitutions were already parsed, are left alone.
    assert_eq!(names("sh -c \"echo \\\"x\\\"\""), ["sh"]);
    assert_eq!(names("sh -c \"echo $(id)\""), ["id", "sh"]);
    assert_eq!(names("sh -c 'a'\"b\""), ["sh"]);
}

#[test]
fn buildkit_corpus_run_lines() {
    let mut files = crate::test_corpus::corpus("buildkit-inline");
    files.extend(crate::test_corpus::corpus("buildkit-parser/testfiles"));
    files.retain(|(name, _)| name.ends_with("Dockerfile"));
    let mut runs = 0;
    for (path, source) in files {
        if source.to_ascii_lowercase().contains("escape=`") {
            continue;
        }
        for (offset, text) in run_instructions(&source) {
            runs += 1;
            let script = parse(text, offset);
            if !script.errors().is_empty() && std::env::var("DFLAB_SHOW").is_ok() {
                eprintln!("{path}: {text:?} {:?}", script.errors());
            }
            for c in script.commands() {
                for w in &c.words {
                    assert_eq!(source.get(w.span.clone()), Some(w.raw.as_str()), "{path}");
                }
            }
        }
    }
    if std::env::var("DFLAB_SHOW").is_ok() {
        eprintln!("{runs} RUN instructions");
    }
    assert!(runs > 100, "{runs}");
}
