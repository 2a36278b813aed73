"""What runs for a class as a whole: the class server and the instructor's report."""
