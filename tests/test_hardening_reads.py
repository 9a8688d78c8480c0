"""Every file diglot reads, through one bounded reader: regular files only (no pipe, device or
folder; a link followed, and kept inside the project where it must be), within a size
limit, never more than the limit read; and JSON from files diglot wrote, parsed with limits
and checked for shape."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from diglot import files, jsonlimits
from diglot.cli import main
from diglot.release import verify

from conftest import REPO


def run(diglot_process, root: Path, *argv: str, timeout: float = 60) -> tuple[int, str, float]:
    """diglot in a process of its own (a read that waits on a pipe would hang the tests):
    exit code, stdout and stderr together, seconds taken."""
    started = time.monotonic()
    done = diglot_process.run(*argv, cwd=root, timeout=timeout)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


# -- the reader ---------------------------------------------------------------------------------


def test_the_reader_takes_a_regular_file_within_its_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"12345")
    assert files.read_bytes(path, 5) == b"12345"
    assert files.sha256_of(path, 5) == (hashlib.sha256(b"12345").hexdigest(), 5)
    with pytest.raises(files.NotReadable) as found:
        files.read_bytes(path, 4)
    assert (found.value.kind, found.value.reason) == (
        "too-large",
        "is 5 bytes, over the limit of 4 bytes",
    )


@pytest.mark.parametrize(
    "make, kind, reason",
    [
        (lambda p: os.mkfifo(p), "not-a-file", "is a named pipe, not a regular file"),
        (lambda p: p.mkdir(), "not-a-file", "is a folder, not a regular file"),
        (lambda p: p.symlink_to("/dev/zero"), "not-a-file", "is a device, not a regular file"),
        (lambda p: p.symlink_to("nowhere"), "link", "is a link to 'nowhere', which does not exist"),
        (lambda p: None, "missing", "does not exist"),
    ],
)
def test_the_reader_refuses_anything_but_a_regular_file(tmp_path, make, kind, reason):
    path = tmp_path / "x"
    make(path)
    started = time.monotonic()
    with pytest.raises(files.NotReadable) as found:
        files.read_bytes(path, 1 << 20)
    assert (found.value.kind, found.value.reason) == (kind, reason)
    assert time.monotonic() - started < 1


def test_the_reader_never_reads_more_than_the_limit_whatever_the_size_says():
    # /proc files say they are empty and hold more: the reader stops after limit + 1 bytes
    with pytest.raises(files.NotReadable) as found:
        files.read_bytes("/proc/self/maps", 10)
    assert found.value.kind == "too-large" and found.value.size == 11


def test_the_reader_keeps_a_link_inside_its_folder(tmp_path):
    inside = tmp_path / "project"
    inside.mkdir()
    (tmp_path / "secret.txt").write_text("outside")
    (inside / "x.toml").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(files.NotReadable) as found:
        files.read_bytes(inside / "x.toml", 100, within=inside)
    assert found.value.kind == "outside"
    assert found.value.reason.startswith(f"leads to {tmp_path / 'secret.txt'}, outside {inside}")
    assert files.read_bytes(inside / "x.toml", 100) == b"outside"  # without within: followed


# -- every command, with a pipe or a device where a file should be -------------------------------


def test_review_import_of_dev_zero_ends_at_once(project, diglot_process):
    code, out, seconds = run(diglot_process, project, "review-import", "/dev/zero")
    assert code == 2 and seconds < 20
    assert out.splitlines()[0] == (
        "/dev/zero:1:1: error: the file is a device, not a regular file; nothing was written "
        "[io.error]"
    )


@pytest.mark.parametrize("command", ["review-import", "xliff-import"])
def test_an_import_of_a_named_pipe_ends_at_once(project, diglot_process, command):
    os.mkfifo(project / "returned")
    code, out, seconds = run(diglot_process, project, command, "returned", timeout=30)
    assert code == 2 and seconds < 20
    assert "returned:1:1: error: the file is a named pipe, not a regular file" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("name", ["manifest.json", "SHA256SUMS"])
@pytest.mark.parametrize("make", ["pipe", "device"])
def test_verify_of_a_pipe_or_device_ends_at_once(project, diglot_process, name, make):
    folder = project / "release" / "memo" / "1.0"
    folder.mkdir(parents=True)
    _fake_release(folder)
    (folder / name).unlink()
    if make == "pipe":
        os.mkfifo(folder / name)
    else:
        (folder / name).symlink_to("/dev/zero")
    code, out, seconds = run(diglot_process, project, "verify", "release/memo/1.0", timeout=30)
    assert code == 2 and seconds < 20, out
    kind = "a named pipe" if make == "pipe" else "a device"
    assert (
        f"release/memo/1.0/{name}:1:1: error: {name} is {kind}, not a regular file "
        "[verify.unreadable]" in out
    )


@pytest.mark.parametrize(
    "where, command, line",
    [
        (
            "types/consensus-agreement.yaml",
            "check",
            "types/consensus-agreement.yaml:1:1: error: cannot read the file: it is a named pipe, "
            "not a regular file [source.unreadable]",
        ),
        (
            "languages/zh-Hans.toml",
            "check",
            "languages/zh-Hans.toml:1:1: error: the language profile is a named pipe, not a "
            "regular file [language.unreadable]",
        ),
        (
            "content/glossary.yaml",
            "check",
            "content/glossary.yaml:1:1: error: content/glossary.yaml is a named pipe, not a "
            "regular file; a content file is a YAML text file [content.not-a-file]",
        ),
        (
            "templates/locale/zh/LC_MESSAGES/messages.po",
            "build",
            "templates/locale/zh/LC_MESSAGES/messages.po:1:1: error: the label catalog is a "
            "named pipe, not a regular file [locale.bad-catalog]",
        ),
        (
            "templates/edition.html.j2",
            "build",
            "templates/edition.html.j2:1:1: error: the template is a named pipe, not a regular "
            "file [template.unreadable]",
        ),
    ],
)
def test_a_pipe_among_the_project_files_is_one_located_line(
    project, diglot_process, where, command, line
):
    shutil.copytree(REPO / "templates", project / "templates")
    path = project / where
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    code, out, seconds = run(diglot_process, project, command, timeout=60)
    assert seconds < 40 and "Traceback" not in out
    assert line in out.splitlines(), out
    assert code == 1, out


def test_a_build_record_that_is_a_pipe_is_never_read(project, diglot_process):
    shutil.copytree(REPO / "templates", project / "templates")
    assert run(diglot_process, project, "build", "--format", "md")[0] == 0
    record = project / "build" / ".diglot-inputs.json"
    record.unlink()
    os.mkfifo(record)
    code, out, seconds = run(diglot_process, project, "build", "--format", "md", timeout=60)
    assert code == 2 and seconds < 40, out
    assert out.splitlines()[0] == (
        "build:1:1: error: the output folder holds .diglot-inputs.json, which is neither a "
        "file, a folder nor a link; move it elsewhere [output.foreign]"
    )


def test_a_profile_or_type_leading_out_of_the_project_is_refused(project, capsys, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    outside.mkdir()
    shutil.copy(REPO / "languages" / "zh-Hans.toml", outside / "zh-Hans.toml")
    (project / "languages").mkdir()
    (project / "languages" / "zh-Hans.toml").symlink_to(outside / "zh-Hans.toml")
    (project / "types").mkdir()
    (outside / "memo-type.yaml").write_text("name: memo-type\n")
    (project / "types" / "memo-type.yaml").symlink_to(outside / "memo-type.yaml")
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        f"languages/zh-Hans.toml:1:1: error: the language profile leads to "
        f"{outside / 'zh-Hans.toml'}, outside {project}; it is read only from inside: copy the "
        "file there [language.unreadable]" in out
    ), out


# -- JSON from files diglot wrote -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 100_000 + "]" * 100_000, "nests 100000 levels deep; at most 32 are read"),
        ('{"a": Infinity}', "holds Infinity, which is not a number here"),
        ('{"a": NaN}', "holds NaN, which is not a number here"),
        ('{"a": 1e400}', "holds the number 1e400, which is too large"),
        ('{"a": 1, "a": 2}', "holds the key 'a' twice"),
        ('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', None),
    ],
)
def test_json_is_read_with_limits(text, message):
    if message is None:
        assert jsonlimits.loads(text) == {"a": "[" * 35}
        return
    with pytest.raises(jsonlimits.JsonProblem) as found:
        jsonlimits.loads(text)
    assert found.value.message == message


def test_a_boolean_is_no_count():
    assert [jsonlimits.is_count(v) for v in (0, 7, True, False, 7.0, -1, "7")] == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]


def _fake_release(folder: Path, size: object = None, manifest: str | None = None) -> None:
    """A release folder written by hand: one edition, its manifest and sums."""
    data = b"an edition"
    (folder / "memo.en.md").write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    entry = {"name": "memo.en.md", "size": len(data) if size is None else size, "sha256": digest}
    text = manifest if manifest is not None else json.dumps({"files": [entry]})
    (folder / "manifest.json").write_text(text)
    sums = f"{digest}  memo.en.md\n{hashlib.sha256(text.encode()).hexdigest()}  manifest.json\n"
    (folder / "SHA256SUMS").write_text(sums)


def test_a_fake_release_verifies(tmp_path):
    _fake_release(tmp_path)
    assert verify(tmp_path) == []


@pytest.mark.parametrize(
    "size, manifest, message",
    [
        (True, None, "manifest.json: files[0] is not a file entry"),
        (10.0, None, "manifest.json: files[0] is not a file entry"),
        (None, '{"files": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests 100001 levels deep"),
        (None, '{"files": [{"name": "memo.en.md", "size": Infinity}]}', "holds Infinity"),
        (None, '{"files": [{"name": "memo.en.md", "size": 1e999}]}', "holds the number 1e999"),
    ],
)
def test_verify_reads_a_manifest_with_limits(tmp_path, size, manifest, message):
    _fake_release(tmp_path, size, manifest)
    found = [d for d in verify(tmp_path) if d.code == "verify.manifest"]
    assert len(found) == 1 and message in found[0].message, found


def test_a_build_record_with_a_hostile_shape_means_a_full_build(project, capsys):
    shutil.copytree(REPO / "templates", project / "templates")
    assert main(["build", "--format", "md"]) == 0
    record = project / "build" / ".diglot-inputs.json"
    recorded = json.loads(record.read_text())
    hostile = [
        "[" * 100_000 + "]" * 100_000,
        json.dumps({**recorded, "project": [{"code": 1}]}),
        json.dumps({**recorded, "documents": {"memo": {"files": {"x": True}}}}),
        record.read_text().replace('"format": 1', '"format": Infinity'),
    ]
    for text in hostile:
        capsys.readouterr()
        record.write_text(text)
        assert main(["build", "--format", "md"]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("wrote memo"), out + err


def _review_file(properties: dict[str, str]) -> bytes:
    """A zip with the parts read_review reads first: a document and custom properties."""
    custom = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" '
        f'name="{name}"><vt:lpwstr>{value}</vt:lpwstr></property>'
        for i, (name, value) in enumerate(properties.items())
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body/></w:document>",
        )
        archive.writestr(
            "docProps/custom.xml",
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'docPropsVTypes">{custom}</Properties>',
        )
    return buffer.getvalue()


@pytest.mark.parametrize(
    "info, message",
    [
        ("[" * 100_000 + "]" * 100_000, "the diglot document property nests 100000 levels deep"),
        (
            '{"rows": true, "document": "memo", "source": "en", "target": "zh"}',
            "the diglot document property is damaged",
        ),
        (
            '{"rows": Infinity, "document": "memo", "source": "en", "target": "zh"}',
            "the diglot document property holds Infinity",
        ),
        (
            '{"rows": 1000000000, "document": "memo", "source": "en", "target": "zh"}',
            "the diglot document property is damaged",
        ),
    ],
)
def test_a_review_file_property_is_read_with_limits(tmp_path, info, message):
    from diglot.reviewfile import Refused, read_review

    path = tmp_path / "memo.en-zh.review.docx"
    path.write_bytes(_review_file({"diglot": info}))
    with pytest.raises(Refused) as found:
        read_review(path)
    assert str(found.value).startswith(message)


# -- nesting that would make a parser recurse or take the square of its depth --------------------


def test_toml_nested_without_end_is_one_located_line(project, capsys):
    (project / "diglot.toml").write_text(
        "[checks]\nlength-ratio = " + "[" * 200_000 + "]" * 200_000
    )
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "diglot.toml:1:1: error: cannot read the settings: it nests 200000 arrays or tables "
        "deep; at most 32 are read [config.syntax]"
    )
    (project / "diglot.toml").unlink()
    (project / "languages").mkdir()
    profile = (REPO / "languages" / "zh-Hans.toml").read_text(encoding="utf-8")
    profile = profile.replace(
        'body = ["Noto Serif CJK SC"]', "body = " + "[" * 50_000 + "]" * 50_000
    )
    (project / "languages" / "zh-Hans.toml").write_text(profile, encoding="utf-8")
    assert main(["check"]) == 1
    assert (
        "languages/zh-Hans.toml:1:1: error: cannot read the language profile: it nests 50000 "
        "arrays or tables deep; at most 32 are read [language.syntax]"
    ) in capsys.readouterr().out.splitlines()


def test_yaml_nested_in_brackets_without_end_is_refused_at_once(project, capsys):
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(zh.read_text(encoding="utf-8") + "extra: " + "[" * 100_000 + "]" * 100_000)
    started = time.monotonic()
    assert main(["check"]) == 1
    assert time.monotonic() - started < 5  # the parser would take minutes
    lines = capsys.readouterr().out.splitlines()
    assert (
        "content/zh/memo.yaml:50:1008: error: more than 1000 lists or mappings in brackets ([ "
        "or {) are open here, one inside the other; content never nests so deep [yaml.syntax]"
    ) in lines
