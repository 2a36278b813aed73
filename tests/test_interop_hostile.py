"""Bad input to ``quiz import``: each a message naming the file, exit 1, nothing written."""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest
import zstandard

from quiz.interop import package as package_module
from quiz.paths import bundled_decks_dir
from tests.interop_support import Built, build, run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("anki"))


def _refused(path: Path, out: Path, capsys: pytest.CaptureFixture[str], *words: str) -> str:
    assert run("import", path, "--into", out, "--media", out / "media") == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"'{path}'" in captured.err or path.name in captured.err
    for word in words:
        assert word in captured.err
    assert not out.exists() or not any(out.rglob("*"))
    return captured.err


def _repack(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name in replace:
                data = replace[name]
                if data is not None:
                    new.writestr(name, data)
            else:
                new.writestr(name, old.read(name))
        for name, data in replace.items():
            if name not in old.namelist() and data is not None:
                new.writestr(name, data)
    return target


def _legacy_db(built: Built, tmp_path: Path, change: str, *args: object) -> bytes:
    db = tmp_path / "edit.anki21"
    with zipfile.ZipFile(built.legacy) as archive:
        db.write_bytes(archive.read("collection.anki21"))
    connection = sqlite3.connect(db)
    connection.execute(change, args)
    connection.commit()
    connection.close()
    return db.read_bytes()


def test_a_zip_that_is_not_an_anki_package(tmp_path: Path, capsys) -> None:
    path = tmp_path / "photos.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.jpg", b"jpeg")
    _refused(path, tmp_path / "out", capsys, "not an Anki package")


