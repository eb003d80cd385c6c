"""An independent Bitrix24 portal, written from the API reference; never imports our client."""
