use super::*;
use crate::analysis::ContextFiles;
use crate::syntax;

fn estimate_of(source: &str, options: &Options) -> ImageEstimate {
    let tree = syntax::parse(source);
    estimate(&Model::new(&tree, options))
}

fn layer(estimate: &ImageEstimate, stage: usize, index: usize) -> &Layer {
    &estimate.stages[stage].layers[index]
}

#[test]
fn only_run_copy_add_write_layers_and_the_last_stage_is_final() {
    let estimate = estimate_of(
        "FROM python:3.12 AS build\nRUN pip wheel .\nFROM python:3.12-slim\nENV A=1\nCOPY --from=build /w /w\n",
        &Options::default(),
    );
    assert_eq!(estimate.stages.len(), 2);
    assert_eq!(estimate.stages[0].name.as_deref(), Some("build"));
    assert!(!estimate.stages[0].is_final && estimate.stages[1].is_final);
    let writes: Vec<bool> = estimate.stages[1].layers.iter().map(|l| l.creates_layer).collect();
    assert_eq!(writes, [false, true]);
}

#[test]
fn known_base_images_have_sizes_and_unknown_ones_make_the_total_unknown() {
    let known = estimate_of("FROM python:3.12-slim\nCMD [\"python\"]\n", &Options::default());
    let base = known.stages[0].base.size.expect("python:3.12-slim is in the table");
    assert!(base.low > 50_000_000 && base.high < 400_000_000, "{base:?}");
    assert_eq!(known.total, Some(base));
    let unknown = estimate_of("FROM registry.example/team/app:1\nRUN true\n", &Options::default());
    assert_eq!(unknown.stages[0].base.size, None);
    assert!(unknown.stages[0].base.basis.contains("unknown"));
    assert_eq!(unknown.total, None);
}

#[test]
fn apt_installs_count_packages_and_lists_unless_cleaned_or_mounted() {
    let options = Options::default();
    let (lists, lists_high) = tables::apt_lists_size(tables::Release::Trixie).unwrap();
    let left = estimate_of(
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n",
        &options,
    );
    let cleaned = estimate_of(
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\n",
        &options,
    );
    let mounted = estimate_of(
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends gcc\n",
        &options,
    );
    let (left, cleaned, mounted) = (layer(&left, 0, 0), layer(&cleaned, 0, 0), layer(&mounted, 0, 0));
    assert!(
        cleaned.size.low > 10_000_000,
        "gcc and its closure are tens of MB: {:?}",
        cleaned.size
    );
    assert_eq!(left.size.low, cleaned.size.low + lists);
    assert_eq!(left.size.high, cleaned.size.high + lists_high);
    assert_eq!(mounted.size, cleaned.size);
    assert!(left.basis.contains("apt package lists"), "{}", left.basis);
}

#[test]
fn recommends_make_an_install_no_smaller() {
    let options = Options::default();
    let with = estimate_of("FROM debian:bookworm\nRUN apt-get install -y curl\n", &options);
    let without = estimate_of(
        "FROM debian:bookworm\nRUN apt-get install -y --no-install-recommends curl\n",
        &options,
    );
    assert!(layer(&with, 0, 0).size.high >= layer(&without, 0, 0).size.high);
}

#[test]
fn deleting_in_a_later_layer_is_wasted_not_freed() {
    let estimate = estimate_of(
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
        &Options::default(),
    );
    let (install, cleanup) = (layer(&estimate, 0, 0), layer(&estimate, 0, 1));
    let (lists, _) = tables::apt_lists_size(tables::Release::Trixie).unwrap();
    assert_eq!(cleanup.size, SizeRange::default(), "a deletion adds no bytes");
    // The lists are wasted where they were left; deleting them later frees nothing and wastes nothing more.
    assert_eq!(install.wasted, lists);
    assert_eq!(cleanup.wasted, 0);
    assert_eq!(estimate.wasted, lists);
    assert!(cleanup.basis.contains("frees nothing"), "{}", cleanup.basis);
}

