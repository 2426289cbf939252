from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User

from .models import MemberState, Membership, Partner, PartnerContact, SectoralBody


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["body"]


@admin.register(SectoralBody)
class SectoralBodyAdmin(admin.ModelAdmin):
    list_display = ["position", "abbreviation", "name", "pillar", "kind", "is_mtf_member"]
    list_display_links = ["abbreviation"]
    list_filter = ["pillar", "kind", "is_mtf_member"]
    search_fields = ["abbreviation", "name"]


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "joined_on"]
    list_filter = ["joined_on"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body"]
    list_filter = ["body"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "body__abbreviation"]
    autocomplete_fields = ["user", "body"]


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 1


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """The register of partners, kept by the Secretariat and administrators."""

    inlines = [PartnerContactInline]
    list_display = ["short_name", "name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name"]
    prepopulated_fields = {"slug": ["short_name"]}


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users with the bodies they belong to, edited on the same page."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "groups", "memberships__body"]
