"""Qt item models and proxies over the domain's values."""