#[test]
fn recursive_chown_after_copy_counts_the_files_twice() {
    let estimate = estimate_of(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN chown -R 1000:1000 /app\n",
        &Options::default(),
    );
    let (copy, chown) = (layer(&estimate, 0, 1), layer(&estimate, 0, 2));
    assert_eq!(copy.size, DEFAULT_CONTEXT);
    assert_eq!(chown.size, DEFAULT_CONTEXT);
    assert_eq!(chown.wasted, DEFAULT_CONTEXT.low);
}

#[test]
fn pip_cache_is_counted_unless_disabled_or_mounted() {
    let options = Options::default();
    let plain = estimate_of("FROM python:3.12-slim\nRUN pip install flask\n", &options);
    let no_cache = estimate_of(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
        &options,
    );
    let env = estimate_of(
        "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
        &options,
    );
    let mounted = estimate_of(
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
        &options,
    );
    let (plain, no_cache) = (layer(&plain, 0, 0), layer(&no_cache, 0, 0));
    assert!(
        no_cache.size.low > 1_000_000,
        "flask and its dependencies: {:?}",
        no_cache.size
    );
    assert!(plain.size.low > no_cache.size.low, "the cache adds the wheels");
    assert!(plain.basis.contains("cache left in the layer"));
    assert_eq!(layer(&env, 0, 1).size, no_cache.size);
    assert_eq!(layer(&mounted, 0, 0).size, no_cache.size);
}

#[test]
fn requirements_are_counted_when_provided_and_said_unknown_otherwise() {
    let source = "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n";
    let unknown = estimate_of(source, &Options::default());
    assert_eq!(layer(&unknown, 0, 1).size, SizeRange::default());
    assert!(layer(&unknown, 0, 1).basis.contains("contents unknown"));
    let options = Options {
        context: ContextFiles {
            requirements_txt: Some("django==5.1\n".into()),
            ..ContextFiles::default()
        },
        ..Options::default()
    };
    let known = estimate_of(source, &options);
    assert!(
        layer(&known, 0, 1).size.low > 5_000_000,
        "{:?}",
        layer(&known, 0, 1).size
    );
    assert_eq!(layer(&known, 0, 0).size.low, "django==5.1\n".len() as u64);
}

#[test]
fn copy_from_a_stage_carries_what_it_wrote_there() {
    let source = "FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\n\
                  RUN pip install --no-cache-dir flask\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n\
                  COPY --from=build /elsewhere /x\n";
    let estimate = estimate_of(source, &Options::default());
    let (venv, installed) = (layer(&estimate, 0, 0).size, layer(&estimate, 0, 2).size);
    assert!(venv.low > 5_000_000, "a venv holds its own pip: {venv:?}");
    assert!(layer(&estimate, 0, 0)
        .basis
        .contains("virtual environment with its own pip"));
    assert!(installed.low > 0);
    let carried = SizeRange {
        low: venv.low + installed.low,
        high: venv.high + installed.high,
    };
    assert_eq!(layer(&estimate, 1, 0).size, carried, "the venv is carried over whole");
    assert_eq!(layer(&estimate, 1, 1).size, SizeRange::default());
    let final_total = estimate.total.unwrap();
    let slim = estimate.stages[1].base.size.unwrap();
    assert_eq!(
        final_total.low,
        slim.low + carried.low,
        "builder layers stay out of the final image"
    );
}

#[test]
fn dependency_first_order_keeps_the_install_cached_on_code_changes() {
    let options = Options::default();
    let good = estimate_of(
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        &options,
    );
    let rebuilds: Vec<bool> = good.stages[0]
        .layers
        .iter()
        .map(|l| l.rebuilds_on_code_change)
        .collect();
    assert_eq!(rebuilds, [false, false, true, true]);
    let bad = estimate_of(
        "FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n",
        &options,
    );
    assert!(bad.stages[0].layers.iter().all(|l| l.rebuilds_on_code_change));
    let install_triggers: Vec<&str> = good.stages[0].cache_triggers(1).collect();
    assert_eq!(
        install_triggers,
        ["base `python:3.12-slim`", "files: requirements.txt"],
        "the install is invalidated by the base and the manifest, not by the code copied after it"
    );
    assert!(
        layer(&good, 0, 1).own_cache_triggers.is_empty(),
        "the RUN adds no trigger of its own"
    );
    assert!(good.stages[0].cache_triggers(2).any(|t| t == "files: ."));
}

