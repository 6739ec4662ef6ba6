"""Object builders, one module per family; importing them registers their kinds."""
