"""What other apps show on a plan's pages, below the plan itself: each registers, in its
AppConfig.ready(), a panel (context, plan) → HTML. The work plan's templates name none of them."""

_panels = {}


def register_panel(name, render):
    """Show `render(context, plan)` on the plan's pages, after the panels registered before it."""
    _panels[name] = render


def panels_of(context, plan):
    return [render(context, plan) for render in _panels.values()]
