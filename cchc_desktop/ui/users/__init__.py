"""Users of this PC: sign-in, the session guard and the users dialog."""
