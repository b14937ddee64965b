"""Herald's use cases. Services take repositories and plain values, never a messenger's message type."""
