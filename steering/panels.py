def steering_links(context, plan):
    """On a work plan's pages: the plan as adopted beside the plan now (public, like the matrix), and its
    amendments (for people signed in)."""
    if not plan.is_work_plan:
        return ""
    template = context.template.engine.get_template("steering/includes/_links.html")
    return template.render(context.new({"plan": plan, "signed_in": context["request"].user.is_authenticated}))
