from django.contrib import admin

from .models import MemberState, SectoralBody


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
