"""The body asset and its build recipe (shipped in the wheel as ``atlas.meshes``)."""
