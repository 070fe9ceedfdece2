// Shared by the property tests (`tests/parser_properties.rs`) and the cargo-fuzz target (`fuzz/`):
// what must hold for every input, valid or not.

/// Parses `text`, exercises every view of the tree and panics when an invariant is broken.
pub fn check(text: &str) {
    use dflab_core::syntax::{self, buildkit};
    let tree = syntax::parse(text);
    assert_eq!(tree.print(), text, "print(parse(x)) must be x");
    let mut at = 0;
    for item in &tree.items {
        assert_eq!(item.span.start, at, "items must tile the source");
        assert!(item.span.end >= item.span.start);
        at = item.span.end;
    }
    let index = dflab_core::span::LineIndex::new(text);
    for item in &tree.items {
        assert_eq!((item.span.line, item.span.column), index.position(item.span.start));
    }
    assert_eq!(at, text.len());
    let valid = |span: dflab_core::span::Span| {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?}"
        );
        assert!(
            span.line >= 1 && span.column >= 1 && span.end_line >= span.line,
            "{span:?}"
        );
    };
    for diagnostic in &tree.diagnostics {
        valid(diagnostic.span);
    }
    for (index, instruction) in tree.instructions().enumerate() {
        valid(instruction.span);
        valid(instruction.keyword_span);
        valid(instruction.arguments_span);
        for flag in &instruction.flags {
            valid(flag.span);
        }
        for heredoc in &instruction.heredocs {
            valid(heredoc.marker_span);
            valid(heredoc.body_span);
            heredoc.terminator_span.map(valid);
        }
        assert!(instruction.start_line <= instruction.end_line);
        if let syntax::Arguments::Sub(sub) = &instruction.arguments {
            valid(sub.span);
            valid(sub.keyword_span);
            valid(sub.arguments_span);
            sub.flags.iter().for_each(|f| valid(f.span));
            for offset in [0, sub.original.len() / 2, sub.original.len()] {
                assert!(sub.source_offset(offset, false) <= text.len());
            }
        }
        let _ = format!("{:?}", instruction.view());
        if let Some(from) = instruction.as_from() {
            from.reference.tag_span.map(valid);
        }
        let _ = index;
    }
    let model = dflab_core::model::build_model(&tree);
    for stage in &model.stages {
        let _ = model.scope_at(&tree, stage.from + 1);
    }
    let scopes = model.scope_table(&tree);
    for index in 0..tree.instructions().count() {
        let _ = scopes.at(index).expand("${A:-b}$C", tree.escape);
    }
    let _ = buildkit::dump(&tree);
    let _ = buildkit::ast_dump(&tree);
}
