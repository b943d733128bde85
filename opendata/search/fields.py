"""Names of the search index's fields, shared by the writer, the engine and the query side."""

FOLDED = "folded"              # folded syllables of title and text ("cải cách" -> cai, cach)
FOLDED_PAIRS = "folded_pairs"  # adjacent folded syllables ("cai_cach"): phrases and proximity
SYLLABLES = "syllables"        # syllables as written, one tone placement ("hoà" -> hòa)
TITLE = "title"                # folded syllables of the title
TITLE_PAIRS = "title_pairs"    # adjacent folded syllables of the title
