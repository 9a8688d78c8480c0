"""Reading content files: size cap, strict UTF-8, BOM, control characters."""

import codecs
import time

import pytest

from diglot import source
from diglot.diagnostics import Reporter


def test_utf8_bom_is_accepted(tree, check):
    tree.path("zh").write_bytes(b"\xef\xbb\xbf" + tree.read("zh").encode("utf-8"))
    code, out = check()
    assert code == 0, out


def test_gbk_file_is_refused_with_advice(tree, check):
    tree.path("zh").write_bytes(tree.read("zh").encode("gbk"))
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/zh/memo.yaml:1:3: error: file is not valid UTF-8 (bytes B2 E2); it looks like "
        "GBK/GB18030 (a common Chinese Windows encoding). Re-save it as UTF-8 "
        "(in Notepad: Save As, Encoding: UTF-8) [source.encoding]"
    )


def test_utf16_file_is_refused(tree, check):
    tree.path("en").write_bytes(tree.read("en").encode("utf-16"))
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/en/memo.yaml:1:1: error: file is encoded as UTF-16; re-save it "
        "as UTF-8 [source.encoding]"
    )


def test_empty_file(tree, check):
    tree.write("zh", "\n  \n")
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/zh/memo.yaml:1:1: error: file is empty; a content file holds "
        "one document [source.empty]"
    )


def test_control_character_named_with_unit_and_code_point(tree, check):
    tree.replace("zh", "两国应明确", "两国应\x0b明确")
    code, out = check()
    assert code == 1
    assert out == [
        "content/zh/memo.yaml:29:22: error: 'chips.rec.define' at "
        "sections[1].content[1].recommendations[0].text: contains U+000B (LINE TABULATION), a "
        "control character that is not allowed (often pasted from Word); delete it "
        "[source.control-char]",
        "diglot check: 0 documents checked, 1 file could not be loaded "
        "(content/zh/memo.yaml): 1 error",
    ]


def test_nul_character(tree, check):
    tree.replace("en", "Semiconductors", "Semi\x00conductors")
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/en/memo.yaml:23:18: error: 'chips' at sections[1].heading: contains U+0000 (NULL), a "
        "control character that is not allowed (often pasted from Word); delete it "
        "[source.control-char]"
    )


def test_oversized_file_is_refused_by_the_cap_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:  # 50 MB, sparse: only the size is real
        handle.truncate(50 * 1024 * 1024)
    reporter = Reporter()
    started = time.perf_counter()
    assert source.read_source(str(big), reporter) is None
    assert time.perf_counter() - started < 0.5
    assert [d.code for d in reporter.diagnostics] == ["source.too-large"]
    assert reporter.diagnostics[0].message == (
        "file is 52,428,800 bytes, over the limit of 2,097,152 bytes for one content file; "
        "split the document or check that this is the right file"
    )


def test_oversized_content_file_through_check(tree, check):
    with open(tree.path("zh"), "ab") as handle:
        handle.write(b"#" * (source.MAX_BYTES + 1))
    code, out = check()
    assert code == 1
    assert out[0].startswith("content/zh/memo.yaml:1:1: error: file is ")
    assert out[0].endswith("[source.too-large]")


def test_crlf_line_endings_are_fine(tree, check):
    tree.path("zh").write_bytes(tree.read("zh").replace("\n", "\r\n").encode("utf-8"))
    code, out = check()
    assert code == 0, out


@pytest.mark.parametrize(
    "data, code",
    [
        (b"title:\n  \xff\xfe bad\n", "source.encoding"),
        (codecs.BOM_UTF16_LE + "title: x\n".encode("utf-16-le"), "source.encoding"),
        (b"#" * (source.MAX_BYTES + 1), "source.too-large"),
        (b"  \n", "source.empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_reported_once(tree, check, data, code):
    tree.path("en").write_bytes(data)
    status, out = check()
    assert status == 1
    assert [line for line in out if line.endswith(f"[{code}]")] == [out[0]]
    assert out[1].endswith("could not be loaded (content/en/memo.yaml): 1 error")
