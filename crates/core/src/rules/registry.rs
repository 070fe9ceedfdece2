//! The one place a rule is registered: [`registry!`] declares each rule's module (its file,
//! `rules/<category>/<rule name in snake_case>.rs`) and lists its `RULE` in [`super::ALL`], in catalog order.
//! Adding a rule is one line in its category's block in `rules/mod.rs`.

/// `registry! { category { rule_module, ... } ... }`: the category modules with their rule modules, [`super::ALL`]
/// in the order written, and (for tests) each rule with the file it was declared from.
macro_rules! registry {
    ($($category:ident { $($rule:ident,)* })*) => {
        $(
            pub mod $category {
                $(pub mod $rule;)*
            }
        )*

        /// Every rule, in catalog order.
        pub static ALL: &[&Rule] = &[$($(&$category::$rule::RULE,)*)*];

        /// Each registered rule with its category folder and module (file) name.
        #[cfg(test)]
        pub(crate) static REGISTERED: &[(&str, &str, &Rule)] =
            &[$($((stringify!($category), stringify!($rule), &$category::$rule::RULE),)*)*];
    };
}

#[cfg(test)]
mod tests {
    use super::super::{ALL, REGISTERED};

    /// Like Ruff: a rule's file is named after the rule, in the folder of its category.
    #[test]
    fn every_rule_file_is_named_after_its_rule() {
        for (category, module, rule) in REGISTERED {
            assert_eq!(
                *module,
                rule.name.replace('-', "_"),
                "{} lives in {category}/{module}.rs",
                rule.code
            );
            assert_eq!(
                *category,
                rule.category.as_str(),
                "{} is filed under {category}/",
                rule.code
            );
        }
        assert_eq!(REGISTERED.len(), ALL.len());
    }

    /// A category folder holds its rules and nothing else (helpers live in `rules/support/`), and every file
    /// in it is registered.
    #[test]
    fn category_folders_hold_only_registered_rules() {
        let rules_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for category in ["base", "cache", "packages", "python", "security", "correctness"] {
            let mut files: Vec<String> = std::fs::read_dir(rules_dir.join(category))
                .expect("category folder")
                .map(|entry| entry.expect("folder entry").file_name().to_string_lossy().into_owned())
                .collect();
            files.sort();
            let mut registered: Vec<String> = REGISTERED
                .iter()
                .filter(|(c, _, _)| *c == category)
                .map(|(_, module, _)| format!("{module}.rs"))
                .collect();
            registered.sort();
            assert_eq!(files, registered, "rules/{category}/");
        }
    }
}
