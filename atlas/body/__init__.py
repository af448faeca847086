"""The body: the skin mesh, its geometry, landmarks and the named region map."""
