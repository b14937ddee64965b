"""Recognising chat ids by their shape, without the platforms' client libraries."""

import re

# Room version 12 (MSC4291): `!` and the create event's reference hash, 32 bytes in unpadded base64url.
_HASH_ROOM_ID = re.compile(r"![A-Za-z0-9_-]{43}")
# Earlier versions: `!opaque:server`, the server a host name, IPv4 or [IPv6] literal with an optional port.
_SERVER_ROOM_ID = re.compile(r"![^\s:]+:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?")
MAX_ID_LENGTH = 255  # the spec's limit for every Matrix identifier


def is_matrix_room_id(text: str) -> bool:
    """A Matrix room id in either form: `!opaque:server`, or a version 12 `!` with 43 base64url characters."""
    if len(text) > MAX_ID_LENGTH:
        return False
    return bool(_HASH_ROOM_ID.fullmatch(text) or _SERVER_ROOM_ID.fullmatch(text))
