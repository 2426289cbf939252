"""Who may do what with a report, for every kind of report: one predicate per question, asked by the
views, the services, the admin and the templates' navigation. "Or an administrator" is written here
once, inside each predicate.

A report model says only who its people are (reporting.models.VersionedReport):
`is_written_by(user)` (its body's staff, its state's focal points), `is_sent_by(user)` (who submits
it: any of its writers, or only the national focal point) and `is_shared_with(user)` (other readers
of the submitted text, e.g. other states' focal points). Reading everything and reviewing are model
permissions that each report model declares in its Meta: `view_all_<model>s` and `review_<model>`.
"""

from django.contrib.auth.models import Group, Permission

ADMINISTRATORS = "Administrators"


def ensure_groups(group_permissions):
    """Create role groups and give them their permissions ({group: ["app.codename", …]}), and give the
    Administrators every permission that exists when called (idempotent: safe after every migrate).

    Several apps grant to the same group (meetings and national both to the Secretariat): a call settles
    only the permissions of the apps it names, and leaves the group's others as they are."""
    labels = {name.split(".")[0] for codenames in group_permissions.values() for name in codenames if name != "*"}
    for name, codenames in {**group_permissions, ADMINISTRATORS: ["*"]}.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames == ["*"]:
            group.permissions.set(Permission.objects.all())
            continue
        granted = [
            Permission.objects.get(content_type__app_label=label, codename=codename)
            for label, codename in (name.split(".") for name in codenames)
        ]
        others = group.permissions.exclude(content_type__app_label__in=labels)
        group.permissions.set([*others, *granted])


def is_administrator(user):
    """Superusers and the Administrators group; asked once per request (kept on the user, as Django
    keeps its permission cache)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_administrator"):
        user._is_administrator = user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()
    return user._is_administrator


def _permission(report, action):
    meta = report._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def reads_every_report(user, model):
    """The reviewers and the Secretariat read every report of the kind (`view_all_<model>s`)."""
    meta = model._meta
    return is_administrator(user) or user.has_perm(f"{meta.app_label}.view_all_{meta.model_name}s")


def reviews(user, model):
    """The MTF co-chairs review activity reports; the WG on CT chair (Lead Shepherd) national reports."""
    meta = model._meta
    return is_administrator(user) or user.has_perm(f"{meta.app_label}.review_{meta.model_name}")


def may_see(user, report):
    """Read the report: its writers, its readers in full, and those it is shared with once sent."""
    if not user.is_authenticated:
        return False
    return may_see_workflow(user, report) or (report.is_sent and report.is_shared_with(user))


def may_see_workflow(user, report):
    """Its history, drafts, workflow and thread, beyond the submitted text: its writers and those who
    read every report of its kind; never those it is only shared with."""
    return user.is_authenticated and (reads_every_report(user, type(report)) or report.is_written_by(user))


def may_edit(user, report):
    """Change it: a draft or returned report, while its plan runs; its writers while the cycle is open
    (with the model's change permission), an administrator even in a closed cycle."""
    if report.cycle.is_frozen or not report.is_with_its_writers:
        return False
    if is_administrator(user):
        return True
    return report.cycle.is_open and user.has_perm(_permission(report, "change")) and report.is_written_by(user)


def may_submit(user, report):
    return may_edit(user, report) and (is_administrator(user) or report.is_sent_by(user))


def may_share(user, report):
    """Decide whom the report is shared with: who sends it, while its plan runs, whatever its state."""
    return not report.cycle.is_frozen and (is_administrator(user) or (report.is_sent_by(user) and report.cycle.is_open))


def may_review(user, report):
    """Return or accept (acknowledge) a submitted report: a reviewer who is not one of its writers (a
    co-chair who is also staff of the body does not review that body's reports)."""
    return (report.is_reviewable and not report.cycle.is_frozen
            and reviews(user, type(report)) and not report.is_written_by(user))


def may_reopen(user, report):
    """Send an accepted (acknowledged) report back to its writers: the only way it changes."""
    return report.is_final and not report.cycle.is_frozen and reviews(user, type(report))


def may_comment(user, report):
    """The thread is for those who write the report and those who read every report of its kind."""
    return may_see_workflow(user, report)


# Which predicate each step of a transitions table asks (reporting.workflow).
STEPS = {"submit": may_submit, "return": may_review, "accept": may_review, "reopen": may_reopen}


def may_take(user, report, step):
    return STEPS[step](user, report)
