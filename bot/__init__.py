"""Herald: an async publishing bot for regional news."""
