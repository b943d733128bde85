"""Vietnamese full-text search: one Whoosh index, its postings read in place with numpy.

    from opendata.search import Searcher, Filters, build_index, load_docs
"""

from .documents import Doc, load_docs
from .engine import Filters, Searcher, snippet
from .indexer import BuildResult, build_index, read_manifest
from .query import parse

__all__ = ["Doc", "load_docs", "Filters", "Searcher", "snippet", "BuildResult", "build_index",
           "read_manifest", "parse"]
