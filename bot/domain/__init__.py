"""Herald's domain: posts, regions and their rendering, with no messenger types."""
