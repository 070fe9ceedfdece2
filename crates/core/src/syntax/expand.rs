//! Variable expansion and word splitting with BuildKit's shell-lex rules (`frontend/dockerfile/shell`):
//! `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`, `${V:?w}`, `${V#p}`, `${V##p}`, `${V%p}`,
//! `${V%%p}`, `${V/p/r}`, `${V//p/r}`, single and double quotes, and the escape character.

/// Lexer settings; the defaults are those of instruction expansion with `\` as escape character.
#[derive(Clone, Copy, Debug)]
pub struct Lexer {
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
    /// Leave references to unset variables as written instead of expanding them to nothing
    /// (BuildKit's `SkipUnsetEnv`: `${V:-w}` is kept as written too).
    pub skip_unset: bool,
    /// Leave plain references (`$V`, `${V}`) to unset variables as written, but let the operators
    /// (`${V:-w}`, `${V+w}`...) treat them as unset. Not a BuildKit mode: it shows what is unknown
    /// while resolving what BuildKit would resolve.
    pub keep_unset: bool,
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer {
            escape: '\\',
            raw_quotes: false,
            raw_escapes: false,
            skip_unset: false,
            keep_unset: false,
        }
    }
}

/// The expanded text and its shell words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub result: String,
    pub words: Vec<String>,
    /// Variables referenced but not set.
    pub unset: Vec<String>,
}

impl Lexer {
    pub fn new(escape: char) -> Self {
        Lexer {
            escape,
            ..Lexer::default()
        }
    }

    /// Expands `text` with `lookup` giving variable values. Errors carry BuildKit's message.
    pub fn process(&self, text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Expansion, String> {
        let mut word = ShellWord {
            lexer: *self,
            chars: text.chars().collect(),
            pos: 0,
            lookup,
            unset: Vec::new(),
        };
        let (result, words) = word
            .process_stop_on(None, self.raw_escapes)
            .map_err(|e| format!("failed to process \"{text}\": {e}"))?;
        Ok(Expansion {
            result,
            words,
            unset: word.unset,
        })
    }
}

/// Expands `text` the way BuildKit expands an instruction's argument.
pub fn expand(text: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    Lexer::new(escape).process(text, lookup).map(|e| e.result)
}

struct ShellWord<'a> {
    lexer: Lexer,
    chars: Vec<char>,
    pos: usize,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    unset: Vec<String>,
}

