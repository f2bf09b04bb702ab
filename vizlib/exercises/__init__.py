"""Seeded exercises whose answers the model computes."""
