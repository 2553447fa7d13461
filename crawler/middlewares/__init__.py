"""Downloader middlewares and the robots.txt parser of the crawler, one per module."""
