//! Charts of simulation outcomes for the lab panel.
