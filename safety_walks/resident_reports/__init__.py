"""Residents report what makes them feel unsafe ("Meld et utrygt sted"); staff triage reports into findings (#16)."""
