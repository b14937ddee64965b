"""The durable outbox worker and its pacing."""
