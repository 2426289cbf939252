"""What other apps show on the work plan's pages, below the page's own content: each registers, in its
AppConfig.ready(), a panel (context, obj) → HTML for a kind of page: a plan's (obj: the plan), a
line's (obj: the action line) or an activity's (obj: the activity). The work plan's templates name
none of them."""

PAGES = ("plan", "action_line", "activity")
_panels = {page: {} for page in PAGES}


def register_panel(name, render, *, page="plan"):
    """Show `render(context, obj)` on the pages of `page`, after the panels registered before it."""
    _panels[page][name] = render


def panels_of(context, obj, page="plan"):
    return [render(context, obj) for render in _panels[page].values()]
