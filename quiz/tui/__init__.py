"""The Textual study app. Start it with :func:`quiz.tui.app.build_app`."""
