"""The commune profile: its page and its form (also used on the first run)."""
