"""The one XML parser for files from outside (review files, XLIFF): no DTD, no entity
expansion, no network, no huge trees; comments and processing instructions dropped."""

from __future__ import annotations


def hardened_parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def declares_entities(root) -> bool:
    """Whether a parsed document declares entities (in its DOCTYPE's internal subset): the
    parser expands none, so each reference would be read as its name. Asked
    of the tree, whatever a look at the bytes found (a declaration after a long comment,
    another encoding)."""
    subset = root.getroottree().docinfo.internalDTD
    return subset is not None and any(True for _ in subset.iterentities())


def declares_doctype(root) -> bool:
    """Whether a parsed document declares a DOCTYPE at all."""
    info = root.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None
