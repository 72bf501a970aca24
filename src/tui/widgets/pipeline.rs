//! Boxes and arrows for the Sketch move.
