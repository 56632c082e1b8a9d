"""The overview page's pieces: figure cards, charts, the start-up reminder."""
