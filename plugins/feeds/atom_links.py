"""feedgen 1.0.0 writes an Atom entry's <link> without rel, type or length
(a shadowed variable in FeedEntry.atom_entry), so readers can't tell the page
from the enclosure. This entry extension writes the links again, complete.
"""

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"
NAMESPACE = "loa-atom-links"


class AtomLinksEntryExtension(BaseEntryExtension):
    def __init__(self):
        self.__links = []

    def links(self, links):
        """[{href, rel, type?, length?}] to write as the entry's Atom links."""
        self.__links = [{k: str(v) for k, v in link.items() if v} for link in links]

    def extend_atom(self, entry):
        for old in entry.findall("link") + entry.findall(f"{{{ATOM_NS}}}link"):
            entry.remove(old)
        for link in self.__links:
            etree.SubElement(entry, "link", **link)
        return entry

    def extend_rss(self, item):
        return item


def register(feed_generator):
    feed_generator.register_extension(
        NAMESPACE,
        extension_class_feed=BaseExtension,  # nothing to change at feed level
        extension_class_entry=AtomLinksEntryExtension,
        atom=True,
        rss=False,
    )
