"""Pairsec infra layer."""
