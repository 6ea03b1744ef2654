// The API docs page (/api/docs): Swagger UI on the desk's own schema, from a file (no inline script).
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json", dom_id: "#swagger-ui", layout: "BaseLayout", deepLinking: true,
  showExtensions: true, showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
