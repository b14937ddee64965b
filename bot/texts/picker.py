"""Choosing regions: `/subscribe` with no region (toggle buttons on Telegram, commands on Matrix)."""

from bot.texts.model import Phrase

# Choosing regions: /subscribe with no region (toggle buttons on Telegram, a list of commands on Matrix)
PICK_HEADING = "<b>Regions for this chat</b>: tap one to switch it on or off."
PICK_HEADING_LIST = "<b>Regions for this chat</b> (✅ = it receives them): send a command to switch one on or off."
PICK_NO_REGIONS = "No region has posts yet."
PICK_RECEIVES_NOTHING = "This chat receives nothing yet."
PICK_RECEIVES_SOME = "This chat receives posts from: {names} and {count} more."
PICK_ALL = "All regions"
PICK_PREVIOUS, PICK_NEXT = "‹ Previous", "Next ›"
PICK_LINE = "{mark} {name} – {p}{command}"
PICK_SWITCHED_ON = "{name}: on"
PICK_SWITCHED_OFF = "{name}: off"
PICK_ALL_ON, PICK_ALL_OFF = "All regions: on", "All regions: off"
PICK_STALE = "These buttons are out of date: send {p}subscribe for the current ones."
PAGE_NUMBER = Phrase("The page number")
