"""The interface's shared toolkit: pieces every screen uses (operations, questions …)."""
