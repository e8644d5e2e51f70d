"""``kpo review``: the review queue in the terminal.

The command group and its read-only commands (group), the decisions (decide), the
interactive desk (desk: what it shows; desk_flow: the flow; desk_tty: prompt_toolkit in
a terminal), the options and queue every command opens (session), how items are shown
(show) and the reviewer's claim tokens kept between commands (tokens).

May import: as kpo.cli (anything in kpo, of kpo.web only its front door).
"""

from __future__ import annotations

from kpo.cli.review.group import review

__all__ = ["review"]
