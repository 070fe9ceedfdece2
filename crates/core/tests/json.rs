//! The core's JSON reader (`dflab_core::json`) and the lesson pack's reader on it against `serde_json` with
//! serde's derive (the reference, [`derived`]): the same lesson pack from the same text, the same verdict on
//! malformed text (where the two are meant to agree), and never a panic or a blow-up on hostile input.

use dflab_core::json::{self, Kind, Node};
use dflab_core::lessons::LessonPack;

#[path = "json_support/hostile.rs"]
mod hostile;
use hostile::HOSTILE_SHAPES;

const SHIPPED: &str = include_str!("../../../static/lessons/python.json");

#[test]
fn the_shipped_pack_reads_exactly_as_serde_json_reads_it() {
    let reference: derived::LessonPack = serde_json::from_str(SHIPPED).unwrap();
    let pack = LessonPack::from_json(SHIPPED).unwrap();
    // Field by field: both written out by serde_json are the same JSON.
    assert_eq!(
        serde_json::to_value(&pack).unwrap(),
        serde_json::to_value(&reference).unwrap()
    );
    // And that is the JSON of the file itself (the web crate's test relies on it: the pack spells out no
    // defaults).
    assert_eq!(
        serde_json::to_value(&pack).unwrap(),
        serde_json::from_str::<serde_json::Value>(SHIPPED).unwrap()
    );
    assert!(pack.lessons.len() >= 12);
    let expected = pack;
    // And every lesson, written back by serde_json in another layout, reads back the same.
    let pretty = serde_json::to_string_pretty(&expected).unwrap();
    assert_eq!(LessonPack::from_json(&pretty).unwrap(), expected);
    let compact = serde_json::to_string(&expected).unwrap();
    assert_eq!(LessonPack::from_json(&compact).unwrap(), expected);
}

#[test]
fn values_keep_their_text_and_position() {
    let value = json::parse("{\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\ud83d\\ude00\"]}").unwrap();
    let Kind::Object(members) = value.kind else { panic!() };
    assert_eq!((members[0].key.as_str(), members[0].key_at), ("a", 1));
    let Kind::Array(items) = &members[0].value.kind else {
        panic!()
    };
    let kinds: Vec<&Kind> = items.iter().map(|v| &v.kind).collect();
    assert_eq!(
        kinds,
        [
            &Kind::Number("1"),
            &Kind::Number("-2.5e3"),
            &Kind::Bool(true),
            &Kind::Null,
            &Kind::String("xé😀".into())
        ]
    );
    assert_eq!(items[1].at, 10);
}

/// A small pack with one lesson, as text, to break in one place at a time.
fn pack(lesson: &str) -> String {
    format!("{{\n  \"format\": 1,\n  \"title\": \"T\",\n  \"lessons\": [\n    {lesson}\n  ]\n}}")
}

const LESSON: &str = r#"{"id": "a", "title": "A", "summary": "s", "practice": "p", "start": "FROM python\n",
      "context": {"requirements.txt": "flask\n"},
      "goal": [{"no_findings": ["B001"]}, {"max_findings": {"severity": "error", "count": 0}}, {"min_stages": 1}],
      "solution": "FROM python:3.12-slim\n"}"#;

fn error(text: &str) -> String {
    LessonPack::from_json(text).unwrap_err()
}

