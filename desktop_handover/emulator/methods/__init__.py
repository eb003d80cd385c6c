"""One module per REST method family of the emulated portal.

Importing the package registers every method (one entry per module below); the handler also
imports each module it finds here, so a module missing from this list still gets registered.
"""

from desktop_handover.emulator.methods import (
    activity,  # noqa: F401
    crm_catalog,  # noqa: F401
    crm_item,  # noqa: F401
    crm_legacy,  # noqa: F401
    misc,  # noqa: F401
    system,  # noqa: F401
    task,  # noqa: F401
    user,  # noqa: F401
)