#[test]
fn build_args_are_cache_triggers() {
    let estimate = estimate_of(
        "FROM python:3.12-slim\nARG VERSION=1\nRUN echo $VERSION\n",
        &Options::default(),
    );
    assert_eq!(
        layer(&estimate, 0, 0).own_cache_triggers,
        ["base `python:3.12-slim`", "build arg `VERSION`"]
    );
    assert!(estimate.stages[0].cache_triggers(1).any(|t| t == "build arg `VERSION`"));
}

#[test]
fn the_total_counts_the_layers_it_leaves_out() {
    let estimate = estimate_of(
        "FROM python:3.12-slim AS base\nRUN ./install.sh\nFROM base\nRUN ./other.sh\nRUN pip install --no-cache-dir flask\n",
        &Options::default(),
    );
    let unknown: Vec<bool> = estimate
        .stages
        .iter()
        .flat_map(|s| &s.layers)
        .map(|l| !l.size_is_known())
        .collect();
    assert_eq!(
        unknown,
        [true, true, false],
        "scripts have no size model; a pip install has"
    );
    assert!(estimate.total.is_some(), "the base's size is known");
    assert_eq!(
        estimate.unknown_layers, 2,
        "one of the final stage, one inherited from `base`"
    );
    let copied = estimate_of(
        "FROM python:3.12-slim AS build\nRUN ./install.sh\nFROM python:3.12-slim\nCOPY --from=build /a /a\n",
        &Options::default(),
    );
    assert_eq!(
        copied.unknown_layers,
        copied.stages[1].layers.iter().filter(|l| !l.size_is_known()).count()
    );
}

#[test]
fn folders_users_and_links_are_small_files() {
    let estimate = estimate_of(
        "FROM python:3.12-slim\nRUN useradd --create-home app && mkdir -p /app/data && ln -s /app/data /data\n",
        &Options::default(),
    );
    let small = layer(&estimate, 0, 0);
    assert_eq!(small.size, super::run::SMALL_FILES);
    assert!(
        small.basis.starts_with("small files only (`useradd`, `mkdir`, `ln`)"),
        "{}",
        small.basis
    );
}

#[test]
fn commands_without_a_size_model_are_named_and_not_counted() {
    let mixed = estimate_of(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask && curl -fsSL -o /tmp/x.tgz https://example.org/x.tgz\n",
        &Options::default(),
    );
    let layer_basis = &layer(&mixed, 0, 0).basis;
    assert!(layer_basis.contains("pip: flask"), "{layer_basis}");
    assert!(
        layer_basis.ends_with("`curl`: no size model, not counted"),
        "{layer_basis}"
    );
    let build = estimate_of(
        "FROM golang:1.26-bookworm\nRUN go build -o /app ./cmd/app\n",
        &Options::default(),
    );
    let basis = &layer(&build, 0, 0).basis;
    assert!(basis.starts_with("no size model for `go` (a build"), "{basis}");
    assert!(!layer(&build, 0, 0).size_is_known());
}

#[test]
fn pip_run_by_its_path_installs_into_that_environment() {
    let source =
        "FROM python:3.12 AS build\nRUN uv venv /opt/venv\nRUN /opt/venv/bin/pip install --no-cache-dir flask\n\
                  FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n";
    let estimate = estimate_of(source, &Options::default());
    assert_eq!(
        layer(&estimate, 0, 0).size,
        super::run::SMALL_FILES,
        "uv's venv has no pip"
    );
    let installed = layer(&estimate, 0, 1).size;
    let copied = layer(&estimate, 1, 0).size;
    assert_eq!(copied.low, installed.low);
}

