"""Pure extraction: (html, url, fetched_at) -> Article. No Scrapy here."""
