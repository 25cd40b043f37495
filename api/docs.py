"""
The OpenAPI schema at /api/v1/openapi.json, and the interactive documentation at
/api/v1/docs/: Swagger UI from
drf-spectacular-sidecar's static files, under the site's strict CSP.

drf-spectacular's split view serves the start-up script as a file of its own
(`?script`), so no inline script is needed. Our templates (templates/api/) drop the
package's one inline style block (static/api/docs.css instead) and the CSRF token its
script carries: the API only reads.
"""

from django.template.response import SimpleTemplateResponse
from django.utils import translation
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
    template_name_js = "api/swagger_ui.js"
    title = "Skoljämlikhet API"


class ApiSchemaView(SpectacularJSONAPIView):
    """The OpenAPI 3 schema, in English whatever the request's language, as JSON only
    (one renderer, so no `Vary: Accept`: the page cache stores it like a page)."""

    renderer_classes = [OpenApiJsonRenderer]

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            # Rendered here, so labels and help texts are English too.
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            return response
