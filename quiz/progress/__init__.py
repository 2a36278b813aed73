"""A student's progress: item states, the review log and the stores that keep them."""
