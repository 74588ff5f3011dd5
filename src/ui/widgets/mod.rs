//! Render-only building blocks shared by screens and popups.

pub mod bars;
pub mod text_input;
