"""What the tests of ``quiz serve`` share (:mod:`benchmarks.class_server`, also the
classroom benchmark's): a class database of their own with a published true/false deck."""

from __future__ import annotations

from benchmarks.class_server import ServeProcess, Student, add_student, make_class, reviewed_items

__all__ = ["ServeProcess", "Student", "add_student", "class_fixture", "reviewed_items"]


def class_fixture(postgres_server, tmp_path_factory) -> str:
    """Body of each test module's session-scoped class database fixture."""
    return make_class(postgres_server.url(), tmp_path_factory.mktemp("serve-deck"))
