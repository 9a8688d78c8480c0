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
