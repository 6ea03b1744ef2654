"""Moved to :mod:`core.regions` (kept only while the readers switch their imports)."""

from __future__ import annotations

from core.regions import Snap, snap, snap_region

__all__ = ["Snap", "snap", "snap_region"]