def test_a_file_that_is_not_a_zip(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.apkg"
    path.write_text("just text")
    _refused(path, tmp_path / "out", capsys, "not a zip file")


def test_a_truncated_current_collection(built: Built, tmp_path: Path, capsys) -> None:
    with zipfile.ZipFile(built.latest) as archive:
        data = archive.read("collection.anki21b")
    path = _repack(
        built.latest, tmp_path / "cut.apkg", {"collection.anki21b": data[: len(data) // 2]}
    )
    _refused(path, tmp_path / "out", capsys, "collection.anki21b")


def test_a_truncated_legacy_collection(built: Built, tmp_path: Path, capsys) -> None:
    with zipfile.ZipFile(built.legacy) as archive:
        data = archive.read("collection.anki21")
    path = _repack(built.legacy, tmp_path / "cut.apkg", {"collection.anki21": data[:8192]})
    _refused(path, tmp_path / "out", capsys, "damaged or truncated")


def test_a_corrupt_collection(built: Built, tmp_path: Path, capsys) -> None:
    path = _repack(built.legacy, tmp_path / "bad.apkg", {"collection.anki21": b"\x00garbage" * 99})
    _refused(path, tmp_path / "out", capsys, "not an SQLite database")


def test_an_unknown_schema_version(built: Built, tmp_path: Path, capsys) -> None:
    data = _legacy_db(built, tmp_path, "UPDATE col SET ver = ?", 99)
    path = _repack(built.legacy, tmp_path / "future.apkg", {"collection.anki21": data})
    _refused(path, tmp_path / "out", capsys, "schema version 99")


def test_an_unknown_package_version(built: Built, tmp_path: Path, capsys) -> None:
    path = _repack(built.latest, tmp_path / "future.apkg", {"meta": b"\x08\x09"})
    _refused(path, tmp_path / "out", capsys, "unknown Anki package version 9")


def test_a_note_type_with_no_fields(built: Built, tmp_path: Path, capsys) -> None:
    db = tmp_path / "models.anki21"
    with zipfile.ZipFile(built.legacy) as archive:
        db.write_bytes(archive.read("collection.anki21"))
    connection = sqlite3.connect(db)
    (models,) = connection.execute("SELECT models FROM col").fetchone()
    types = json.loads(models)
    for model in types.values():
        if model["name"] == "Basic":
            model["flds"] = []
    connection.execute("UPDATE col SET models = ?", (json.dumps(types),))
    connection.commit()
    connection.close()
    path = _repack(built.legacy, tmp_path / "nofields.apkg", {"collection.anki21": db.read_bytes()})
    _refused(path, tmp_path / "out", capsys, "note type 'Basic' has no fields")


def test_a_100_mb_package(tmp_path: Path, capsys) -> None:
    path = tmp_path / "huge.apkg"
    with path.open("wb") as stream:
        stream.truncate(100 << 20)  # sparse: costs no disk
    _refused(path, tmp_path / "out", capsys, "100 MiB", "larger than")


def test_a_zip_bomb(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki21", b"\x00" * (32 << 20))
    _refused(path, tmp_path / "out", capsys, "zip bomb")


def test_a_zstd_bomb_stops_at_the_limit(
    built: Built, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package_module, "MAX_MEMBER_BYTES", 4 << 20)
    frame = zstandard.ZstdCompressor().compress(b"\x00" * (16 << 20))  # no content size kept
    path = _repack(built.latest, tmp_path / "zbomb.apkg", {"collection.anki21b": frame})
    _refused(path, tmp_path / "out", capsys, "decompresses to more than 4 MiB")


@pytest.mark.parametrize("name", ["../evil.png", "/etc/passwd", "sub/dir.png", "..", "a\\b.png"])
def test_a_media_name_outside_the_media_folder(
    built: Built, tmp_path: Path, capsys, name: str
) -> None:
    path = _repack(
        built.legacy, tmp_path / "escape.apkg", {"media": json.dumps({"0": name}).encode()}
    )
    _refused(path, tmp_path / "out", capsys, "outside the media folder")
    assert not (tmp_path / "evil.png").exists()


def test_a_file_name_with_controls_is_shown_escaped(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x\x1b]0;pwned\x07.apkg"
    path.write_text("nope")
    assert run("import", path, "--into", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "␛" in err


def test_nothing_is_written_when_one_target_cannot_be(built: Built, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    (out / "other.yaml").mkdir(parents=True)  # one deck's target is a folder
    assert run("import", built.latest, "--into", out) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["other.yaml"]


def test_an_unknown_suffix(tmp_path: Path, capsys) -> None:
    path = tmp_path / "deck.docx"
    path.write_text("x")
    _refused(path, tmp_path / "out", capsys, ".apkg")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"front,back\n\xff\xfe,x\n", "not UTF-8"),
        (b"front,back\nx\x00,y\n", "NUL"),
        (b"colour,size\nred,big\n", "names no front"),
        (b"", "no header row"),
    ],
)
def test_a_bad_csv(tmp_path: Path, capsys, content: bytes, words: str) -> None:
    path = tmp_path / "cards.csv"
    path.write_bytes(content)
    _refused(path, tmp_path / "out", capsys, words)


def test_notes_that_make_no_card_are_skipped_with_the_reason(tmp_path: Path, capsys) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("front,back\nonly a front,\n,only a back\nQ,A\n" + f"long,{'x' * 30000}\n")
    assert run("import", path, "-o", tmp_path / "deck.yaml") == 0
    out = capsys.readouterr().out
    assert "4 notes, 1 cards" in out and "3 skipped" in out
    assert "the back is empty" in out and "the front is empty" in out
    assert "at most 20000 characters" in out


def test_a_missing_zstandard_names_the_extra(
    built: Built, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "zstandard", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "compression.zstd", None)
    _refused(built.latest, tmp_path / "out", capsys, "quiz[anki]")
    assert run("import", built.legacy, "--into", tmp_path / "legacy") == 0  # needs no zstd


def test_a_missing_genanki_names_the_extra(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "genanki", None)
    target = tmp_path / "out.apkg"
    assert run("export", "anki", bundled_decks_dir(), "-o", target) == 1
    err = capsys.readouterr().err
    assert "quiz[anki]" in err and "Traceback" not in err
    assert not target.exists()


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert run("import", tmp_path / "missing.apkg") == 2
    assert "no such file" in capsys.readouterr().err
    assert run("import", tmp_path) == 2  # a folder
    assert "not a regular file" in capsys.readouterr().err
    assert run("export", "csv", tmp_path / "missing.yaml") == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        run("import", tmp_path / "x.csv", "--deck-id", "Not A Slug")
    assert exit_info.value.code == 2
    assert "is not a deck id" in capsys.readouterr().err
