"""The class server: the study app in a browser for the students of a class database."""
