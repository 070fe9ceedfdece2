//! Instruction keywords as a type: compared and matched as an enum, not as strings.

use std::fmt;

use serde::Serialize;

macro_rules! keywords {
    ($($variant:ident => $text:literal,)*) => {
        /// An instruction keyword BuildKit knows, or [`Keyword::Unknown`] (BuildKit rejects the file; the text as
        /// written stays in [`super::Instruction::keyword_text`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Keyword {
            $(#[serde(rename = $text)] $variant,)*
            #[serde(rename = "UNKNOWN")]
            Unknown,
        }

        impl Keyword {
            /// Every keyword BuildKit knows, in alphabetical order.
            pub const KNOWN: [Keyword; 18] = [$(Keyword::$variant,)*];

            /// The keyword of `text`, case-insensitively (`run` is `RUN`).
            pub fn parse(text: &str) -> Keyword {
                $(if text.eq_ignore_ascii_case($text) { return Keyword::$variant; })*
                Keyword::Unknown
            }

            /// The keyword upper-cased, as BuildKit names it; `UNKNOWN` for an unknown one.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $text,)*
                    Keyword::Unknown => "UNKNOWN",
                }
            }
        }
    };
}

keywords! {
    Add => "ADD",
    Arg => "ARG",
    Cmd => "CMD",
    Copy => "COPY",
    Entrypoint => "ENTRYPOINT",
    Env => "ENV",
    Expose => "EXPOSE",
    From => "FROM",
    Healthcheck => "HEALTHCHECK",
    Label => "LABEL",
    Maintainer => "MAINTAINER",
    Onbuild => "ONBUILD",
    Run => "RUN",
    Shell => "SHELL",
    Stopsignal => "STOPSIGNAL",
    User => "USER",
    Volume => "VOLUME",
    Workdir => "WORKDIR",
}

impl Keyword {
    pub fn is_known(self) -> bool {
        self != Keyword::Unknown
    }

    /// Whether the instruction adds a filesystem layer to the image.
    pub fn creates_layer(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_known_keyword_in_any_case() {
        for keyword in Keyword::KNOWN {
            assert_eq!(Keyword::parse(keyword.as_str()), keyword);
            assert_eq!(Keyword::parse(&keyword.as_str().to_ascii_lowercase()), keyword);
        }
        assert_eq!(Keyword::parse("COPY."), Keyword::Unknown);
        assert_eq!(Keyword::parse(""), Keyword::Unknown);
    }
}
