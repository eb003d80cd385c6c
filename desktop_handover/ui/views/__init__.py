"""Windows and dialogs composed from widgets and models; controllers drive them."""
