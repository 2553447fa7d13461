"""Discovery: what a fetched page is and which of its links to fetch next.

Separate named parts, as in focused crawlers (ACHE), kept out of the spider
class, configured as data (``crawler/data/discovery.toml``):

- ``page``: a fetched page parsed once, its links with their context
  (anchor text, heading, menu, breadcrumb);
- ``pagekind``: article, listing or other, read from the content, with reasons;
- ``scoring``: a link's score from its anchor, heading, URL words and menu;
- ``frontier``: a site's best-first queue within its request budget;
- ``learning``: what each listing yields, learnt while the crawl runs;
- ``site``: one site's discovery, tying those together for the spider;
- ``sitesearch`` and ``probes``: the portal's own search, and the usual
  feed and sitemap places;
- ``report``: the harvest per site (requests, pages by kind, bloc found).
"""
