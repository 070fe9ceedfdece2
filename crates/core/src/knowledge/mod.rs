//! What the analysis knows about the world outside the Dockerfile, as data generated from named sources:
//! base images ([`images`]: programs, users, OS, shell). The size tables of the layer estimate live with it
//! in `layers::tables`.

pub mod images;
