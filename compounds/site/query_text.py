"""Text visitors send in a query string, made safe to read.

NUL and the other control characters name nothing a visitor could look for, PostgreSQL refuses
NUL in text, and echoed back into a page they would make it invalid HTML.
"""

import re

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def without_control_characters(text, replacement=""):
    return _CONTROL_CHARACTERS.sub(replacement, text)