#[test]
fn apt_installs_count_dpkg_bookkeeping_once() {
    let one = estimate_of(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        &Options::default(),
    );
    let two = estimate_of(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\n",
        &Options::default(),
    );
    let basis = &layer(&one, 0, 0).basis;
    assert_eq!(basis.matches("dpkg and apt bookkeeping").count(), 1, "{basis}");
    assert_eq!(layer(&two, 0, 0).basis.matches("dpkg and apt bookkeeping").count(), 1);
    let nothing = estimate_of(
        "FROM debian:bookworm\nRUN apt-get install -y bash\n",
        &Options::default(),
    );
    assert!(
        !layer(&nothing, 0, 0).basis.contains("bookkeeping"),
        "nothing installed, nothing written"
    );
}

#[test]
fn a_cache_left_in_a_layer_is_wasted_there() {
    let estimate = estimate_of("FROM python:3.12-slim\nRUN pip install flask\n", &Options::default());
    let install = layer(&estimate, 0, 0);
    assert!(
        install.basis.contains("pip cache left in the layer"),
        "{}",
        install.basis
    );
    assert!(install.wasted > 0 && install.wasted < install.size.low);
    assert_eq!(estimate.wasted, install.wasted);
    let clean = estimate_of(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
        &Options::default(),
    );
    assert_eq!(clean.wasted, 0);
}

#[test]
fn packages_purged_and_autoremoved_in_the_same_layer_are_not_counted() {
    let kept = estimate_of(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nodejs && rm -rf /var/lib/apt/lists/*\n",
        &Options::default(),
    );
    let purged = estimate_of(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nodejs npm \
         && apt-get purge -y npm && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*\n",
        &Options::default(),
    );
    assert_eq!(layer(&purged, 0, 0).size, layer(&kept, 0, 0).size);
    assert!(layer(&purged, 0, 0)
        .basis
        .contains("(npm purged and autoremoved in the same layer)"));
    // Without an autoremove, npm's dependencies stay: nothing is taken off.
    let without = estimate_of(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends nodejs npm && apt-get purge -y npm\n",
        &Options::default(),
    );
    assert!(layer(&without, 0, 0).size.high > layer(&kept, 0, 0).size.high);
}

#[test]
fn pip_wheel_writes_the_closures_wheels_where_it_is_told() {
    let estimate = estimate_of(
        "FROM python:3.12 AS build\nRUN pip wheel --wheel-dir /wheels flask\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\n",
        &Options::default(),
    );
    let wheels = layer(&estimate, 0, 0);
    assert!(
        wheels
            .basis
            .starts_with("pip wheels: flask with dependencies, in /wheels"),
        "{}",
        wheels.basis
    );
    let flask = tables::pip_estimate(&["flask"]).cache;
    assert_eq!((wheels.size.low, wheels.size.high), (flask.low, flask.high));
    assert_eq!(
        layer(&estimate, 1, 0).size,
        wheels.size,
        "the wheels are what the COPY carries"
    );
}

#[test]
fn each_layer_names_the_models_that_sized_it() {
    let context = Options {
        context: ContextFiles {
            requirements_txt: Some("flask\n".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let estimate = estimate_of(
        "FROM python:3.12-slim\nENV A=1\n\
         RUN apt-get update && apt-get install -y --no-install-recommends curl && pip install requests\n\
         COPY requirements.txt .\nRUN pip install -r requirements.txt\nRUN useradd app && mkdir /data\n\
         RUN python -m venv /opt/venv\nRUN pip wheel flask -w /wheels\nRUN make all\n",
        &context,
    );
    let models: Vec<Vec<SizeModel>> = estimate.stages[0].layers.iter().map(|l| l.models.clone()).collect();
    use SizeModel::*;
    assert_eq!(
        models,
        [
            vec![],
            vec![Apt, Python],
            vec![Files],
            vec![Python],
            vec![SmallFiles],
            vec![Venv],
            vec![Wheels],
            vec![]
        ],
        "{:#?}",
        estimate.stages[0].layers.iter().map(|l| &l.basis).collect::<Vec<_>>()
    );
}
