"""What runs for a class as a whole: the class server (the study app in a browser for the
students of a class database) and the instructor's report."""
