//! Layer breakdown (issue 6). For now: which instructions write a filesystem layer, per stage, with sizes
//! stated as unknown rather than guessed.

pub mod tables;

use crate::analysis::{BaseImage, ImageEstimate, Layer, SizeRange, StageEstimate};
use crate::syntax::Dockerfile;

pub fn estimate(dockerfile: &Dockerfile) -> ImageEstimate {
    let mut stages: Vec<StageEstimate> = Vec::new();
    for instruction in &dockerfile.instructions {
        if instruction.keyword == "FROM" {
            let mut words = instruction
                .arguments
                .split_whitespace()
                .filter(|w| !w.starts_with("--"));
            let reference = words.next().unwrap_or_default().to_string();
            let name = match (words.next(), words.next()) {
                (Some(keyword), Some(name)) if keyword.eq_ignore_ascii_case("as") => Some(name.to_string()),
                _ => None,
            };
            let base = BaseImage {
                reference,
                size: None,
                basis: "not in the base image size table yet".into(),
            };
            stages.push(StageEstimate {
                index: stages.len(),
                name,
                is_final: false,
                base,
                layers: Vec::new(),
            });
            continue;
        }
        let Some(stage) = stages.last_mut() else { continue };
        let creates_layer = matches!(instruction.keyword.as_str(), "RUN" | "COPY" | "ADD");
        stage.layers.push(Layer {
            keyword: instruction.keyword.clone(),
            span: instruction.span,
            creates_layer,
            size: SizeRange::default(),
            basis: if creates_layer {
                "size not estimated yet"
            } else {
                "metadata only: adds no bytes"
            }
            .into(),
            cache_triggers: Vec::new(),
            rebuilds_on_code_change: false,
            wasted: 0,
        });
    }
    if let Some(last) = stages.last_mut() {
        last.is_final = true;
    }
    ImageEstimate {
        stages,
        total: None,
        wasted: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_run_copy_add_write_layers_and_the_last_stage_is_final() {
        let estimate = estimate(&crate::syntax::parse(
            "FROM python:3.12 AS build\nRUN pip wheel .\nFROM python:3.12-slim\nENV A=1\nCOPY --from=build /w /w\n",
        ));
        assert_eq!(estimate.stages.len(), 2);
        assert_eq!(estimate.stages[0].name.as_deref(), Some("build"));
        assert!(!estimate.stages[0].is_final && estimate.stages[1].is_final);
        let writes: Vec<bool> = estimate.stages[1].layers.iter().map(|l| l.creates_layer).collect();
        assert_eq!(writes, [false, true]);
    }
}
