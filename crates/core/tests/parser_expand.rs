//! Variable expansion against the cases of BuildKit's `shell/lex_test.go` (TestProcessWithMatches,
//! TestShellParserMandatoryEnvVars, TestProcessWithMatchesPlatform).

use dflab_core::syntax::expand::Lexer;

fn run(input: &str, envs: &[(&str, &str)]) -> Result<(String, Vec<String>), String> {
    let lookup = |name: &str| envs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
    Lexer::default().process(input, &lookup).map(|e| {
        let mut unset = e.unset;
        unset.sort();
        (e.result, unset)
    })
}

/// Input, variables, expected result, variables reported unset.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a [&'a str]);

#[test]
fn process_with_matches() {
    let foo_bar: &[(&str, &str)] = &[("FOO", "xxx"), ("BAR", "")];
    let ok: &[Case] = &[
        ("x", &[("DUMMY", "dummy")], "x", &[]),
        ("x ${UNUSED}", &[("DUMMY", "dummy")], "x ", &["UNUSED"]),
        ("x ${FOO}", &[("FOO", "y")], "x y", &[]),
        ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", foo_bar, "xxx  ccc", &["BAZ"]),
        ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", foo_bar, "xxx bbb ccc", &["BAZ"]),
        ("${FOO:-}", foo_bar, "xxx", &[]),
        ("${FOO:-}", &[], "", &["FOO"]),
        ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", foo_bar, "aaa bbb ", &["BAZ"]),
        ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", foo_bar, "aaa  ", &["BAZ"]),
        ("${FOO?aaa}", foo_bar, "xxx", &[]),
        ("${BAR?bbb}", foo_bar, "", &[]),
        ("${FOO:?aaa}", foo_bar, "xxx", &[]),
        ("${FOO#()[]{\\}^$.\\*\\?|\\\\}", &[("FOO", "()[]{}^$.*?|\\x")], "x", &[]),
        ("${FOO%%\\**}", &[("FOO", "xx**")], "xx", &[]),
        ("${FOO#*x*y}", &[("FOO", "xxyy")], "y", &[]),
        ("${FOO#*}", &[("FOO", "xxyy")], "xxyy", &[]),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "x")], "xyy", &[]),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "")], "xxyy", &[]),
        ("${FOO#}", &[("FOO", "xxyy")], "xxyy", &[]),
        ("${FOO##*x}", &[("FOO", "xxyy")], "yy", &[]),
        ("${FOO##}", &[("FOO", "xxyy")], "xxyy", &[]),
        ("${FOO#?\\?}", &[("FOO", "???y")], "?y", &[]),
        ("${ABC:-.}${FOO%x}${ABC:-.}", &[("FOO", "xxyy")], ".xxyy.", &["ABC"]),
        ("${FOO%%\\**\\*}", &[("FOO", "a***yy*")], "a", &[]),
        ("${FOO%}", &[("FOO", "xxyy")], "xxyy", &[]),
        ("${FOO%%$BAR}", &[("FOO", "xxyy"), ("BAR", "")], "xxyy", &[]),
        (
            "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", "\\*/")],
            "/foo.*/*.txt - /foo..*.txt",
            &[],
        ),
        (
            "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
            "/tmp/bar.txt - /bar.txt",
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            &[("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")],
            "/foo/b/c.txt - /foo/c.txt",
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT}",
            &[
                ("FOO", "http://google.de"),
                ("NEEDLE", "http://"),
                ("REPLACEMENT", "https://"),
            ],
            "https://google.de",
            &[],
        ),
        ("${FOO//\\//\\/}", &[("FOO", "/tmp/foo.txt")], "\\/tmp\\/foo.txt", &[]),
        ("${FOO/$BAR/ww}", &[("FOO", "xxyy"), ("BAR", "")], "wwxxyy", &[]),
        ("${FOO///}", &[("FOO", "xxyy")], "xxyy", &[]),
        ("${FOO///}", &[], "", &["FOO"]),
    ];
    for (input, envs, expected, unset) in ok {
        let (result, unmatched) = run(input, envs).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(&result, expected, "{input}");
        assert_eq!(unmatched, *unset, "{input}");
    }
    for input in [
        "${BAZ?ccc}",
        "${BAR:?bbb}",
        "${BAZ:?ccc}",
        "${BAZ:?}",
        "${FOO=aaa}",
        "${FOO=:aaa}",
        "${FOO//ww}",
        "${FOO//}",
    ] {
        assert!(run(input, foo_bar).is_err(), "{input} should fail");
    }
    assert!(run("${FOO=}", &[]).is_err());
}

#[test]
fn mandatory_variables() {
    let set: &[(&str, &str)] = &[("VAR", "plain"), ("ARG", "x")];
    let empty: &[(&str, &str)] = &[("VAR", ""), ("ARG", "x")];
    let unset: &[(&str, &str)] = &[("ARG", "x")];
    let no_empty = "${VAR:?message here$ARG}";
    let no_unset = "${VAR?message here$ARG}";
    assert_eq!(run(no_empty, set).unwrap().0, "plain");
    assert!(run(no_empty, empty).unwrap_err().contains("message herex"));
    assert!(run(no_empty, unset).unwrap_err().contains("message herex"));
    assert_eq!(run(no_unset, set).unwrap().0, "plain");
    assert_eq!(run(no_unset, empty).unwrap().0, "");
    assert!(run(no_unset, unset).unwrap_err().contains("message herex"));
}

#[test]
fn platform_file_names() {
    let release = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    let envs: &[(&str, &str)] = &[
        ("VERSION", "v1.2.3"),
        ("TARGETOS", "linux"),
        ("TARGETARCH", "arm"),
        ("TARGETVARIANT", "v7"),
    ];
    assert_eq!(run(release, envs).unwrap().0, "something-v1.2.3.linux-arm-v7.tar.gz");
    let envs: &[(&str, &str)] = &[("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "amd64")];
    assert_eq!(run(release, envs).unwrap().0, "something-v1.2.3.linux-amd64.tar.gz");
}
