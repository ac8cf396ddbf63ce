"""Real-time collaboration: the ordered, durable update log of each room and its fan-out."""
