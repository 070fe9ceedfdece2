//! Prints the HTML of the page's first results pane (`dflab_web::components::prerender`), for
//! `scripts/post-build.mjs` to write into the static page. Native: `cargo run -p dflab-web --features prerender
//! --example prerender`.

use dflab_web::components::prerender::FirstResults;

fn main() {
    let renderer = yew::ServerRenderer::<FirstResults>::new().hydratable(false);
    print!("{}", futures::executor::block_on(renderer.render()));
}
