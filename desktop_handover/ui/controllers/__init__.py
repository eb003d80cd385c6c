"""QObjects that own asyncio tasks and call services; they build no widgets."""
