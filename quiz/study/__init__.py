"""Studying: grading, scheduling, the study day, sessions and statistics."""
