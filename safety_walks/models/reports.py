"""Reports from residents about what makes them feel unsafe (#16)."""
