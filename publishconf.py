"""Deploy settings: absolute URLs from the SITEURL environment variable.

SITEURL=https://congdoan.example.org make build
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402, F403

SITEURL = (os.environ.get("SITEURL") or "https://loa.example.org").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# gzip and brotli copies of text files, for hosts that serve them as they are.
ASSETS_PRECOMPRESS = True
