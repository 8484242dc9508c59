"""Pairsec api layer."""
