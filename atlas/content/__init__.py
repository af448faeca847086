"""The trigger point content: muscles, trigger points, conditions and sources, loaded and
cross-checked against the body."""