#[test]
fn errors_name_the_path_and_position_of_the_value() {
    assert_eq!(LessonPack::from_json(&pack(LESSON)).unwrap().lessons[0].id, "a");
    let cases = [
        (
            pack(LESSON).replacen("\"title\": \"T\"", "\"title\": \"T\", \"author\": \"me\"", 1),
            "not a lesson pack: unknown field `author`, expected one of `format`, `title`, `lessons` at line 3, column 17",
        ),
        (
            pack(&LESSON.replacen("\"solution\"", "\"hint\": [], \"solution\"", 1)),
            "not a lesson pack: lessons[0]: unknown field `hint`, expected one of `id`, `title`, `summary`, \
             `practice`, `start`, `context`, `goal`, `hints`, `solution`, `solution_context` at line 8, column 7",
        ),
        (
            pack(&LESSON.replacen("requirements.txt", ".dockerignor", 1)),
            "not a lesson pack: lessons[0].context: unknown field `.dockerignor`, expected one of \
             `requirements.txt`, `pyproject.toml`, `.dockerignore` at line 6, column 19",
        ),
        (
            pack(&LESSON.replacen("\"count\": 0", "\"count\": 0, \"level\": 1", 1)),
            "not a lesson pack: lessons[0].goal[1].max_findings: unknown field `level`, expected `severity` or \
             `count` at line 7, column 94",
        ),
        (
            pack(&LESSON.replacen("no_findings", "no_finding", 1)),
            "not a lesson pack: lessons[0].goal[0]: unknown variant `no_finding`, expected one of \
             `no_findings`, `max_findings`, `final_image_under_mb`, `has_instruction`, `user_not_root`, \
             `min_stages` at line 7, column 17",
        ),
        (
            pack(&LESSON.replacen("\"error\"", "\"fatal\"", 1)),
            "not a lesson pack: lessons[0].goal[1].max_findings.severity: unknown variant `fatal`, expected \
             one of `info`, `warning`, `error` at line 7, column 73",
        ),
        (
            pack(&LESSON.replacen("\"count\": 0", "\"count\": \"none\"", 1)),
            "not a lesson pack: lessons[0].goal[1].max_findings.count: invalid type: string \"none\", expected \
             usize at line 7, column 91",
        ),
        (
            pack(&LESSON.replacen("\"count\": 0", "\"count\": -1", 1)),
            "not a lesson pack: lessons[0].goal[1].max_findings.count: invalid value: number `-1`, expected \
             usize at line 7, column 91",
        ),
        (
            pack(&LESSON.replacen("\"count\": 0", "\"count\": 1.5", 1)),
            "not a lesson pack: lessons[0].goal[1].max_findings.count: invalid type: number `1.5`, expected \
             usize at line 7, column 91",
        ),
        (
            pack(&LESSON.replacen("\"min_stages\": 1", "\"min_stages\": 1e400", 1)),
            "not a lesson pack: lessons[0].goal[2].min_stages: invalid type: number `1e400`, expected usize at \
             line 7, column 111",
        ),
        (
            pack(&LESSON.replacen("{\"min_stages\": 1}", "{\"min_stages\": 1, \"user_not_root\": true}", 1)),
            "not a lesson pack: lessons[0].goal[2]: expected an object with exactly one key (the variant), \
             found 2 keys at line 7, column 96",
        ),
        (
            pack(&LESSON.replacen("\"id\": \"a\", ", "", 1)),
            "not a lesson pack: lessons[0]: missing field `id` at line 5, column 5",
        ),
        (
            pack(&LESSON.replacen("\"title\": \"A\"", "\"title\": \"A\", \"title\": \"B\"", 1)),
            "not a lesson pack: lessons[0]: duplicate field `title` at line 5, column 5",
        ),
        (
            pack(&LESSON.replacen("[\"B001\"]", "\"B001\"", 1)),
            "not a lesson pack: lessons[0].goal[0].no_findings: invalid type: string \"B001\", expected a \
             sequence at line 7, column 32",
        ),
        (
            pack(&LESSON.replacen("{\"min_stages\": 1}", "\"min_stages\"", 1)),
            "not a lesson pack: lessons[0].goal[2]: `min_stages` needs a value: write {\"min_stages\": …} at \
             line 7, column 96",
        ),
        (
            "[]".into(),
            "not a lesson pack: invalid type: an array, expected struct LessonPack at line 1, column 1",
        ),
        ("{".into(), "not valid JSON: expected a key (a string in double quotes), found the end of the text at line 1, column 2"),
        (
            pack(LESSON).replacen("\"T\",", "\"T\",,", 1),
            "not valid JSON: expected a key (a string in double quotes), found `,` at line 3, column 16",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| error(text) != *expected)
        .map(|(text, expected)| format!("got:      {}\nexpected: {expected}", error(text)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Malformed or hostile text: each must be an error, never a panic. `Agree` marks the inputs where serde_json
/// gives the same verdict (reading a `serde_json::Value`, or a `LessonPack` for shape errors).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Verdict {
    Agree,
    /// serde_json accepts it; the core's reader deliberately does not (the reason is the case's comment).
    Stricter,
}

#[test]
fn malformed_text_is_an_error_like_serde_json_gives() {
    use Verdict::*;
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deep_objects = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    let syntax: Vec<(String, Verdict)> = vec![
        ("".into(), Agree),
        ("   ".into(), Agree),
        ("[1,]".into(), Agree),
        ("{\"a\": 1,}".into(), Agree),
        ("[1 2]".into(), Agree),
        ("{\"a\" 1}".into(), Agree),
        ("{a: 1}".into(), Agree),
        ("{'a': 1}".into(), Agree),
        ("[01]".into(), Agree),
        ("[-]".into(), Agree),
        ("[1.]".into(), Agree),
        ("[.5]".into(), Agree),
        ("[1e]".into(), Agree),
        ("[+1]".into(), Agree),
        ("[NaN]".into(), Agree),
        ("[Infinity]".into(), Agree),
        ("[tru]".into(), Agree),
        ("[True]".into(), Agree),
        ("[\"abc]".into(), Agree),
        ("[\"a\\x\"]".into(), Agree),
        ("[\"a\\u12\"]".into(), Agree),
        ("[\"a\\uZZZZ\"]".into(), Agree),
        ("[\"\\ud800\"]".into(), Agree),
        ("[\"\\udc00\"]".into(), Agree),
        ("[\"\\ud800\\u0041\"]".into(), Agree),
        ("[\"\\ud800x\"]".into(), Agree),
        ("[\"a\nb\"]".into(), Agree),
        ("[\"a\tb\"]".into(), Agree),
        ("[\"a\u{0}b\"]".into(), Agree),
        ("[1] [2]".into(), Agree),
        ("[1] x".into(), Agree),
        ("\u{feff}[1]".into(), Agree),
        ("/* c */ [1]".into(), Agree),
        ("[1] // c".into(), Agree),
        ("[\u{a0}1]".into(), Agree),
        (deep(200), Agree),
        (deep(100_000), Agree),
        (deep_objects(200), Agree),
        ("[".repeat(100_000), Agree),
        ("{\"a\":".repeat(100_000), Agree),
        // Numbers beyond f64: serde_json refuses them while reading; the core keeps numbers as text, so they
        // read (and fail only where a whole number is expected, below).
        ("[1e400]".into(), Stricter),
    ];
    for (text, verdict) in &syntax {
        let ours = json::parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match verdict {
            Agree => {
                let error = ours.expect_err(&text[..text.len().min(40)]);
                assert!(error.is_syntax(), "{error}");
                assert!(theirs.is_err(), "serde_json accepts {text:?}");
            }
            Stricter => {
                assert!(ours.is_ok(), "{text:?}");
                assert!(theirs.is_err(), "{text:?}");
            }
        }
    }
    assert!(json::parse(&deep(json::MAX_DEPTH)).is_ok());
    assert!(json::parse(&deep(json::MAX_DEPTH + 1)).is_err());

    let well_formed = [
        "[\"\\ud83d\\ude00\", \"\\u00e9\", \"\\/\", \"\\b\\f\\n\\r\\t\", \"\u{7f}\", \"é😀\"]",
        "[0, -0, 1.5, -1.5e-3, 1E+2, 123456789012345678901234567890]",
        " \t\r\n{ \"a\" : [ ] , \"b\" : { } } \n",
        "{\"a\": 1, \"a\": 2}",
        "\"a string alone\"",
        "null",
    ];
    for text in well_formed {
        assert!(json::parse(text).is_ok(), "{text}");
        assert!(serde_json::from_str::<serde_json::Value>(text).is_ok(), "{text}");
    }

    // Well-formed JSON of the wrong shape, against serde_json reading a LessonPack.
    let lesson = |from: &str, to: &str| pack(&LESSON.replacen(from, to, 1));
    let shape: Vec<(String, Verdict)> = vec![
        // Unknown fields at every level.
        (
            pack(LESSON).replacen("\"format\"", "\"formats\": 1, \"format\"", 1),
            Agree,
        ),
        (lesson("\"id\"", "\"ID\": \"x\", \"id\""), Agree),
        (lesson("requirements.txt", "requirements"), Agree),
        (
            lesson("\"goal\"", "\"solution_context\": {\"Dockerfile\": \"\"}, \"goal\""),
            Agree,
        ),
        (lesson("\"count\": 0", "\"count\": 0, \"rule\": \"x\""), Agree),
        (lesson("no_findings", "no_finding"), Agree),
        (lesson("\"error\"", "\"Error\""), Agree),
        // Wrong types.
        (pack(LESSON).replacen("\"format\": 1", "\"format\": \"1\"", 1), Agree),
        (pack(LESSON).replacen("\"format\": 1", "\"format\": 1.0", 1), Agree),
        (pack(LESSON).replacen("\"format\": 1", "\"format\": -1", 1), Agree),
        (
            pack(LESSON).replacen("\"format\": 1", "\"format\": 4294967296", 1),
            Agree,
        ),
        (
            pack(LESSON).replacen("\"format\": 1", "\"format\": 99999999999999999999999", 1),
            Agree,
        ),
        (pack(LESSON).replacen("\"format\": 1", "\"format\": null", 1), Agree),
        (
            pack(LESSON).replacen("\"title\": \"T\"", "\"title\": [\"T\"]", 1),
            Agree,
        ),
        (lesson("\"id\": \"a\"", "\"id\": 1"), Agree),
        (lesson("[\"B001\"]", "[\"B001\", 2]"), Agree),
        (lesson("\"count\": 0", "\"count\": true"), Agree),
        (lesson("{\"min_stages\": 1}", "{\"user_not_root\": \"yes\"}"), Agree),
        (lesson("{\"min_stages\": 1}", "{}"), Agree),
        (
            lesson("{\"min_stages\": 1}", "{\"min_stages\": 1, \"user_not_root\": true}"),
            Agree,
        ),
        (lesson("{\"min_stages\": 1}", "[\"min_stages\", 1]"), Agree),
        (lesson("{\"min_stages\": 1}", "\"min_stages\""), Agree),
        (
            lesson("\"context\": {\"requirements.txt\": \"flask\\n\"}", "\"context\": 1"),
            Agree,
        ),
        // Missing and duplicate fields.
        (lesson("\"start\": \"FROM python\\n\",", ""), Agree),
        (lesson("\"title\": \"A\"", "\"title\": \"A\", \"title\": \"B\""), Agree),
        (
            pack(LESSON).replacen("\"format\": 1", "\"format\": 1, \"format\": 1", 1),
            Agree,
        ),
        ("{}".into(), Agree),
        ("[]".into(), Agree),
        ("null".into(), Agree),
        // A struct written as an array of its fields in order: serde_json takes it, the core wants objects.
        (
            lesson(
                "{\"max_findings\": {\"severity\": \"error\", \"count\": 0}}",
                "{\"max_findings\": [\"error\", 0]}",
            ),
            Stricter,
        ),
        (
            lesson("\"context\": {\"requirements.txt\": \"flask\\n\"}", "\"context\": []"),
            Stricter,
        ),
    ];
    for (text, verdict) in &shape {
        let ours = LessonPack::from_json(text);
        let theirs = serde_json::from_str::<derived::LessonPack>(text);
        let ours = ours.expect_err(text);
        assert!(ours.starts_with("not a lesson pack: "), "{ours}");
        assert!(ours.contains(" at line "), "{ours}");
        match verdict {
            Agree => assert!(theirs.is_err(), "serde_json accepts {text}"),
            Stricter => assert!(theirs.is_ok(), "serde_json rejects {text}"),
        }
    }
}

#[test]
fn typed_reading_reads_what_the_lesson_types_need_and_rejects_the_rest() {
    fn read<T>(text: &str, how: fn(Node<'_, '_>) -> Result<T, json::Error>) -> Result<T, String> {
        how(Node::root(json::parse(text).map_err(|e| e.to_string())?, text)).map_err(|e| e.to_string())
    }
    let u64_ = |node: Node<'_, '_>| node.whole_number(u64::MAX, "u64");
    assert_eq!(
        read("[1, 2]", |n| n.array(|n| n.whole_number(u32::MAX.into(), "u32"))).unwrap(),
        [1, 2]
    );
    assert_eq!(read("null", |n| n.optional(|n| n.boolean())).unwrap(), None);
    assert_eq!(read("true", |n| n.optional(|n| n.boolean())).unwrap(), Some(true));
    assert_eq!(read("18446744073709551615", u64_).unwrap(), u64::MAX);
    assert_eq!(read("-0", u64_).unwrap(), 0);
    // Whole numbers beyond u64 or below i64 are of the wrong type; negative or too large ones of the wrong
    // value; fractions and exponents are never whole numbers (no float is made).
    assert_eq!(
        read("18446744073709551616", u64_).unwrap_err(),
        "invalid type: number `18446744073709551616`, expected u64 at line 1, column 1"
    );
    assert_eq!(
        read("-9223372036854775808", u64_).unwrap_err(),
        "invalid value: number `-9223372036854775808`, expected u64 at line 1, column 1"
    );
    assert_eq!(
        read("-9223372036854775809", u64_).unwrap_err(),
        "invalid type: number `-9223372036854775809`, expected u64 at line 1, column 1"
    );
    assert_eq!(
        read("256", |n| n.whole_number(255, "u8")).unwrap_err(),
        "invalid value: number `256`, expected u8 at line 1, column 1"
    );
    assert_eq!(
        read("1.5", u64_).unwrap_err(),
        "invalid type: number `1.5`, expected u64 at line 1, column 1"
    );
    // An object's fields, an enum's variants.
    fn pair(node: Node<'_, '_>) -> Result<(bool, Option<String>), json::Error> {
        let mut object = node.object("struct Pair", &["a", "b"])?;
        let (mut a, mut b) = (None, None);
        while let Some((field, value)) = object.next_field()? {
            match field {
                0 => a = Some(value.boolean()?),
                _ => b = value.optional(|n| n.string())?,
            }
        }
        object.require(&["a"])?;
        Ok((a.unwrap_or_default(), b))
    }
    assert_eq!(read(r#"{"b": null, "a": true}"#, pair).unwrap(), (true, None));
    assert_eq!(
        read(r#"{"a": false, "b": "x"}"#, pair).unwrap(),
        (false, Some("x".into()))
    );
    assert_eq!(read("{}", pair).unwrap_err(), "missing field `a` at line 1, column 1");
    assert_eq!(
        read("[{\"a\": true}, {\"b\": \"\", \"a\": 1}]", |n| n.array(pair)).unwrap_err(),
        "[1].a: invalid type: number `1`, expected a boolean at line 1, column 30"
    );
    assert_eq!(
        read(r#"{"a": true, "a": true}"#, pair).unwrap_err(),
        "duplicate field `a` at line 1, column 1"
    );
    assert_eq!(
        read(r#"{"a": true, "c d": 1}"#, pair).unwrap_err(),
        "unknown field `c d`, expected `a` or `b` at line 1, column 13"
    );
    let unit = |node: Node<'_, '_>| {
        let variant = node.variant("enum Unit", &["one", "two", "three"])?;
        let index = variant.index;
        variant.unit().map(|()| index)
    };
    assert_eq!(read(r#""two""#, unit).unwrap(), 1);
    assert_eq!(read(r#"{"three": null}"#, unit).unwrap(), 2);
    assert_eq!(
        read(r#"{"one": 1}"#, unit).unwrap_err(),
        "one: invalid type: number `1`, expected null at line 1, column 9"
    );
    assert_eq!(
        read(r#""four""#, unit).unwrap_err(),
        "unknown variant `four`, expected one of `one`, `two`, `three` at line 1, column 1"
    );
    assert_eq!(
        read("1", unit).unwrap_err(),
        "invalid type: number `1`, expected enum Unit at line 1, column 1"
    );
    let text = |node: Node<'_, '_>| {
        let mut variant = node.variant("enum Text", &["text"])?;
        variant.value()?.string()
    };
    assert_eq!(read(r#"{"text": "x"}"#, text).unwrap(), "x");
    assert_eq!(
        read(r#""text""#, text).unwrap_err(),
        "`text` needs a value: write {\"text\": …} at line 1, column 1"
    );
    assert_eq!(
        read("{}", text).unwrap_err(),
        "expected an object with exactly one key (the variant), found 0 keys at line 1, column 1"
    );
    // Numbers of the wrong kind are quoted as written.
    assert_eq!(
        read(" 12.50", |n| n.string()).unwrap_err(),
        "invalid type: number `12.50`, expected a string at line 1, column 2"
    );
    // A trailing comma is pointed at itself, not at the bracket after it.
    assert_eq!(
        json::parse("[1,\n]").unwrap_err().to_string(),
        "trailing comma before `]` at line 1, column 3"
    );
    // Long input quoted in a message is cut.
    let long = format!("\"{}\"", "x".repeat(10_000));
    let message = read(&long, u64_).unwrap_err();
    assert!(message.len() < 200, "{message}");
    let message = LessonPack::from_json(&format!("{{{long}: 1}}")).unwrap_err();
    assert!(message.len() < 300, "{message}");
    // Lines and columns count characters, not bytes.
    assert_eq!(
        LessonPack::from_json("{\n  \"é😀\": 1}").unwrap_err(),
        "not a lesson pack: unknown field `é😀`, expected one of `format`, `title`, `lessons` at line 2, column 3"
    );
    // Defaults: a context written empty is the one left out.
    let empty_context = pack(&LESSON.replacen("{\"requirements.txt\": \"flask\\n\"}", "{}", 1));
    assert!(LessonPack::from_json(&empty_context).unwrap().lessons[0]
        .context
        .is_empty());
}

/// A tiny deterministic generator (xorshift): no dependency, the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Reads `text` every way a front end does; an error is fine, a panic fails the test.
fn read_all_ways(text: &str) {
    let parsed = json::parse(text);
    let pack = LessonPack::from_json(text);
    if pack.is_ok() {
        assert!(parsed.is_ok());
    }
    if let Err(error) = &parsed {
        let (line, column) = error.position();
        assert!(line >= 1 && column >= 1, "{error}");
        assert!(pack.unwrap_err().starts_with("not valid JSON: "));
    }
}

#[test]
fn random_bytes_and_mutations_of_the_shipped_pack_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let alphabet = b"{}[]:,\"\\ \n0123456789-+.eEtrufalsn\\u00d8dc";
    for _ in 0..5_000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if rng.below(4) == 0 {
                    rng.next() as u8
                } else {
                    alphabet[rng.below(alphabet.len())]
                }
            })
            .collect();
        read_all_ways(&String::from_utf8_lossy(&bytes));
    }
    let shipped = SHIPPED.as_bytes();
    for round in 0..1_000 {
        let mut bytes = shipped.to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            match rng.below(5) {
                0 => bytes[at] = rng.next() as u8,
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, alphabet[rng.below(alphabet.len())]),
                3 => bytes.truncate(at),
                _ => {
                    // Repeat a slice: duplicated keys, members and brackets.
                    let end = (at + rng.below(64)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
            if bytes.is_empty() {
                break;
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        read_all_ways(&text);
        if round % 100 == 0 {
            // serde_json agrees on whether the mutated text is JSON at all (up to numbers beyond f64).
            assert_eq!(
                json::parse(&text).is_ok(),
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{text}"
            );
        }
    }
}

/// Hostile shapes, 1.6 MB each: the reader gives serde_json's verdict (valid or not) and the lesson pack
/// reader rejects them, without a panic or a stack overflow. How the time grows with the size is measured by
/// `cargo run --release -p dflab-core --example json_bench`, not asserted here.
#[test]
fn hostile_input_gets_serde_jsons_verdict() {
    for (name, make) in HOSTILE_SHAPES {
        let text = make(1_600_000);
        let ours = json::parse(&text).is_ok();
        let reference = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        assert_eq!(
            ours, reference,
            "{name}: ours says valid = {ours}, serde_json {reference}"
        );
        assert!(LessonPack::from_json(&text).is_err(), "{name}");
    }
}

/// The lesson types as serde's derive reads them, with the attributes the core's types had when they derived
/// `Deserialize`: the reference the hand-written reader is held to. The core's types serialize to the same
/// JSON as these (the shipped pack test above compares the two field by field).
mod derived {
    use dflab_core::Severity;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct LessonPack {
        format: u32,
        title: String,
        lessons: Vec<Lesson>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Lesson {
        id: String,
        title: String,
        summary: String,
        practice: String,
        start: String,
        #[serde(default, skip_serializing_if = "LessonContext::is_empty")]
        context: LessonContext,
        goal: Vec<Check>,
        #[serde(default)]
        hints: Vec<String>,
        solution: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        solution_context: Option<LessonContext>,
    }

    #[derive(Default, Serialize, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct LessonContext {
        #[serde(rename = "requirements.txt", skip_serializing_if = "Option::is_none")]
        requirements_txt: Option<String>,
        #[serde(rename = "pyproject.toml", skip_serializing_if = "Option::is_none")]
        pyproject_toml: Option<String>,
        #[serde(rename = ".dockerignore", skip_serializing_if = "Option::is_none")]
        dockerignore: Option<String>,
    }

    impl LessonContext {
        fn is_empty(&self) -> bool {
            self.requirements_txt.is_none() && self.pyproject_toml.is_none() && self.dockerignore.is_none()
        }
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case", deny_unknown_fields)]
    enum Check {
        NoFindings(Vec<String>),
        MaxFindings { severity: Severity, count: usize },
        FinalImageUnderMb(u64),
        HasInstruction(String),
        UserNotRoot(bool),
        MinStages(usize),
    }
}
