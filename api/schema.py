"""How the OpenAPI document describes the personal token (drf-spectacular finds the class by this extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal token from your account's page, sent as `Token <key>`. Without one, "
                           "the reports come with their public parts only.",
        }
