"""The domain's contact with the outside world (REST gateway, keychain, data folders); no Qt."""
