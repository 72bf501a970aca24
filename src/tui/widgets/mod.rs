//! Widgets shared by the practice screens.

pub mod lab;
pub mod pipeline;
