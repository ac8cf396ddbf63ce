"""Rooms: the REST resource every editing session lives in."""
