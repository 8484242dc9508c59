"""Pairsec commands layer."""
