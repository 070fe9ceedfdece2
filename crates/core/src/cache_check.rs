//! A rewrite must not make the cache worse than the original. Opt-in restructurings combine: the multi-stage
//! build replays `COPY . .` where the original had it, before the final stage's package install, and a
//! dependency-first order no longer applies there. So after the rewrite, the layer estimate of the result is
//! compared with the original's, and when a code change would rebuild more, the opt-in groups are withheld
//! one at a time until it does not; each withheld group says why (`ChangeGroup::withheld`).

use crate::analysis::{FixAvailability, ImageEstimate, Rewrite};
use crate::layers;
use crate::model::Model;
use crate::rewrite::{self, Candidate};
use crate::rules::RuleFixes;

fn run(model: &Model, offers: &[Candidate], withheld: &[String]) -> (Rewrite, ImageEstimate, u64) {
    let fixes = RuleFixes {
        options: model.options,
        withheld,
    };
    let (rewrite, tree) = rewrite::rewrite(model, offers, &fixes);
    let after = match &tree {
        Some(tree) => layers::estimate(&Model::new(tree, model.options)),
        None => layers::estimate(model),
    };
    let cost = after.bytes_rebuilt_on_code_change();
    (rewrite, after, cost)
}

/// The rewrite of `model` and the layer estimate of its result, with opt-in groups withheld where the
/// result would rebuild more on a code change than `before` does.
pub fn rewrite_no_worse(model: &Model, offers: &[Candidate], before: &ImageEstimate) -> (Rewrite, ImageEstimate) {
    let original = before.bytes_rebuilt_on_code_change();
    let (rewrite, after, cost) = run(model, offers, &[]);
    let applied_opt_ins = |rewrite: &Rewrite| -> Vec<String> {
        rewrite
            .changes
            .iter()
            .filter(|g| g.applied && g.fix == FixAvailability::OptIn)
            .map(|g| g.id.clone())
            .collect()
    };
    let chosen = applied_opt_ins(&rewrite);
    // A file BuildKit rejects has no cache to compare with.
    let broken = model
        .tree
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::Severity::Error);
    if cost <= original || chosen.is_empty() || broken {
        return (rewrite, after);
    }
    // The bar is the original, or what the safe fixes alone make (they never reorder, but one can add a layer,
    // e.g. `COPY. .` read as the COPY it was meant to be): opt-ins are withheld for their own doing only.
    let bar = original.max(run(model, offers, &chosen).2);
    // Withhold the opt-in group whose absence costs least, one at a time, until the result is no worse.
    let mut withheld: Vec<String> = Vec::new();
    let mut best = (rewrite, after, cost);
    while best.2 > bar {
        let candidates = applied_opt_ins(&best.0);
        let Some((group, result)) = candidates
            .into_iter()
            .map(|group| {
                let mut trial = withheld.clone();
                trial.push(group.clone());
                (group, run(model, offers, &trial))
            })
            .min_by_key(|(_, (_, _, cost))| *cost)
        else {
            break;
        };
        withheld.push(group);
        best = result;
    }
    let (mut rewrite, after, _) = best;
    for group in rewrite.changes.iter_mut().filter(|g| withheld.contains(&g.id)) {
        group.withheld = Some(withheld_message(bar, cost));
    }
    (rewrite, after)
}

fn withheld_message(original: u64, combined: u64) -> String {
    let mb = |bytes: u64| crate::num::fixed(bytes as f64 / 1e6, 1);
    format!(
        "not applied: with the changes chosen, a code change would rebuild {} MB of layers instead of the \
         original's {} MB (a layer of unknown size counts as 1 MB; the rewrite must not make the cache worse)",
        mb(combined),
        mb(original)
    )
}

#[cfg(test)]
mod tests {
    use crate::{analyze, FixAvailability, Options};

    const FLASK: &str = "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN apt-get update\n\
        RUN apt-get install -y build-essential libpq-dev\nRUN pip install -r requirements.txt\nCMD flask run\n";

    /// The combination issue #17 found: every opt-in at once put `COPY . .` before the final stage's package
    /// install. The multi-stage group is withheld with its reason, and the rest (dependency-first order
    /// included) makes a code change rebuild less than the original.
    #[test]
    fn an_opt_in_that_makes_the_cache_worse_is_withheld_with_its_reason() {
        let all = Options {
            opt_in: vec!["all".into()],
            ..Options::default()
        };
        let analysis = analyze(FLASK, &all);
        let group = |id: &str| analysis.rewrite.changes.iter().find(|g| g.id == id).expect(id);
        let multi_stage = group("Y019");
        assert!(!multi_stage.applied);
        assert!(
            multi_stage
                .withheld
                .as_deref()
                .is_some_and(|why| why.contains("cache worse")),
            "{multi_stage:?}"
        );
        assert!(group("L001").applied, "the dependency-first order is applied");
        let (before, after) = (&analysis.layers.before, &analysis.layers.after);
        assert!(after.bytes_rebuilt_on_code_change() < before.bytes_rebuilt_on_code_change());
        assert!(analysis
            .rewrite
            .changes
            .iter()
            .filter(|g| g.fix == FixAvailability::OptIn)
            .all(|g| g.applied || g.withheld.is_some()));
    }

    /// Without opt-ins, or when the result is no worse, nothing is withheld.
    #[test]
    fn nothing_is_withheld_from_a_rewrite_that_keeps_the_cache() {
        for options in [
            Options::default(),
            Options {
                opt_in: vec!["L001".into()],
                ..Options::default()
            },
        ] {
            let analysis = analyze(FLASK, &options);
            assert!(analysis.rewrite.changes.iter().all(|g| g.withheld.is_none()));
            let layers = &analysis.layers;
            assert!(layers.after.bytes_rebuilt_on_code_change() <= layers.before.bytes_rebuilt_on_code_change());
        }
    }
}
