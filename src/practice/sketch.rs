//! The Sketch move's text: components with their reasons, and flows between them.
