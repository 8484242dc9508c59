"""Pairsec scanners layer."""
