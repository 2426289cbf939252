import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import STAFF


class Pillar(models.TextChoices):
    """The ASEAN Community pillar a body belongs to."""

    APSC = "APSC", _("ASEAN Political-Security Community")
    AEC = "AEC", _("ASEAN Economic Community")
    ASCC = "ASCC", _("ASEAN Socio-Cultural Community")


class BodyKind(models.TextChoices):
    """What kind of body of the Work Plan's list it is."""

    SECTORAL_BODY = "sectoral_body", _("Sectoral body")
    ORGAN = "organ", _("Organ")
    ENTITY = "entity", _("Entity associated with ASEAN")


class SectoralBody(models.Model):
    """An ASEAN Sectoral Body, Organ or Entity of the Work Plan's list of bodies involved in implementing it."""

    Pillar = Pillar

    Kind = BodyKind

    abbreviation = models.CharField(_("abbreviation"), max_length=20, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("number in the Work Plan's list"), unique=True)
    pillar = models.CharField(_("pillar"), max_length=4, choices=Pillar.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SECTORAL_BODY)
    is_mtf_member = models.BooleanField(
        _("initial MTF member"),
        default=False,
        help_text=_("Named among the initial members of the Bali Work Plan-MTF (section III.c)."),
    )
    involvement_note = models.TextField(
        _("note on its involvement"),
        blank=True,
        help_text=_("The Work Plan's footnote on how the body came to be involved, where it has one."),
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("sectoral body")
        verbose_name_plural = _("sectoral bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(pillar__in=["", *Pillar.values]), name="sectoral_body_pillar_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=BodyKind.values), name="sectoral_body_kind_valid"
            ),
        ]

    def __str__(self):
        return self.abbreviation

    def get_absolute_url(self):
        return reverse("bodies:detail", kwargs={"abbreviation": self.abbreviation})


class MemberStateQuerySet(models.QuerySet):
    def members_in(self, year):
        """The states that were members of ASEAN on 31 December of `year`: those a cycle of that year
        expects a report from, and those who could take part in its activities."""
        return self.filter(joined_on__lte=datetime.date(year, 12, 31))


class MemberState(models.Model):
    """An ASEAN Member State: the states that report on the Plan of Action and take part in activities."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("ISO 3166 code"), max_length=3, unique=True)
    joined_on = models.DateField(_("member of ASEAN since"))

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        # ASEAN lists its members alphabetically (it is also the order of the rotating chairmanship).
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def held(self):
        """The seats in force: held by an active person who is also in the staff group. Access follows
        both the group and the seat, so taking either away ends it; every check of a body's staff
        starts here."""
        return self.filter(user__is_active=True, user__groups__name=STAFF)

    def held_by(self, user):
        return self.held().filter(user=user)

    def body_ids_of(self, user):
        return self.held_by(user).values_list("body_id", flat=True)


class Membership(models.Model):
    """A secretariat staff member's seat in a sectoral body: whose reports the user may write."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(SectoralBody, on_delete=models.CASCADE, related_name="memberships")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__position", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} in {self.body}"


class PartnerKind(models.TextChoices):
    """Who a partner is: the MTF coordinates the support of ASEAN's Dialogue Partners (Work Plan §III.b,
    §III.f); UN entities and other organisations support activities too."""

    DIALOGUE_PARTNER = "dialogue_partner", _("ASEAN Dialogue Partner")
    UN_ENTITY = "un_entity", _("UN entity")
    OTHER = "other", _("Other organisation")


class Partner(models.Model):
    """A partner that supports the plans' activities or a Member State's needs for assistance: an ASEAN
    Dialogue Partner, a UN entity such as UNODC, or another organisation."""

    Kind = PartnerKind

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DIALOGUE_PARTNER)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True,
                                  help_text=_("As it appears in lists and in the partner's address: “EU”, “UNODC”."))
    slug = models.SlugField(_("address"), max_length=40, unique=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=PartnerKind.values), name="partner_kind_valid")]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("monitoring:partner", kwargs={"slug": self.slug})


class PartnerContact(models.Model):
    """A person to contact at a partner: its mission to ASEAN, its programme officer."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)

    class Meta:
        ordering = ["partner__name", "name"]
        constraints = [models.UniqueConstraint(fields=["partner", "name"], name="unique_partner_contact")]

    def __str__(self):
        return f"{self.name}, {self.partner}"
