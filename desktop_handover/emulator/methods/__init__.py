"""One module per REST method family of the emulated portal."""
from desktop_handover.emulator.methods import crm_item  # noqa: F401
