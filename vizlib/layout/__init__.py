"""Geometry from model state: where every square, box and label goes (no plotting)."""
