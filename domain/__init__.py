"""Pairsec domain layer."""
