"""Bitrix24 REST client: URLs, envelopes, limits; knows nothing about handovers."""
