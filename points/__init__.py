"""The trigger point data files (shipped in the wheel as ``atlas.points``)."""
