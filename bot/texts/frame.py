"""The frame of a broadcast copy (and of a whole post): the post's own words are never translated."""

# The frame of a broadcast copy (and of a whole post): the post's own words are never translated
DATE_FORMAT = "d MMMM y"  # a CLDR date pattern (Babel): 16 January 2026
READ_FULL_POST = "Read the full post"  # the text of the link to it
READ_FULL_POST_WITH = "Read the full post: {p}read {id}"  # where there is no link
CREDIT = "📷 {credit}"
