"""Discovery: what a fetched page is and which of its links to fetch next.

Separate named parts, as in focused crawlers (ACHE), kept out of the
spider class: ``page`` parses a fetched page once and reads its links with
their context (anchor text, heading, menu); ``pagekind`` classifies the
page from its content (article, listing or other, with the reasons).
"""
