"""The authenticator apps in the admin, with the administrators' answer to a lost device: a reset."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services

admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(TOTPDeviceAdmin):
    actions = ["reset_two_factor"]

    @admin.action(description="Reset the two-factor sign-in of these people (lost device)", permissions=["delete"])
    def reset_two_factor(self, request, queryset):
        # One reset per person, audited as the page's reset is: their app and recovery codes go.
        people = get_user_model().objects.filter(pk__in=queryset.values("user"))
        for person in people:
            services.reset(person, by=request.user, request=request)
        self.message_user(request, f"Two-factor sign-in reset for {len(people)} person(s): they set it up again at "
                                   "their next sign-in.", messages.SUCCESS)
