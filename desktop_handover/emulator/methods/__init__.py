"""One module per REST method family of the emulated portal."""
