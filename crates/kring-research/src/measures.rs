//! The standard measures of family group conferences over many cases (`docs/research.md`).
