"""`opendata harvest`: find a commune portal's articles, fetch them politely, add them
through the same reading, checks and all-or-nothing write as `opendata ingest`.

fetch.py (one polite HTTP client), discover.py (robots.txt, sitemaps, feeds, listing
pages), state.py (what was fetched, under build/harvest/), run.py (the whole run).
"""
