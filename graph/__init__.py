"""The only layer that writes RDF and talks to triple stores."""
