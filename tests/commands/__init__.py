"""Herald's commands run in process on both platforms, over a copy of one migrated database."""
