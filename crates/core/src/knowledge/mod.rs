//! What the analysis knows about the world outside the Dockerfile, as data generated from named sources:
//! base images ([`images`]: programs, users, OS, shell), compiled in; and the size tables of the layer
//! estimate ([`pack`]), a data file installed at run time and read through `layers::tables`.

pub mod images;
pub mod pack;
