//! The family plan as HTML.
