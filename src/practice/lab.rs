//! The simulation lab of the Deep-dive move: the knobs of a design the simulator can check.