#[derive(Default)]
struct Words {
    word: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, c: char) {
        if c.is_whitespace() && self.in_word {
            if !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
                self.in_word = false;
            }
        } else if !c.is_whitespace() {
            self.add_raw_char(c);
        }
    }

    fn add_raw_char(&mut self, c: char) {
        self.word.push(c);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|c| self.add_char(c));
    }

    fn add_raw_string(&mut self, s: &str) {
        self.word.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

impl ShellWord<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn get(&mut self, name: &str) -> Option<String> {
        let value = (self.lookup)(name);
        if value.is_none() && !self.unset.iter().any(|n| n == name) {
            self.unset.push(name.to_string());
        }
        value
    }

    fn process_stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<(String, Vec<String>), String> {
        let saved = self.lexer.raw_escapes;
        self.lexer.raw_escapes = raw_escapes;
        let outcome = self.stop_on(stop);
        self.lexer.raw_escapes = saved;
        outcome
    }

    fn stop_on(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), String> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.pos += 1;
                return Ok((result, words.finish()));
            }
            match c {
                '$' => {
                    let value = self.dollar()?;
                    result.push_str(&value);
                    words.add_string(&value);
                }
                '\'' => {
                    let value = self.single_quote()?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                '"' => {
                    let value = self.double_quote()?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                _ => {
                    self.pos += 1;
                    let mut c = c;
                    if c == self.lexer.escape {
                        if self.lexer.raw_escapes {
                            words.add_raw_char(c);
                            result.push(c);
                        }
                        match self.next() {
                            Some(escaped) => c = escaped,
                            None => break,
                        }
                        words.add_raw_char(c);
                    } else {
                        words.add_char(c);
                    }
                    result.push(c);
                }
            }
        }
        if let Some(stop) = stop {
            return Err(format!("unexpected end of statement while looking for matching {stop}"));
        }
        Ok((result, words.finish()))
    }

    fn single_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        let open = self.next();
        if self.lexer.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.next() {
                None => return Err("unexpected end of statement while looking for matching single-quote".into()),
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn double_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        let open = self.next();
        if self.lexer.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.peek() {
                None => return Err("unexpected end of statement while looking for matching double-quote".into()),
                Some('"') => {
                    self.pos += 1;
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.dollar()?;
                    result.push_str(&value);
                }
                Some(mut c) => {
                    self.pos += 1;
                    if c == self.lexer.escape {
                        if self.lexer.raw_escapes {
                            result.push(c);
                        }
                        match self.peek() {
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == self.lexer.escape => {
                                self.pos += 1;
                                c = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(c);
                }
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if name.is_empty() && c.is_ascii_digit() {
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    self.pos += 1;
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.pos += 1;
                return c.to_string();
            }
            if !c.is_alphanumeric() && c != '_' {
                break;
            }
            self.pos += 1;
            name.push(c);
        }
        name
    }

    fn dollar(&mut self) -> Result<String, String> {
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(match self.get(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset || self.lexer.keep_unset => format!("${name}"),
                None => String::new(),
            });
        }
        self.pos += 1;
        match self.peek() {
            None => return Err("syntax error: missing '}'".into()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".into()),
            _ => {}
        }
        let name = self.name();
        let mut modifier = self.next();
        let mut written = modifier.map(String::from).unwrap_or_default();
        match modifier {
            Some('}') => Ok(match self.get(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset || self.lexer.keep_unset => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some(':' | '+' | '-' | '?' | '#' | '%') => {
                let null_is_unset = modifier == Some(':');
                if null_is_unset {
                    modifier = self.next();
                    written.extend(modifier);
                }
                let raw = matches!(modifier, Some('#' | '%'));
                let word = match self.process_stop_on(Some('}'), raw) {
                    Ok((word, _)) => word,
                    Err(_) if self.peek().is_none() => return Err("syntax error: missing '}'".into()),
                    Err(e) => return Err(e),
                };
                let value = self.get(&name);
                if self.lexer.skip_unset && value.is_none() {
                    return Ok(format!("${{{name}{written}{word}}}"));
                }
                let set = value.is_some();
                let value = value.unwrap_or_default();
                let empty = null_is_unset && value.is_empty();
                match modifier {
                    Some('-') => Ok(if !set || empty { word } else { value }),
                    Some('+') => Ok(if !set || empty { String::new() } else { word }),
                    Some('?') if !set => Err(format!(
                        "{name}: {}",
                        if word.is_empty() {
                            "is not allowed to be unset"
                        } else {
                            &word
                        }
                    )),
                    Some('?') if empty => Err(format!(
                        "{name}: {}",
                        if word.is_empty() {
                            "is not allowed to be empty"
                        } else {
                            &word
                        }
                    )),
                    Some('?') => Ok(value),
                    Some(c @ ('%' | '#')) => {
                        let (greedy, pattern) = match word.strip_prefix(c) {
                            Some(rest) => (true, rest.to_string()),
                            None => (false, word),
                        };
                        let pattern = Pattern::compile(&pattern)
                            .map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
                        Ok(if c == '%' {
                            pattern.trim_suffix(&value, greedy)
                        } else {
                            pattern.trim_prefix(&value, greedy)
                        })
                    }
                    _ => Err(format!("unsupported modifier ({written}) in substitution")),
                }
            }
            Some('/') => {
                let all = self.peek() == Some('/');
                if all {
                    self.pos += 1;
                }
                let pattern = match self.process_stop_on(Some('/'), true) {
                    Ok((p, _)) => p,
                    Err(_) if self.peek().is_none() => return Err("syntax error: missing '/' in ${}".into()),
                    Err(e) => return Err(e),
                };
                let replacement = match self.process_stop_on(Some('}'), true) {
                    Ok((r, _)) => r,
                    Err(_) if self.peek().is_none() => return Err("syntax error: missing '}'".into()),
                    Err(e) => return Err(e),
                };
                let Some(value) = self.get(&name) else {
                    if self.lexer.skip_unset {
                        return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                    }
                    return Ok(String::new());
                };
                let compiled = Pattern::compile(&pattern)
                    .map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
                Ok(compiled.replace(&value, &replacement, all))
            }
            _ => Err(format!("unsupported modifier ({written}) in substitution")),
        }
    }
}

/// A shell wildcard pattern: `*` any string, `?` one character, `\` quotes the next one.
#[derive(Debug)]
struct Pattern {
    tokens: Vec<Token>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    Star,
    Any,
    Char(char),
}

impl Pattern {
    fn compile(pattern: &str) -> Result<Pattern, String> {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' => Token::Star,
                '?' => Token::Any,
                '\\' => match chars.peek() {
                    // `}` and `/` are escaped only to get them past the `${...}` syntax.
                    Some('}' | '/') => continue,
                    _ => match chars.next() {
                        Some(q @ ('*' | '?' | '\\')) => Token::Char(q),
                        Some(other) => return Err(format!("invalid escape '\\{other}'")),
                        None => return Err("trailing backslash at end of expression".into()),
                    },
                },
                c => Token::Char(c),
            });
        }
        Ok(Pattern { tokens })
    }

    /// Runs the pattern as an NFA over `text` and reports, for every prefix length, whether the pattern
    /// matches that prefix. Stops early when no state is alive. O(len(text) * len(pattern)).
    fn prefix_matches(&self, text: &[char], mut each: impl FnMut(usize) -> bool) {
        let m = self.tokens.len();
        let mut states = vec![false; m + 1];
        let mut next = vec![false; m + 1];
        states[0] = true;
        self.close(&mut states);
        for (i, &c) in text.iter().enumerate() {
            if states[m] && !each(i) {
                return;
            }
            next.iter_mut().for_each(|s| *s = false);
            let mut alive = false;
            for p in 0..m {
                if !states[p] {
                    continue;
                }
                match self.tokens[p] {
                    Token::Star => next[p] = true,
                    Token::Any => next[p + 1] = true,
                    Token::Char(want) if want == c => next[p + 1] = true,
                    Token::Char(_) => continue,
                }
                alive = true;
            }
            std::mem::swap(&mut states, &mut next);
            if !alive {
                return;
            }
            self.close(&mut states);
        }
        if states[m] {
            each(text.len());
        }
    }

    /// A star may match nothing: its successor is reachable too.
    fn close(&self, states: &mut [bool]) {
        for p in 0..self.tokens.len() {
            if states[p] && self.tokens[p] == Token::Star {
                states[p + 1] = true;
            }
        }
    }

    /// Length of the shortest or longest prefix of `text` the pattern matches.
    fn match_prefix(&self, text: &[char], longest: bool) -> Option<usize> {
        let mut found = None;
        self.prefix_matches(text, |n| {
            found = Some(n);
            longest
        });
        found
    }

    fn reversed(&self) -> Pattern {
        Pattern {
            tokens: self.tokens.iter().rev().copied().collect(),
        }
    }

    fn trim_prefix(&self, value: &str, greedy: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        match self.match_prefix(&chars, greedy) {
            Some(n) => chars[n..].iter().collect(),
            None => value.to_string(),
        }
    }

    fn trim_suffix(&self, value: &str, greedy: bool) -> String {
        let reversed: Vec<char> = value.chars().rev().collect();
        match self.reversed().match_prefix(&reversed, greedy) {
            Some(n) => reversed[n..].iter().rev().collect(),
            None => value.to_string(),
        }
    }

    /// Leftmost match, longest at that position, like Go's greedy regexp.
    fn replace(&self, value: &str, replacement: &str, all: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let mut replaced = false;
        while i <= chars.len() {
            let found = if replaced && !all {
                None
            } else {
                self.match_prefix(&chars[i..], true)
            };
            match found {
                Some(len) => {
                    out.push_str(replacement);
                    replaced = true;
                    if len == 0 {
                        // An empty match keeps the character and moves on, as regexp.ReplaceAll does.
                        out.extend(chars.get(i));
                        i += 1;
                    } else {
                        i += len;
                    }
                }
                None => {
                    out.extend(chars.get(i));
                    i += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "A" => Some("hello".into()),
            "P" => Some("/usr/local/bin".into()),
            "E" => Some(String::new()),
            _ => None,
        }
    }

    fn x(text: &str) -> String {
        expand(text, '\\', &env).unwrap()
    }

    #[test]
    fn expands_like_buildkit() {
        assert_eq!(x("$A ${A} $B-${B}"), "hello hello -");
        assert_eq!(x("${B:-def} ${E:-d2} ${E-d3} ${A:+alt} ${B+alt}"), "def d2  alt ");
        assert_eq!(x("${P#*/} ${P##*/} ${P%/*} ${P%%/*}"), "usr/local/bin bin /usr/local ");
        assert_eq!(x("${P/local/opt} ${A//l/L}"), "/usr/opt/bin heLLo");
        assert_eq!(x(r#"'$A' "$A" \$A"#), "$A hello $A");
        assert_eq!(expand("`$A", '`', &env).unwrap(), "$A");
        assert!(expand("${B:?must be set}", '\\', &env)
            .unwrap_err()
            .contains("B: must be set"));
        assert!(expand("${A", '\\', &env).is_err());
        assert!(expand("${}", '\\', &env).is_err());
    }

    #[test]
    fn splits_words_after_expansion() {
        let lexer = Lexer::default();
        let words = lexer.process(r#"a "b c" $X"#, &|_| Some("d e".into())).unwrap().words;
        assert_eq!(words, ["a", "b c", "d", "e"]);
    }

    #[test]
    fn skip_unset_keeps_references() {
        let lexer = Lexer {
            skip_unset: true,
            ..Lexer::default()
        };
        assert_eq!(lexer.process("$X ${Y:-z}", &|_| None).unwrap().result, "$X ${Y:-z}");
        let keep = Lexer {
            keep_unset: true,
            ..Lexer::default()
        };
        assert_eq!(keep.process("$X ${Y:-z} ${W}", &|_| None).unwrap().result, "$X z ${W}");
    }
}
