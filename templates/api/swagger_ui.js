"use strict";

// Swagger UI for a read-only API without logins: no credentials and no CSRF token
// (drf-spectacular's own script adds one, which would make every copy of it differ).
window.ui = SwaggerUIBundle({
  url: "{{ schema_url|escapejs }}",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  ...{{ settings|safe }},
});
