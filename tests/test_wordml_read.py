"""wordml.read: a cell's text with its tracked changes accepted or as it was before them, the
changes with their authors, and Word's comments (resolved ones marked)."""

from __future__ import annotations

from lxml import etree

from diglot.wordml import read

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"'
)
BY = 'w:id="1" w:author="Wang Fang" w:date="2026-11-28T09:30:00Z"'


def cell(body: str):
    return etree.fromstring(f"<w:tc {NS}>{body}</w:tc>")


def texts(tc, view: str) -> list[str]:
    return ["".join(t for t, _, _ in p) for p in read.cell_paragraphs(tc, {}, view)]


def test_insertions_deletions_and_formatting_in_both_views():
    tc = cell(
        f"<w:p><w:ins {BY}><w:r><w:t>中美</w:t></w:r></w:ins><w:r><w:t>双方</w:t></w:r>"
        f"<w:del {BY}><w:r><w:delText>分析</w:delText></w:r></w:del>"
        f"<w:r><w:rPr><w:b/><w:rPrChange {BY}><w:rPr/></w:rPrChange></w:rPr><w:t>审查</w:t></w:r>"
        "</w:p>"
    )
    assert read.cell_paragraphs(tc, {}, "accepted") == [
        [("中美双方", False, None), ("审查", True, None)]
    ]
    assert read.cell_paragraphs(tc, {}, "original") == [[("双方分析审查", False, None)]]
    assert [(c.kind, c.author, c.text) for c in read.tracked_changes(tc)] == [
        ("insertion", "Wang Fang", "中美"),
        ("deletion", "Wang Fang", "分析"),
        ("formatting", "Wang Fang", "审查"),
    ]


def test_a_paragraph_mark_inserted_or_deleted():
    inserted = cell(
        f"<w:p><w:pPr><w:rPr><w:ins {BY}/></w:rPr></w:pPr><w:r><w:t>一</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>二</w:t></w:r></w:p>"
    )
    assert texts(inserted, "accepted") == ["一", "二"]
    assert texts(inserted, "original") == ["一二"]
    deleted = cell(
        f"<w:p><w:pPr><w:rPr><w:del {BY}/></w:rPr></w:pPr><w:r><w:t>一</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>二</w:t></w:r></w:p>"
    )
    assert texts(deleted, "accepted") == ["一二"]
    assert texts(deleted, "original") == ["一", "二"]
    assert [c.kind for c in read.tracked_changes(deleted)] == ["paragraph"]


def test_comments_and_their_anchors_and_word_s_resolve():
    comments = (
        f'<w:comments {NS}><w:comment w:id="0" w:author="Li Wei" w:date="2026-11-30T10:00:00Z">'
        '<w:p w14:paraId="0A"><w:r><w:t>Check</w:t></w:r></w:p>'
        '<w:p w14:paraId="0B"><w:r><w:rPr><w:b/></w:rPr><w:t>this</w:t></w:r></w:p></w:comment>'
        '<w:comment w:id="1" w:author="Li Wei"><w:p w14:paraId="0C"><w:r><w:t>Done</w:t></w:r>'
        "</w:p></w:comment></w:comments>"
    ).encode()
    extended = (
        f'<w15:commentsEx {NS}><w15:commentEx w15:paraId="0B" w15:done="0"/>'
        '<w15:commentEx w15:paraId="0C" w15:done="1"/></w15:commentsEx>'
    ).encode()
    found = read.comments(
        {"word/comments.xml": comments, "word/commentsExtended.xml": extended}, {}
    )
    assert found["0"].runs == [("Check ", False, None), ("this", True, None)]
    assert (found["0"].author, found["0"].date, found["0"].done) == (
        "Li Wei",
        "2026-11-30T10:00:00Z",
        False,
    )
    assert found["1"].done
    body = etree.fromstring(
        f'<w:body {NS}><w:p><w:commentRangeStart w:id="0"/><w:r><w:t>x</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
        '<w:r><w:commentReference w:id="1"/></w:r></w:p></w:body>'
    )
    anchors = read.comment_anchors(body)
    assert anchors["0"].tag.endswith("commentRangeStart")
    assert anchors["1"].tag.endswith("commentReference")
    ends = read.comment_ends(body)
    assert ends["0"].tag.endswith("commentRangeEnd")
    assert ends["1"].tag.endswith("commentReference")


def test_replies_are_read_with_the_comment_that_starts_their_thread():
    """Word links a reply to its parent by the w14:paraId of each one's last paragraph
    (word/commentsExtended.xml's w15:paraIdParent): a reply to a reply belongs to the first
    comment; a parent that is not in the file leaves a comment on its own (in a loop, the
    later is the reply); a thread is done when any of its comments is."""

    def comment(cid: str, para: str, text: str) -> str:
        return (
            f'<w:comment w:id="{cid}" w:author="A{cid}"><w:p><w:r><w:t>x</w:t></w:r></w:p>'
            f'<w:p w14:paraId="{para}"><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
        )

    comments = (
        f"<w:comments {NS}>"
        + comment("0", "0A", "Q")
        + comment("1", "0B", "R1")
        + comment("2", "0C", "R2")
        + comment("3", "0D", "lost")
        + comment("4", "0E", "loop a")
        + comment("5", "0F", "loop b")
        + "</w:comments>"
    ).encode()
    extended = (
        f"<w15:commentsEx {NS}>"
        '<w15:commentEx w15:paraId="0A" w15:done="0"/>'
        '<w15:commentEx w15:paraId="0B" w15:paraIdParent="0A" w15:done="0"/>'
        '<w15:commentEx w15:paraId="0C" w15:paraIdParent="0B" w15:done="1"/>'
        '<w15:commentEx w15:paraId="0D" w15:paraIdParent="99" w15:done="0"/>'
        '<w15:commentEx w15:paraId="0E" w15:paraIdParent="0F" w15:done="0"/>'
        '<w15:commentEx w15:paraId="0F" w15:paraIdParent="0E" w15:done="0"/>'
        "</w15:commentsEx>"
    ).encode()
    found = read.comments(
        {"word/comments.xml": comments, "word/commentsExtended.xml": extended}, {}
    )
    assert sorted(found) == ["0", "3", "4"]
    thread = found["0"]
    assert [(r.id, r.author, r.runs[-1][0]) for r in thread.replies] == [
        ("1", "A1", "x R1"),
        ("2", "A2", "x R2"),
    ]
    assert thread.done and not found["3"].done and not found["3"].replies
    assert [r.id for r in found["4"].replies] == ["5"]
