"""What other apps show on a plan's pages, below the plan itself: each registers, in its
AppConfig.ready(), a panel (context, plan) → HTML. The work plan's templates name none of them.

A panel may also go on the page of one provision or one activity (`page="provision"` or
`"activity"`): it is then called with that object in place of the plan."""

PAGES = ("plan", "provision", "activity")
_panels = {page: {} for page in PAGES}


def register_panel(name, render, *, page="plan"):
    """Show `render(context, obj)` on the `page` kind of page (obj is the plan, the provision or the
    activity), after the panels registered before it."""
    _panels[page][name] = render


def panels_of(context, obj, page="plan"):
    return [render(context, obj) for render in _panels[page].values()]
