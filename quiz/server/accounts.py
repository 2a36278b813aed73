"""The class database as the server sees it, on the instructor's connection: that it is
ready to serve, and whether a student's name and password log in.

A login that verifies gives back the student's own database URL, made from the password
just verified (it is their role's password): the server never holds a student's password
otherwise, and the study app it starts connects as that student, under the database's
row-level security.
"""

from __future__ import annotations

from quiz.progress.postgres_class import check_role_name, count_logins, login_hash, member_url
from quiz.server.passwords import MAX_PASSWORD_BYTES, verify_password


def check_class(url: str) -> int:
    """How many students can log in; ``StoreError`` when the class database cannot be
    served (unreachable, not set up or of another schema, its logins not readable)."""
    return count_logins(url)


def verify_login(url: str, name: str, password: str) -> str | None:
    """The database URL of student ``name`` if ``password`` is theirs, else None. Every
    refusal (unknown name, not a student, wrong password) costs the same scrypt work.
    ``StoreError`` when the database cannot be asked."""
    stored = None
    valid_name = True
    try:
        check_role_name(name)
    except ValueError:
        valid_name = False
    if valid_name and len(password.encode("utf-8")) <= MAX_PASSWORD_BYTES:
        stored = login_hash(url, name)
    if not verify_password(password, stored):
        return None
    return member_url(url, name, password)
