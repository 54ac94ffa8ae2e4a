"""Presenting timelines: dates at their precision, status colours, and the server-drawn SVG."""
