"""Serving the built frontend at `/` and `/room/{roomId}`."""
