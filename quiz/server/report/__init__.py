"""The class report: what an instructor learns from every student's reviews.

:mod:`.rows` reads the class database (one snapshot, aggregated in SQL where that is much
faster); :mod:`.build` turns those rows and the published decks into a :class:`.shape.Report`,
with pure functions only; :mod:`.text_table`, :mod:`.csv_out` and :mod:`.html_out` show it.
"""
