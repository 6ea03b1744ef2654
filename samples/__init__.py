"""Synthetic specimen generator: fake people, real places, realistic documents."""
