"""Pairsec projections layer."""
