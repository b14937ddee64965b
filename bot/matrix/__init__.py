"""Herald on Matrix, through mautrix."""
