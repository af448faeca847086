"""Off-screen images (PyVista): trigger point charts, region maps, handout pictures."""
