"""The change history: who changed what and when, with undo of a change."""
