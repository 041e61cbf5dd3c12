//! The network map as SVG.
