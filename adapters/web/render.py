"""`Reply` in HTML: the little markup chat replies use (*bold*, _italic_, `code`, line breaks)
and pictures inline. Everything from the reply is escaped first; only our own tags remain."""

from __future__ import annotations

import base64
import re

from markupsafe import Markup, escape

from bot.types import Image

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![\w*])\*\*?([^*\n]+)\*?\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")


def rich_text(text: str) -> Markup:
    """Chat markup as safe HTML.

    >>> str(rich_text("Andon *A3* <b>raised</b>\\nuse `ack A3`"))
    'Andon <strong>A3</strong> &lt;b&gt;raised&lt;/b&gt;<br>use <code>ack A3</code>'
    >>> str(rich_text("Andon calls last week: **17**"))
    'Andon calls last week: <strong>17</strong>'
    >>> str(rich_text("_see the playbook_ for snake_case_names"))
    '<em>see the playbook</em> for snake_case_names'
    """
    html = str(escape(text))
    html = _CODE.sub(r"<code>\1</code>", html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    return Markup(html.replace("\n", "<br>"))


def image_src(image: Image) -> str:
    """A `data:` URL of the picture, so it shows without another request.

    >>> image_src(Image(b"\\x89PNG", "chart"))
    'data:image/png;base64,iVBORw=='
    """
    return "data:image/png;base64," + base64.b64encode(image.png).decode()
