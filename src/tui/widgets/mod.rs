//! Widgets shared by the practice screens.

pub mod dialog;
pub mod keys;
pub mod lab;
pub mod pipeline;
