"""PairPad: a real-time collaborative code editor."""
