"""The reference staff portal: server-rendered pages over the services' public RPCs."""
