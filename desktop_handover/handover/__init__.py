"""The handover domain: what goes to whom, in what order, and what happened. Pure Python."""
